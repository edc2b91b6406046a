package linkstate

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseEmptyIsDefault(t *testing.T) {
	for _, f := range []string{"", "#", "&&", "#&"} {
		s, probs := Parse(f)
		if len(probs) != 0 {
			t.Errorf("Parse(%q) problems: %v", f, probs)
		}
		if !reflect.DeepEqual(s, Default()) {
			t.Errorf("Parse(%q) = %+v, want the default", f, s)
		}
	}
}

func TestParseEveryKey(t *testing.T) {
	s, probs := Parse("#task=hard&p=0.75&l=5&span=3000&preset=fixed&n=20&seed=42&learning_rate=0.02&l1=0.0002" +
		"&threshold=0.04&p_add=0.02&p_del=0.1&p_spontaneous=0&reserve=2&max_neurons=50&speed=10&play=1&stop=1234&at=5000" +
		"&switch=easy@100,hard@200&text=ab%28%29%20x")
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := State{Task: "hard", P: 0.75, L: 5, Span: 3000, Text: "ab() x", Preset: "fixed", N: 20, Seed: 42,
		Hyper: map[string]float64{"learning_rate": 0.02, "l1": 0.0002, "threshold": 0.04, "p_add": 0.02, "p_del": 0.1,
			"p_spontaneous": 0, "reserve": 2, "max_neurons": 50},
		Speed: "10", Play: true, Stop: 1234, At: 5000, Switch: []Switch{{100, "easy"}, {200, "hard"}}}
	if !reflect.DeepEqual(s, want) {
		t.Fatalf("got  %+v\nwant %+v", s, want)
	}
	cfg, err := s.Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.InitNeurons != 20 || cfg.LearningRate != 0.02 || cfg.Reserve != 2 || cfg.MaxNeurons != 50 || cfg.Seed != 42 ||
		cfg.Task.Kind != "hard" || cfg.Task.L != 5 || cfg.Task.P != 0.75 || cfg.Task.Span != 3000 {
		t.Fatalf("config does not follow the state: %+v", cfg)
	}
	// Formatting and parsing again gives the same state.
	again, probs := Parse(Format(s))
	if len(probs) != 0 || !reflect.DeepEqual(again, s) {
		t.Fatalf("round trip: %+v %v\nfrom %q", again, probs, Format(s))
	}
}

func TestGarbageFallsBack(t *testing.T) {
	s, probs := Parse("#task=nope&seed=-x&preset=%00")
	if !reflect.DeepEqual(s, Default()) {
		t.Fatalf("state %+v, want the default", s)
	}
	got := map[string]Problem{}
	for _, p := range probs {
		got[p.Key] = p
	}
	for key, fallback := range map[string]string{"task": "easy", "seed": "1", "preset": "paper"} {
		p, ok := got[key]
		if !ok {
			t.Errorf("no problem reported for %s", key)
			continue
		}
		if p.Fallback != fallback {
			t.Errorf("%s falls back to %q, want %q", key, p.Fallback, fallback)
		}
		msg := p.String()
		if !strings.Contains(msg, key+"=") || !strings.Contains(msg, "using "+fallback) {
			t.Errorf("message %q does not name the key and the fallback", msg)
		}
	}
	if len(probs) != 3 {
		t.Errorf("got %d problems, want 3: %v", len(probs), probs)
	}
}

func TestProblems(t *testing.T) {
	for _, c := range []struct {
		frag, key, fallback string
	}{
		{"p=1.5", "p", "0.6"},
		{"l=1", "l", "6"},
		{"preset=paper-v1&l=99", "l", "5"},
		{"n=0", "n", "40"},
		{"n=101", "n", "40"},
		{"seed=1.5", "seed", "1"},
		{"speed=warp", "speed", "lesson"},
		{"at=-1", "at", "0"},
		{"at=x", "at", "0"},
		{"at=1.5", "at", "0"},
		{"at=2000000", "at", "0"},
		{"play=maybe", "play", "0"},
		{"stop=-3", "stop", "0"},
		{"switch=hard@x", "switch", "no switches"},
		{"switch=hard@20,easy@10", "switch", "no switches"},
		{"switch=nope@10", "switch", "no switches"},
		{"text=a", "text", "no text"},
		{"text=%ZZ", "text", "no text"},
		{"learning_rate=0", "learning_rate", "0.01"},
		{"learning_rate=NaN", "learning_rate", "0.01"},
		{"reserve=1.5", "reserve", "1"},
		{"p_del=2", "p_del", "0.05"},
		{"task=custom", "task", "easy"},
		{"bogus=1", "bogus", ""},
		{"preset=paper-v1&threshold=0.01", "threshold", "0.05"},
		{"threshold=0.01&preset=paper-v1", "threshold", "0.05"},
	} {
		_, probs := Parse(c.frag)
		if len(probs) != 1 {
			t.Errorf("%s: %d problems %v, want 1", c.frag, len(probs), probs)
			continue
		}
		if probs[0].Key != c.key || probs[0].Fallback != c.fallback {
			t.Errorf("%s: problem %+v, want key %s falling back to %q", c.frag, probs[0], c.key, c.fallback)
		}
	}
}

func TestUpdateKeepsCurrentValue(t *testing.T) {
	s, _ := Parse("seed=7&task=hard")
	u, probs := s.Update("seed=bad&speed=1sym")
	if u.Seed != 7 || u.Task != "hard" || u.Speed != "1sym" {
		t.Fatalf("update gave %+v", u)
	}
	if len(probs) != 1 || probs[0].Fallback != "7" {
		t.Fatalf("problems %v, want seed falling back to 7", probs)
	}
	if s.Speed != DefaultSpeed {
		t.Fatalf("Update changed its receiver")
	}
}

func TestUpdateDoesNotShareMaps(t *testing.T) {
	s, _ := Parse("l1=0.001")
	u, _ := s.Update("l1=0.002")
	if s.Hyper["l1"] != 0.001 || u.Hyper["l1"] != 0.002 {
		t.Fatalf("maps shared: %v %v", s.Hyper, u.Hyper)
	}
}

func TestFormatEscapes(t *testing.T) {
	s := Default()
	s.Task, s.Text = "custom", "a&b=c #d\n"
	f := Format(s)
	if strings.ContainsAny(f, "# \n") || strings.Count(f, "=") != strings.Count(f, "&")+1 {
		t.Fatalf("not escaped: %q", f)
	}
	back, probs := Parse(f)
	if len(probs) != 0 || back.Text != s.Text || back.Task != "custom" {
		t.Fatalf("round trip of text: %+v %v", back, probs)
	}
}

func TestFormatMainKeysAlways(t *testing.T) {
	f := Format(Default())
	for _, k := range []string{"task=easy", "preset=paper", "seed=1", "speed=lesson", "play=0"} {
		if !strings.Contains(f, k) {
			t.Errorf("%q lacks %s", f, k)
		}
	}
}

func TestSpeedsAndHypersAreKnown(t *testing.T) {
	for _, sp := range Speeds {
		if got, ok := SpeedByName(sp.Name); !ok || got != sp {
			t.Errorf("speed %s not found", sp.Name)
		}
	}
	for _, h := range Hypers() {
		if _, ok := Default().HyperValue(h.Key); !ok {
			t.Errorf("hyperparameter %s has no preset value", h.Key)
		}
	}
}

// FuzzParse checks that any fragment parses without panicking into a state
// the engine accepts, and that formatting is canonical: the formatted state
// parses with no problems into a state that formats the same way.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "#task=nope&seed=-x&preset=%00", "task=hard&seed=1&preset=paper&play=1",
		"task=custom&text=hello%20world", "switch=hard@10,easy@20&stop=30", "preset=fixed&n=40&speed=1sym",
		"threshold=0.01&preset=paper-v1", "l1=1e-3&reserve=3&max_neurons=2", "%", "=&=", "text=%E2%82%AC%E2%82%AC",
		"race=10,37,100&hide=controls,charts&tour=1", "only=graph,play", "race=0&hide=", "race=1,2,3,4", "only=nope",
		"task=easy&seed=1&at=5000&speed=1sym&play=1", "at=0&speed=lesson",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, frag string) {
		s, _ := Parse(frag)
		if _, err := s.Config(); err != nil {
			t.Fatalf("Parse(%q) gave a state the engine refuses: %v", frag, err)
		}
		out := Format(s)
		s2, probs := Parse(out)
		if len(probs) != 0 {
			t.Fatalf("Format output %q has problems %v", out, probs)
		}
		if out2 := Format(s2); out2 != out {
			t.Fatalf("not canonical:\n%q\n%q", out, out2)
		}
	})
}

func TestTeachingKeys(t *testing.T) {
	s, probs := Parse("race=10,37,100&hide=charts,play&tour=1")
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	if !reflect.DeepEqual(s.Race, []int{10, 37, 100}) || !reflect.DeepEqual(s.Hide, []string{"play", "charts"}) || !s.Tour {
		t.Fatalf("state %+v", s)
	}
	out := Format(s)
	if !strings.Contains(out, "race=10%2C37%2C100") || !strings.Contains(out, "hide=play%2Ccharts") || !strings.Contains(out, "tour=1") {
		t.Fatalf("format %q", out)
	}
	again, probs := Parse(out)
	if len(probs) != 0 || !reflect.DeepEqual(again, s) {
		t.Fatalf("round trip %+v %v", again, probs)
	}
}

func TestOnlyHidesTheRest(t *testing.T) {
	s, probs := Parse("only=graph,play")
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	shown := map[string]bool{}
	for _, p := range Parts {
		shown[p.Name] = true
	}
	for _, h := range s.Hide {
		delete(shown, h)
	}
	want := map[string]bool{"graph": true, "play": true, "controls": true}
	if !reflect.DeepEqual(shown, want) {
		t.Fatalf("only=graph,play shows %v, want %v", shown, want)
	}
}

func TestBadTeachingKeys(t *testing.T) {
	for _, frag := range []string{"race=1,2,3,4", "race=0,5", "race=101", "race=x", "hide=nope", "only=play,zz", "tour=maybe"} {
		s, probs := Parse(frag)
		if len(probs) != 1 {
			t.Errorf("%s: problems %v", frag, probs)
			continue
		}
		if len(s.Race) != 0 || len(s.Hide) != 0 || s.Tour {
			t.Errorf("%s: state changed: %+v", frag, s)
		}
	}
	if s, probs := Parse("race=off"); len(probs) != 0 || s.Race != nil {
		t.Errorf("race=off: %+v %v", s, probs)
	}
}

func TestLessonIsTheDefaultSpeed(t *testing.T) {
	s, probs := Parse("task=easy")
	sp, ok := SpeedByName(s.Speed)
	if len(probs) != 0 || !ok || !sp.Lesson || sp.Symbols != 0 || sp.Cycles != 0 {
		t.Fatalf("default speed %q %+v %v", s.Speed, sp, probs)
	}
	// An old link's explicit speed keeps its meaning.
	if s, _ := Parse("speed=max"); s.Speed != "max" {
		t.Fatalf("speed=max read as %q", s.Speed)
	}
	if sp, _ := SpeedByName("max"); sp.Lesson || sp.Symbols != 0 || sp.Cycles != 0 {
		t.Fatalf("max is %+v", sp)
	}
}

func TestAtKey(t *testing.T) {
	s, probs := Parse("task=easy&seed=1&at=5000&speed=1sym&play=1")
	if len(probs) != 0 || s.At != 5000 {
		t.Fatalf("at: %+v %v", s, probs)
	}
	if out := Format(s); !strings.Contains(out, "at=5000") {
		t.Fatalf("format %q", out)
	}
	if out := Format(Default()); strings.Contains(out, "at=") {
		t.Fatalf("default link writes at: %q", out)
	}
	_, probs = Parse("at=lots")
	if len(probs) != 1 || probs[0].Key != "at" || probs[0].Fallback != "0" {
		t.Fatalf("at=lots: %v", probs)
	}
	msg := probs[0].String()
	for _, want := range []string{"at", "lots", "[0, 1000000]", "0"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

// TestPresetRevision checks the rev key: a reliable link made before the
// preset had revisions (no rev) keeps opening its first revision, a link
// written now names the newest, a preset chosen on the page starts at the
// newest, and a revision a preset never had falls back with a problem.
func TestPresetRevision(t *testing.T) {
	window := func(s State) int {
		t.Helper()
		cfg, err := s.Config()
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Window
	}
	for _, c := range []struct {
		link   string
		window int
		rev    string // in the link written back
	}{
		{"task=hard&preset=reliable&seed=2", 40, "rev=1"}, // made before revisions
		{"task=hard&preset=reliable&rev=1&seed=2", 40, "rev=1"},
		{"task=hard&preset=reliable&rev=2&seed=2", 80, "rev=2"},
		{"rev=2&task=hard&seed=2&preset=reliable", 80, "rev=2"}, // rev before preset
		{"task=hard&preset=paper&seed=2", 40, ""},
	} {
		s, probs := Parse(c.link)
		if len(probs) != 0 {
			t.Errorf("%s: problems %v", c.link, probs)
		}
		if w := window(s); w != c.window {
			t.Errorf("%s: window %d, want %d", c.link, w, c.window)
		}
		f := Format(s)
		if c.rev == "" && strings.Contains(f, "rev=") || c.rev != "" && !strings.Contains(f, "&"+c.rev+"&") {
			t.Errorf("%s: written back as %s, want %q", c.link, f, c.rev)
		}
		if again, _ := Parse(f); !reflect.DeepEqual(again, s) {
			t.Errorf("%s: round trip %+v, want %+v", c.link, again, s)
		}
		// Other keys changed on the page keep the revision.
		if s2, _ := s.Update("seed=5"); window(s2) != c.window {
			t.Errorf("%s: a new seed changed the window to %d", c.link, window(s2))
		}
	}
	// The page's preset menu: a preset chosen now is its newest revision.
	old, _ := Parse("task=hard&preset=reliable&seed=2")
	for _, s := range []State{Default(), old} {
		s2, _ := s.Update("preset=paper")
		s3, _ := s2.Update("preset=reliable")
		if w := window(s3); w != 80 || s3.Revision() != 2 {
			t.Errorf("reliable chosen on the page: window %d, revision %d", w, s3.Revision())
		}
	}
	for _, link := range []string{"preset=paper&rev=2", "preset=reliable&rev=3", "preset=reliable&rev=x", "preset=reliable&rev=0"} {
		s, probs := Parse(link)
		if len(probs) != 1 || probs[0].Key != "rev" || probs[0].Kind != Invalid {
			t.Errorf("%s: problems %v, want one about rev", link, probs)
		}
		if _, err := s.Config(); err != nil {
			t.Errorf("%s: the fallback does not run: %v", link, err)
		}
	}
}

// FuzzSetText checks that any text the custom task accepts, set as the
// page's text box sets it, survives a share link exactly.
func FuzzSetText(f *testing.F) {
	for _, seed := range []string{"fish & chips, 100% a+b", "a=b&c#d%zz+", "one\ntwo\r\n", "€€ 日本 🐟", "%%%%", "++ =="} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, probs := Default().Set("text", text)
		if len(probs) > 0 {
			if s.Text != "" {
				t.Fatalf("refused text %q replaced the old one with %q", text, s.Text)
			}
			return // a text the custom task refuses (binary, too few symbols...)
		}
		if s.Text != text {
			t.Fatalf("Set kept %q, want %q", s.Text, text)
		}
		back, probs := Parse(Format(s))
		if len(probs) > 0 || back.Text != text {
			t.Fatalf("link of %q gives %q (%v)", text, back.Text, probs)
		}
	})
}
