package matcher

import (
	"fmt"
	"testing"
)

// TestNameIDs: names numbered a column at a time get the ids a plain map
// gives them in the order first met, across columns and tables, and the
// dictionary's prepared names line up with those ids, whichever way a
// name was looked up.
func TestNameIDs(t *testing.T) {
	left, right := peopleTable(3000, 9), peopleTable(2000, 10)
	fores := make([]string, right.Len)
	for r := range fores {
		if r%5 != 0 {
			fores[r] = fmt.Sprint("SURNAME", r%3000, "X")
		}
	}
	setStr(right, "forenames", fores...)
	d := newNameDict()
	d.need(needFirst)
	want := map[string]uint32{}
	check := func(tab *Table, field string) {
		t.Helper()
		col := tab.Col(field)
		for r, got := range nameIDs(tab, col, d) {
			v := tab.Text(col, r)
			if v == "" {
				if got != 0 {
					t.Fatalf("%s row %d: id %d, want none", field, r, got)
				}
				continue
			}
			id, ok := want[v]
			if !ok {
				id = uint32(len(want) + 1)
				want[v] = id
			}
			if got != id {
				t.Fatalf("%s row %d %q: id %d, want %d", field, r, v, got, id)
			}
		}
	}
	check(left, "surname")
	check(right, "forenames")
	check(right, "surname")
	if got, id := d.id("SURNAME7X"), want["SURNAME7X"]; got != id || id == 0 {
		t.Fatalf(`id("SURNAME7X") = %d, want %d`, got, id)
	}
	if got, id := d.id("NEWNAME"), uint32(len(want)+1); got != id {
		t.Fatalf(`id("NEWNAME") = %d, want %d`, got, id)
	}
	want["NEWNAME"] = uint32(len(want) + 1)
	if len(d.fulls) != len(want)+1 || len(d.names) != len(d.fulls) || len(d.sketches) != len(d.fulls) {
		t.Fatalf("%d names held, %d prepared, %d sketches; want %d", len(d.fulls)-1, len(d.names)-1, len(d.sketches)-1, len(want))
	}
	for v, id := range want {
		if d.fulls[id] != v || d.names[id].full != v || d.names[id].first != v {
			t.Fatalf("name %d: %q, prepared %q (first %q), want %q", id, d.fulls[id], d.names[id].full, d.names[id].first, v)
		}
	}
}
