package extract

import (
	"strconv"
	"strings"
	"testing"
)

func TestRefIndex(t *testing.T) {
	x := newRefIndex()
	long := strings.Repeat("R", refBlockSize+10) // a block of its own
	// Every reference is first seen on line 10*i, then again later.
	refs := []string{"", long, "A1"}
	for i := range 5000 {
		refs = append(refs, "P"+strconv.Itoa(i))
	}
	for i, ref := range refs {
		if first, dup := x.firstLine(ref, 10*i); dup {
			t.Fatalf("firstLine(%.20q) on first sight = %d, true; want false", ref, first)
		}
	}
	for i, ref := range refs {
		first, dup := x.firstLine(ref, 1_000_000+i)
		if !dup || first != 10*i {
			t.Fatalf("firstLine(%.20q) again = %d, %v; want %d, true", ref, first, dup, 10*i)
		}
	}
	if first, dup := x.firstLine(long[1:], 7); dup {
		t.Errorf("firstLine of a prefix of a reference = %d, true; want false", first)
	}
	if 4*len(x.refs) > 3*len(x.slots) {
		t.Errorf("%d slots for %d references: more than three quarters full", len(x.slots), len(x.refs))
	}
}
