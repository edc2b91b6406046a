package points

import (
	"errors"
	"hash/fnv"
	"math"
	"strings"
	"testing"
)

var generated = []string{Circle, XOR, Gauss, Spiral, RegPlane, RegGauss}

func mustMake(t *testing.T, s Spec) Set {
	t.Helper()
	set, err := Make(s)
	if err != nil {
		t.Fatalf("Make(%+v): %v", s, err)
	}
	return set
}

func all(s Set) []Point { return append(append([]Point{}, s.Train...), s.Test...) }

// digest hashes a set's bits in order.
func digest(s Set) uint64 {
	h := fnv.New64a()
	var b [8]byte
	put := func(v float64) {
		u := math.Float64bits(v)
		for i := range b {
			b[i] = byte(u >> (8 * i))
		}
		h.Write(b[:])
	}
	for _, part := range [][]Point{s.Train, s.Test} {
		put(float64(len(part)))
		for _, p := range part {
			put(p.X)
			put(p.Y)
			put(p.Label)
		}
	}
	return h.Sum64()
}

func TestDeterminism(t *testing.T) {
	for _, k := range generated {
		for _, noise := range []float64{0, 25, 50} {
			s := Spec{Kind: k, Noise: noise, Seed: 42}
			a, b := mustMake(t, s), mustMake(t, s)
			if digest(a) != digest(b) {
				t.Errorf("%s noise %g: two builds of one spec differ", k, noise)
			}
			s.Seed = 43
			c := mustMake(t, s)
			if digest(a) == digest(c) {
				t.Errorf("%s noise %g: seeds 42 and 43 give the same set", k, noise)
			}
			same := 0
			for i, p := range a.Train {
				if p == c.Train[i] {
					same++
				}
			}
			if same > len(a.Train)/10 {
				t.Errorf("%s noise %g: %d of %d training points equal across seeds", k, noise, same, len(a.Train))
			}
		}
	}
}

// TestGolden pins a few bits so that a change of generator, RNG use or
// arithmetic on any platform is seen (the values were computed on amd64 and
// must hold on arm64 and wasm alike).
func TestGolden(t *testing.T) {
	got := map[string]uint64{}
	for _, k := range generated {
		got[k] = digest(mustMake(t, Spec{Kind: k, Noise: 10, Seed: 7}))
	}
	got[TwoSpirals] = digest(TwoSpiralsSet())
	for k, want := range goldenDigests {
		if got[k] != want {
			t.Errorf("%s: digest %#x, want %#x", k, got[k], want)
		}
	}
	if len(goldenDigests) != len(got) {
		t.Errorf("golden digests for %d sets, want %d: %#v", len(goldenDigests), len(got), got)
	}
}

var goldenDigests = map[string]uint64{
	Circle: 0x9057b05cb046c13a, XOR: 0x9aa193852265f083, Gauss: 0xda6377173732cd0, Spiral: 0x33f4bf6a449cd00b,
	RegPlane: 0xb20fc0f44dd78068, RegGauss: 0x878610bcb9a2ce18, TwoSpirals: 0x8ace66eafa812109,
}

func TestInSquare(t *testing.T) {
	for _, k := range generated {
		for _, noise := range []float64{0, 50} {
			for seed := range uint64(5) {
				for _, p := range all(mustMake(t, Spec{Kind: k, Noise: noise, Seed: seed})) {
					if !(p.X >= -Half && p.X <= Half && p.Y >= -Half && p.Y <= Half) {
						t.Fatalf("%s noise %g seed %d: point (%g, %g) outside [-6, 6]²", k, noise, seed, p.X, p.Y)
					}
					if math.IsNaN(p.Label) || math.IsInf(p.Label, 0) {
						t.Fatalf("%s: label %g", k, p.Label)
					}
				}
			}
		}
	}
	for _, p := range TwoSpiralsSet().Train {
		if math.Abs(p.X) > 6.5 || math.Abs(p.Y) > 6.5 {
			t.Fatalf("two-spirals point (%g, %g) outside [-6.5, 6.5]²", p.X, p.Y)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, k := range generated {
		set := mustMake(t, Spec{Kind: k, Noise: 30, Seed: 3})
		wantReg := k == RegPlane || k == RegGauss
		if set.Regression != wantReg || set.Name != k {
			t.Errorf("%s: Name %q Regression %v", k, set.Name, set.Regression)
		}
		for _, p := range all(set) {
			switch {
			case !wantReg && p.Label != 1 && p.Label != -1:
				t.Fatalf("%s: label %g, want ±1", k, p.Label)
			case k == RegGauss && math.Abs(p.Label) > 1:
				t.Fatalf("%s: label %g outside [-1, 1]", k, p.Label)
			case k == RegPlane && math.Abs(p.Label) > 1.8:
				t.Fatalf("%s: label %g outside [-1.8, 1.8]", k, p.Label)
			}
		}
	}
}

func count(pts []Point) (pos, neg int) {
	for _, p := range pts {
		if p.Label > 0 {
			pos++
		} else {
			neg++
		}
	}
	return
}

func TestClassBalance(t *testing.T) {
	for _, k := range []string{Circle, Gauss, Spiral} {
		for _, n := range []int{500, 501, 10} {
			pos, neg := count(all(mustMake(t, Spec{Kind: k, N: n, Seed: 1})))
			if pos != n-n/2 || neg != n/2 {
				t.Errorf("%s n=%d: %d positive, %d negative, want %d and %d", k, n, pos, neg, n-n/2, n/2)
			}
		}
	}
	// xor's classes are binomial: within 4 standard deviations of half.
	for seed := range uint64(10) {
		pos, _ := count(all(mustMake(t, Spec{Kind: XOR, N: 2000, Seed: seed})))
		if math.Abs(float64(pos)-1000) > 4*math.Sqrt(500) {
			t.Errorf("xor seed %d: %d positive of 2000", seed, pos)
		}
	}
	// The shuffle mixes the classes into both splits.
	set := mustMake(t, Spec{Kind: Spiral, Seed: 2})
	for _, part := range [][]Point{set.Train, set.Test} {
		if pos, neg := count(part); pos < len(part)/3 || neg < len(part)/3 {
			t.Errorf("spiral split of %d points has %d positive, %d negative", len(part), pos, neg)
		}
	}
}

func TestSplitSizes(t *testing.T) {
	cases := []struct {
		kind         string
		n            int
		ratio        float64
		train, total int
	}{
		{Circle, 0, 0, 250, 500},
		{RegPlane, 0, 0, 600, 1200},
		{XOR, 500, 10, 450, 500},
		{XOR, 500, 90, 50, 500},
		{Gauss, 333, 30, 233, 333}, // floor(333·0.7) = 233
		{Spiral, 10, 10, 9, 10},
		{RegGauss, 10000, 25, 7500, 10000},
	}
	for _, c := range cases {
		set := mustMake(t, Spec{Kind: c.kind, N: c.n, TestRatio: c.ratio})
		if len(set.Train) != c.train || len(set.Train)+len(set.Test) != c.total {
			t.Errorf("%s n=%d ratio %g: %d train, %d test, want %d and %d", c.kind, c.n, c.ratio,
				len(set.Train), len(set.Test), c.train, c.total-c.train)
		}
	}
}

func TestNoiselessCircle(t *testing.T) {
	inner := 0
	for _, p := range all(mustMake(t, Spec{Kind: Circle, Seed: 9})) {
		r := math.Hypot(p.X, p.Y)
		switch {
		case p.Label == 1 && !(r < 2.5):
			t.Fatalf("positive point at radius %g, want < 2.5", r)
		case p.Label == -1 && !(r >= 3.5-1e-12 && r <= 5+1e-12):
			t.Fatalf("negative point at radius %g, want in [3.5, 5]", r)
		}
		if p.Label == 1 {
			inner++
		}
	}
	if inner != 250 {
		t.Errorf("%d inner points, want 250", inner)
	}
	// With noise, labels flip near the band but points stay on the shapes.
	flipped := 0
	for _, p := range all(mustMake(t, Spec{Kind: Circle, Noise: 50, Seed: 9})) {
		r := math.Hypot(p.X, p.Y)
		if r >= 2.5+1e-12 && r < 3.5-1e-12 || r > 5+1e-12 {
			t.Fatalf("noisy point at radius %g, outside the disc and the ring", r)
		}
		if (r < 2.5) != (p.Label == 1) {
			flipped++
		}
	}
	if flipped == 0 {
		t.Error("noise 50 flipped no circle label")
	}
}

func TestNoiselessXOR(t *testing.T) {
	for _, p := range all(mustMake(t, Spec{Kind: XOR, Seed: 5})) {
		if math.Abs(p.X) < xorPad || math.Abs(p.Y) < xorPad || math.Abs(p.X) > 5.3 || math.Abs(p.Y) > 5.3 {
			t.Fatalf("point (%g, %g) outside the padded squares", p.X, p.Y)
		}
		if want := label(p.X*p.Y >= 0); p.Label != want {
			t.Fatalf("point (%g, %g) labelled %g, want %g by the quadrant rule", p.X, p.Y, p.Label, want)
		}
	}
}

func TestNoiselessGauss(t *testing.T) {
	var sx, sy [2]float64
	var n [2]int
	for _, p := range all(mustMake(t, Spec{Kind: Gauss, N: 2000, Seed: 5})) {
		c := 0
		if p.Label < 0 {
			c = 1
		}
		sx[c] += p.X
		sy[c] += p.Y
		n[c]++
	}
	for c, want := range []float64{2, -2} {
		mx, my := sx[c]/float64(n[c]), sy[c]/float64(n[c])
		// sd √0.5 over 1000 points: the mean is within 0.1 by far.
		if math.Abs(mx-want) > 0.1 || math.Abs(my-want) > 0.1 {
			t.Errorf("class %d centred at (%g, %g), want (%g, %g)", c, mx, my, want, want)
		}
	}
}

func TestNoiselessSpiral(t *testing.T) {
	const n = 400
	set := mustMake(t, Spec{Kind: Spiral, N: n, Seed: 5})
	for _, p := range all(set) {
		// Recover the point's index from its radius and check the angle.
		r := math.Hypot(p.X, p.Y)
		i := math.Round(r / 5 * (n / 2))
		if math.Abs(r-i*5/(n/2)) > 1e-9 {
			t.Fatalf("point (%g, %g) at radius %g, not a multiple of 5/%d", p.X, p.Y, r, n/2)
		}
		tt := 1.75 * 2 * math.Pi * i / (n / 2)
		if p.Label < 0 {
			tt += math.Pi
		}
		if math.Abs(p.X-r*math.Sin(tt)) > 1e-9 || math.Abs(p.Y-r*math.Cos(tt)) > 1e-9 {
			t.Fatalf("label %g point (%g, %g) is not on its arm at angle %g", p.Label, p.X, p.Y, tt)
		}
	}
	// Noise moves points off the arms by at most 0.5 a coordinate.
	noisy := mustMake(t, Spec{Kind: Spiral, N: n, Noise: 50, Seed: 5})
	off := 0
	for _, p := range all(noisy) {
		if math.Hypot(p.X, p.Y) > 5+0.5*math.Sqrt2 {
			t.Fatalf("noisy point (%g, %g) too far out", p.X, p.Y)
		}
		r := math.Hypot(p.X, p.Y)
		if i := math.Round(r / 5 * (n / 2)); math.Abs(r-i*5/(n/2)) > 1e-6 {
			off++
		}
	}
	if off < n/2 {
		t.Errorf("noise 50 moved only %d of %d spiral points off the radii", off, n)
	}
}

func TestRegressionLabels(t *testing.T) {
	for _, p := range all(mustMake(t, Spec{Kind: RegPlane, Seed: 5})) {
		if math.Abs(p.Label-(p.X+p.Y)/10) > 1e-15 {
			t.Fatalf("plane point (%g, %g) labelled %g, want (x+y)/10", p.X, p.Y, p.Label)
		}
	}
	if got := bumpLabel(-4, 2.5); got != 1 {
		t.Errorf("bump at (-4, 2.5) = %g, want 1", got)
	}
	if got := bumpLabel(0, -2.5); got != 1 {
		t.Errorf("bump at (0, -2.5) = %g, want 1", got)
	}
	if got := bumpLabel(4, -2.5); got != -1 {
		t.Errorf("bump at (4, -2.5) = %g, want -1", got)
	}
	if got := bumpLabel(-4, -1.5); math.Abs(got+0.5) > 1e-15 {
		t.Errorf("bump at (-4, -1.5) = %g, want -0.5", got)
	}
	if got := bumpLabel(-6, 6); got != 0 {
		t.Errorf("far corner = %g, want 0", got)
	}
	for _, p := range all(mustMake(t, Spec{Kind: RegGauss, Seed: 5})) {
		if p.Label != bumpLabel(p.X, p.Y) {
			t.Fatalf("noiseless reg-gauss point (%g, %g) labelled %g, want %g", p.X, p.Y, p.Label, bumpLabel(p.X, p.Y))
		}
	}
}

func TestTwoSpirals(t *testing.T) {
	set := TwoSpiralsSet()
	if len(set.Train) != 194 || len(set.Test) != 0 || set.Regression || set.Name != TwoSpirals {
		t.Fatalf("%d train, %d test, regression %v, name %q", len(set.Train), len(set.Test), set.Regression, set.Name)
	}
	if p := set.Train[0]; p != (Point{0, 6.5, 1}) {
		t.Errorf("first point %+v, want (0, 6.5, +1)", p)
	}
	if p := set.Train[1]; p != (Point{0, -6.5, -1}) {
		t.Errorf("second point %+v, want (0, -6.5, -1)", p)
	}
	prev := math.Inf(1)
	for i := 0; i < len(set.Train); i += 2 {
		a, b := set.Train[i], set.Train[i+1]
		if b.X != -a.X || b.Y != -a.Y || a.Label != 1 || b.Label != -1 {
			t.Fatalf("pair %d: %+v and %+v are not a point and its mirror", i/2, a, b)
		}
		k := float64(i / 2)
		r := math.Hypot(a.X, a.Y)
		if want := 6.5 * (104 - k) / 104; math.Abs(r-want) > 1e-12 {
			t.Fatalf("point %d at radius %g, want %g", i/2, r, want)
		}
		if !(r < prev) {
			t.Fatalf("point %d: radius %g does not decrease from %g", i/2, r, prev)
		}
		prev = r
		if angle := k * math.Pi / 16; math.Abs(a.X-r*math.Sin(angle)) > 1e-12 || math.Abs(a.Y-r*math.Cos(angle)) > 1e-12 {
			t.Fatalf("point %d (%g, %g) not at angle %g", i/2, a.X, a.Y, angle)
		}
	}
	// Point 8 is a quarter turn in: angle π/2, radius 6.5·96/104 = 6.
	if p := set.Train[16]; math.Abs(p.X-6) > 1e-12 || math.Abs(p.Y) > 1e-12 {
		t.Errorf("point 8 = (%g, %g), want (6, 0)", p.X, p.Y)
	}
	// The last point, i = 96, is three turns in at radius 0.5.
	if p := set.Train[192]; math.Abs(p.X) > 1e-12 || math.Abs(p.Y-0.5) > 1e-12 {
		t.Errorf("last point = (%g, %g), want (0, 0.5)", p.X, p.Y)
	}
	if got, err := Make(Spec{Kind: TwoSpirals, Seed: 99}); err != nil || digest(got) != digest(set) {
		t.Errorf("Make(two-spirals) = %v, differs from TwoSpiralsSet", err)
	}
}

func TestSolvedTwoSpirals(t *testing.T) {
	set := TwoSpiralsSet()
	targets := make([]float64, len(set.Train))
	for i, p := range set.Train {
		targets[i] = p.Label * TwoSpiralsTarget
	}
	out := func(f func(i int, t float64) float64) []float64 {
		o := make([]float64, len(targets))
		for i, t := range targets {
			o[i] = f(i, t)
		}
		return o
	}
	cases := []struct {
		name    string
		outputs []float64
		want    bool
	}{
		{"exact", out(func(_ int, t float64) float64 { return t }), true},
		{"within 0.39", out(func(_ int, t float64) float64 { return t * (1 - 0.39/0.5) }), true},
		{"all at 0.15 on the right side", out(func(_ int, t float64) float64 { return math.Copysign(0.15, t) }), true},
		{"one at 0.05", out(func(i int, t float64) float64 {
			if i == 100 {
				return math.Copysign(0.05, t)
			}
			return t
		}), false},
		{"one on the wrong side", out(func(i int, t float64) float64 {
			if i == 7 {
				return -t
			}
			return t
		}), false},
		{"all zero", out(func(int, float64) float64 { return 0 }), false},
		{"one NaN", out(func(i int, t float64) float64 {
			if i == 0 {
				return math.NaN()
			}
			return t
		}), false},
		{"short", targets[:10:10], false},
		{"empty", nil, false},
	}
	for _, c := range cases {
		if got := SolvedTwoSpirals(c.outputs, targets); got != c.want {
			t.Errorf("%s: solved %v, want %v", c.name, got, c.want)
		}
	}
	if SolvedTwoSpirals(nil, nil) {
		t.Error("no outputs solved the benchmark")
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		spec  Spec
		field string
		fault Fault
	}{
		{Spec{Kind: "moons"}, "kind", NotAllowed},
		{Spec{}, "kind", NotAllowed},
		{Spec{Kind: Circle, Noise: -1}, "noise", OutOfRange},
		{Spec{Kind: Circle, Noise: 50.5}, "noise", OutOfRange},
		{Spec{Kind: Circle, Noise: math.NaN()}, "noise", NotFinite},
		{Spec{Kind: XOR, TestRatio: 5}, "test_ratio", OutOfRange},
		{Spec{Kind: XOR, TestRatio: 95}, "test_ratio", OutOfRange},
		{Spec{Kind: XOR, TestRatio: math.Inf(1)}, "test_ratio", NotFinite},
		{Spec{Kind: Gauss, N: 9}, "n", OutOfRange},
		{Spec{Kind: Gauss, N: 10001}, "n", OutOfRange},
		{Spec{Kind: Gauss, N: -5}, "n", OutOfRange},
		{Spec{Kind: TwoSpirals, Noise: 10}, "noise", OutOfRange},
		{Spec{Kind: TwoSpirals, TestRatio: 50}, "test_ratio", OutOfRange},
		{Spec{Kind: TwoSpirals, N: 500}, "n", OutOfRange},
	}
	for _, c := range cases {
		err := c.spec.Validate()
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%+v: error %v, want a *FieldError", c.spec, err)
			continue
		}
		if fe.Field != c.field || fe.Fault != c.fault || fe.Want == "" {
			t.Errorf("%+v: field %q fault %q want %q, expected field %q fault %q", c.spec, fe.Field, fe.Fault, fe.Want, c.field, c.fault)
		}
		if _, err := Make(c.spec); !errors.As(err, &fe) {
			t.Errorf("Make(%+v) = %v, want the *FieldError", c.spec, err)
		}
	}
	err := Spec{Kind: "moons"}.Validate()
	for _, k := range Kinds() {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("unknown-kind error %q does not name %q", err, k)
		}
	}
	if want := `points: kind: "moons" is not one of the choices`; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start %q", err, want)
	}
	for _, s := range []Spec{
		{Kind: Circle}, {Kind: Spiral, Noise: 50, TestRatio: 90, N: 10000, Seed: math.MaxUint64},
		{Kind: RegGauss, TestRatio: 10, N: 10}, {Kind: TwoSpirals}, {Kind: TwoSpirals, N: 194},
	} {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: %v", s, err)
		}
	}
}

func TestFromCSV(t *testing.T) {
	set, err := FromCSV(strings.NewReader("x,y,label\r\n1,2,1\n\n -3.5 , 6, -1 \n-6,-6,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Point{{1, 2, 1}, {-3.5, 6, -1}, {-6, -6, 1}}
	if len(set.Train) != len(want) || len(set.Test) != 0 || set.Regression || set.Name != "csv" {
		t.Fatalf("got %+v", set)
	}
	for i, p := range want {
		if set.Train[i] != p {
			t.Errorf("point %d = %+v, want %+v", i, set.Train[i], p)
		}
	}
	set, err = FromCSV(strings.NewReader("0.5,0.25,0.3\n1e-3,0,-2\n"))
	if err != nil || len(set.Train) != 2 || !set.Regression {
		t.Fatalf("headerless regression: %+v, %v", set, err)
	}

	bad := []struct {
		name, in string
		line     int
		field    string
		fault    Fault
		value    string
	}{
		{"letters", "x,y,label\n1,2,1\n1,abc,1\n", 3, "y", NotANumber, "abc"},
		{"header later", "1,2,1\nx,y,label\n", 2, "x", NotANumber, "x"},
		{"two fields", "1,2,1\n\n1,2\n", 3, "fields", WrongFields, "1,2"},
		{"four fields", "1,2,1,4\n", 1, "fields", WrongFields, "1,2,1,4"},
		{"x out", "6.5,0,1\n", 1, "x", OutOfRange, "6.5"},
		{"y out", "0,-7,1\n", 1, "y", OutOfRange, "-7"},
		{"nan", "0,0,NaN\n", 1, "label", NotFinite, "NaN"},
		{"inf", "Inf,0,1\n", 1, "x", NotFinite, "Inf"},
		{"overflow", "0,0,1e999\n", 1, "label", NotFinite, "1e999"},
		{"empty label", "0,0,\n", 1, "label", NotANumber, ""},
		{"no points", "x,y,label\n\n", 0, "points", TooFew, "0"},
		{"nothing", "", 0, "points", TooFew, "0"},
		{"too many", strings.Repeat("1,1,1\n", MaxN+1), MaxN + 1, "points", TooMany, "10001"},
	}
	for _, c := range bad {
		_, err := FromCSV(strings.NewReader(c.in))
		var le *LineError
		if !errors.As(err, &le) {
			t.Errorf("%s: error %v, want a *LineError", c.name, err)
			continue
		}
		if le.Line != c.line || le.Field != c.field || le.Fault != c.fault || le.Value != c.value || le.Want == "" {
			t.Errorf("%s: %+v, want line %d field %q fault %q value %q", c.name, le, c.line, c.field, c.fault, c.value)
		}
	}
	_, err = FromCSV(strings.NewReader("1,2,1\n1,abc,1\n"))
	if want := `points: csv line 2: y: "abc" is not a number (want a number in [-6, 6])`; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
	if set, err := FromCSV(strings.NewReader(strings.Repeat("1,1,1\n", MaxN))); err != nil || len(set.Train) != MaxN {
		t.Errorf("10000 points: %d, %v", len(set.Train), err)
	}
	long := "1,1," + strings.Repeat("1", 70000) + "\n"
	var le *LineError
	if _, err := FromCSV(strings.NewReader(long)); !errors.As(err, &le) || le.Err == nil || le.Line != 1 {
		t.Errorf("overlong line: %v", err)
	}
}

// TestTrig checks sin and cos against math.Sin and math.Cos: bit for bit
// where math's Go is compiled without fusion (amd64 at GOAMD64=v1), within
// an ulp elsewhere; and pins a few values' bits for every platform.
func TestTrig(t *testing.T) {
	for i := -4000; i <= 4000; i++ {
		x := float64(i) * 0.00731
		for _, f := range []struct {
			name      string
			ours, std func(float64) float64
		}{{"sin", sin, math.Sin}, {"cos", cos, math.Cos}} {
			a, b := f.ours(x), f.std(x)
			if mathIsUnfused && math.Float64bits(a) != math.Float64bits(b) {
				t.Fatalf("%s(%v) = %v, math gives %v", f.name, x, a, b)
			}
			if math.Abs(a-b) > 2.3e-16 {
				t.Fatalf("%s(%v) = %v, math gives %v", f.name, x, a, b)
			}
		}
	}
	if sin(0) != 0 || cos(0) != 1 || !math.IsNaN(sin(math.NaN())) || !math.IsNaN(cos(math.NaN())) {
		t.Error("special values")
	}
	pinned := []struct {
		x        float64
		sin, cos uint64
	}{
		{0.5, 0x3fdeaee8744b05f0, 0x3fec1528065b7d50},
		{1, 0x3feaed548f090cee, 0x3fe14a280fb5068c},
		{3 * math.Pi / 16, 0x3fe1c73b39ae68c8, 0x3fea9b66290ea1a4},
		{2.5, 0x3fe326af0dcfcab0, 0xbfe9a2f7ef858b7d},
		{6 * math.Pi, 0xbcca79394c9e8a00, 0x3ff0000000000000},
		{14.1, 0x3feffa57aee84200, 0x3fa3066c7ee5c6e9},
	}
	for _, p := range pinned {
		if math.Float64bits(sin(p.x)) != p.sin || math.Float64bits(cos(p.x)) != p.cos {
			t.Errorf("sin/cos(%v) = %#x, %#x, want %#x, %#x", p.x, math.Float64bits(sin(p.x)), math.Float64bits(cos(p.x)), p.sin, p.cos)
		}
	}
}
