package linkstate

import (
	"slices"
	"strings"
	"testing"

	"github.com/diffstruct/diffstruct/core/points"
)

// TestPlacedLink checks the data=placed and pts keys: the link carries the
// points on their grid, a link without pts starts with the starter points,
// and the generated sets' options conflict with placed points.
func TestPlacedLink(t *testing.T) {
	pts := []points.Point{{X: 1.5, Y: -2, Label: 1}, {X: -0.25, Y: 4, Label: -1}}
	st, probs := Parse("model=ff&data=placed&pts=" + points.EncodePlaced(pts))
	if len(probs) != 0 || !st.FF.IsPlaced() || !slices.Equal(st.FF.Placed, pts) {
		t.Fatalf("parsed %+v, problems %v", st.FF, probs)
	}
	frag := Format(st)
	if !strings.Contains(frag, "data=placed") || !strings.Contains(frag, "pts="+points.EncodePlaced(pts)) {
		t.Errorf("formatted %q", frag)
	}
	again, probs := Parse(frag)
	if len(probs) != 0 || !slices.Equal(again.FF.Placed, pts) || Format(again) != frag {
		t.Errorf("round trip: %q, problems %v", Format(again), probs)
	}
	st, probs = Parse("model=ff&data=placed")
	if len(probs) != 0 || !slices.Equal(st.FF.PlacedData().Train, StarterPoints) {
		t.Errorf("no pts: %v, problems %v", st.FF.Placed, probs)
	}
	st, probs = Parse("model=ff&data=placed&noise=10")
	if len(probs) != 1 || probs[0].Key != "noise" || st.FF.Noise != 0 {
		t.Errorf("noise on placed points: problems %v, noise %g", probs, st.FF.Noise)
	}
	if _, probs := Parse("pts=" + points.EncodePlaced(pts)); len(probs) != 1 || probs[0].Key != "pts" {
		t.Errorf("pts on a sequence link: problems %v", probs)
	}
	if _, probs := Parse("model=ff&data=placed&pts=AAA"); len(probs) != 1 || probs[0].Key != "pts" {
		t.Errorf("a damaged pts: problems %v", probs)
	}
	// Other data sets do not write pts.
	st, _ = Parse("model=ff&data=xor&pts=" + points.EncodePlaced(pts))
	if strings.Contains(Format(st), "pts=") {
		t.Errorf("xor link %q writes pts", Format(st))
	}
}
