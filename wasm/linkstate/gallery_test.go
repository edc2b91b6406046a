package linkstate

import (
	"testing"

	"github.com/diffstruct/diffstruct/core/task"
)

// TestTaskKeyTakesEveryKind: the task key's values, the page's task menu
// and the switch key all come from task.Kinds.
func TestTaskKeyTakesEveryKind(t *testing.T) {
	page := Describe()
	if len(page.Tasks) != len(task.Kinds) {
		t.Fatalf("the page's menu has %d tasks, task.Kinds %d", len(page.Tasks), len(task.Kinds))
	}
	for i, k := range task.Kinds {
		if page.Tasks[i].Kind != k || page.Tasks[i].Description == "" {
			t.Errorf("menu entry %d: %+v, want %s with a description", i, page.Tasks[i], k)
		}
		if k == task.Custom {
			continue
		}
		st, probs := Parse("#task=" + k + "&switch=" + k + "@100")
		if len(probs) != 0 || st.Task != k || len(st.Switch) != 1 || st.Switch[0].Task != k {
			t.Errorf("#task=%s: %+v, problems %v", k, st, probs)
		}
		if back, probs := Parse(Format(st)); len(probs) != 0 || back.Task != k || len(back.Switch) != 1 {
			t.Errorf("#task=%s: the link %s reads back as %+v, problems %v", k, Format(st), back, probs)
		}
		if cfg, err := st.Config(); err != nil || cfg.Task.Kind != k {
			t.Errorf("#task=%s: config %v, %v", k, cfg.Task, err)
		}
	}
	if st, probs := Parse("#task=gettysburg"); len(probs) != 1 || st.Task != task.Easy {
		t.Errorf("#task=gettysburg: %+v, problems %v", st, probs)
	}
}
