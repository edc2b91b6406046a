package engine

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/task"
)

func saved(t testing.TB, e *Engine) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := e.Save(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSaveLoadContinuesBitForBit(t *testing.T) {
	for _, preset := range []string{PresetPaper, PresetPaperV1, PresetFixed} {
		c := mustPreset(t, preset, 6)
		c.Task = task.Spec{Kind: task.EasyHardEasy, Span: 900}.WithDefaults()
		straight := final(t, c, 1000)

		e := final(t, c, 400)
		data := saved(t, e)
		loaded, err := Load(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", preset, err)
		}
		if again := saved(t, loaded); !bytes.Equal(again, data) {
			t.Errorf("%s: save, load, save changed the file", preset)
		}
		if loaded.Cycle() != 400 || loaded.Digest() != e.Digest() {
			t.Errorf("%s: loaded run is at cycle %d with another state", preset, loaded.Cycle())
		}
		if err := loaded.Run(600); err != nil {
			t.Fatal(err)
		}
		if loaded.Digest() != straight.Digest() {
			t.Errorf("%s: a run saved at 400 and continued to 1000 differs from a straight run", preset)
		}
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	e := final(t, mustPreset(t, PresetPaper, 0), 300)
	good := saved(t, e)
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	weights := func(m map[string]any) map[string]any { return m["weights"].(map[string]any) }
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not valid JSON"},
		{"truncated", good[:len(good)/2], "not valid JSON"},
		{"not json", []byte("PK\x03\x04 zip file"), "not valid JSON"},
		{"wrong format", edit(func(m map[string]any) { m["format"] = "other" }), "format"},
		{"future version", edit(func(m map[string]any) { m["version"] = 99 }), "version"},
		{"unknown field", edit(func(m map[string]any) { m["extra"] = 1 }), "unknown field"},
		{"bad config", edit(func(m map[string]any) { m["config"].(map[string]any)["p_add"] = 5 }), "p_add"},
		{"missing row", edit(func(m map[string]any) { w := weights(m); w["Whh"] = w["Whh"].([]any)[1:] }), "Whh"},
		{"short row", edit(func(m map[string]any) { w := weights(m); w["Why"].([]any)[0] = []any{1.0} }), "Why"},
		{"duplicate id", edit(func(m map[string]any) {
			ns := m["neurons"].([]any)
			ns[1].(map[string]any)["id"] = ns[0].(map[string]any)["id"]
		}), "id"},
		{"no neurons", edit(func(m map[string]any) { m["neurons"] = []any{} }), "neurons"},
		{"huge cycle born", edit(func(m map[string]any) { m["neurons"].([]any)[0].(map[string]any)["born"] = 1e9 }), "born"},
		{"bad symbol", edit(func(m map[string]any) { m["last_symbol"] = 9 }), "last_symbol"},
		{"negative mean square", edit(func(m map[string]any) { m["optimizer_state"].(map[string]any)["by"].([]any)[0] = -1.0 }), "negative"},
		{"bad rng", edit(func(m map[string]any) { m["rng"] = "AAAA" }), "rng"},
		{"alphabet", edit(func(m map[string]any) { m["alphabet"] = "xyz" }), "alphabet"},
		{"two documents", append(append([]byte{}, good...), good...), "after"},
	} {
		before := e.Digest()
		_, err := Load(bytes.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one mentioning %q", c.name, err, c.want)
		}
		if e.Digest() != before {
			t.Errorf("%s: loading changed the running engine", c.name)
		}
	}
}

func FuzzLoad(f *testing.F) {
	c := mustPreset(f, PresetPaperV1, 0)
	e := final(f, c, 50)
	good := saved(f, e)
	f.Add(good)
	f.Add(good[:len(good)-7])
	f.Add([]byte(`{"format":"diffstruct-network","version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		// Whatever loads must train without panicking.
		if err := e.Run(2); err != nil && !strings.Contains(err.Error(), "diverged") {
			t.Fatal(err)
		}
	})
}
