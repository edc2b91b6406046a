package session

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/task"
)

// TestGalleryTasksOpenFromLinks: every task kind is a value of the task
// key, and the page learns it with its description; a text's run sends its
// unigram and bigram lines with its segments, per window as the floor.
func TestGalleryTasksOpenFromLinks(t *testing.T) {
	for _, kind := range task.Kinds {
		if kind == task.Custom {
			continue
		}
		s, probs := New("#task=" + kind + "&preset=reliable")
		if len(probs) != 0 || s.Config().Task.Kind != kind || !strings.Contains(s.Fragment(), "task="+kind) {
			t.Errorf("%s: problems %v, task %q, fragment %q", kind, probs, s.Config().Task.Kind, s.Fragment())
			continue
		}
		s.Step()
		st := s.Status(0, Since{})
		if _, err := json.Marshal(st); err != nil {
			t.Errorf("%s: status: %v", kind, err)
		}
		seg := st.Segments[0]
		switch kind {
		case task.English:
			lines := task.TextLines(task.EnglishText)
			if st.Floor != nil || seg.Floor != nil || len(seg.Lines) != 2 || seg.Lines[1].Name != "bigram" ||
				seg.Lines[1].Value != lines[1].Nats*float64(st.Window) {
				t.Errorf("english: floor %v, segment %+v", st.Floor, seg)
			}
		default:
			if st.Floor == nil || seg.Floor == nil || len(seg.Lines) != 0 {
				t.Errorf("%s: floor %v, segment %+v", kind, st.Floor, seg)
			}
		}
	}
	s, _ := New("#task=custom&text=abcacb")
	if seg := s.Status(0, Since{}).Segments[0]; len(seg.Lines) != 2 || seg.Lines[0].Name != "unigram" {
		t.Errorf("custom text: segment %+v has no lines", seg)
	}
	// A switch to a task with other symbols starts a new network there.
	s, _ = New("#task=hard")
	for range 10 {
		s.Step()
	}
	s.Set("task", task.Reber)
	if s.Config().Task.Kind != task.Reber || string(s.Observe(0).Alphabet) != task.ReberAlphabet {
		t.Errorf("switch to reber: task %q, alphabet %q", s.Config().Task.Kind, string(s.Observe(0).Alphabet))
	}
}
