package matcher

import (
	"fmt"
	"reflect"
	"testing"
)

// TestPairIDs: a key of two parts numbered over a left table and then a
// right one in one index gets the ids a plain map gives the keys' text,
// numbered in row order, left rows first; whether the pairs of part ids
// sit in a dense table, one that grows as the right side meets new part
// values, or a memo (the pairs too many). Lookups of the keys' text after
// find the same ids, and new keys number on.
func TestPairIDs(t *testing.T) {
	for _, tc := range []struct {
		name        string
		keys        []string
		nL, nR      int
		shiftRight  bool // the right side's dates, and so years, are new
		dense, memo bool // how the pairs end up held
	}{
		{"dense", []string{"year(date_of_birth)", "initial(surname)"}, 3000, 2000, false, true, false},
		{"dense, growing", []string{"year(date_of_birth)", "first(surname, 9)"}, 3000, 2000, true, true, false},
		{"memo", []string{"date_of_birth", "surname"}, 3000, 2000, false, false, true},
		{"dense, then memo", []string{"year(date_of_birth)", "ni_number"}, 200, 8000, false, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			left, right := peopleTable(tc.nL, 7), peopleTable(tc.nR, 8)
			if tc.shiftRight {
				dob := &right.Cols[right.Col("date_of_birth")]
				for r := 0; r < right.Len; r += 3 {
					dob.Num[r] += 40 * 366
				}
			}
			pk := passKeys(t, tc.keys...)
			want := map[string]int32{}
			check := func(tab *Table, ids []int32) {
				t.Helper()
				for r, got := range ids {
					key := pk.Left[0].Apply(tab.Text(tab.Col(pk.Left[0].Fields[0]), r))
					second := pk.Left[1].Apply(tab.Text(tab.Col(pk.Left[1].Fields[0]), r))
					if key == "" || second == "" {
						if got != 0 {
							t.Fatalf("row %d: id %d, want none", r, got)
						}
						continue
					}
					key += keySep + second
					id, ok := want[key]
					if !ok {
						id = int32(len(want) + 1)
						want[key] = id
					}
					if got != id {
						t.Fatalf("row %d key %q: id %d, want %d", r, key, got, id)
					}
				}
			}
			ix := newKeyIndex(tc.nL + tc.nR)
			check(left, ix.blockIDs(left, pk.Left, nil))
			check(right, ix.blockIDs(right, pk.Right, nil))
			if ix.pairs == nil || (ix.pairs.cells != nil) != tc.dense || (ix.pairs.memo != nil) != tc.memo {
				t.Fatalf("pairs held densely %v, in a memo %v; want %v, %v",
					ix.pairs != nil && ix.pairs.cells != nil, ix.pairs != nil && ix.pairs.memo != nil, tc.dense, tc.memo)
			}
			for key, id := range want {
				if ix.keys[id] != key {
					t.Fatalf("keys[%d] = %q, want %q", id, ix.keys[id], key)
				}
				if got := ix.idOf(key); got != id {
					t.Fatalf("idOf(%q) = %d, want %d", key, got, id)
				}
			}
			for k := 1; k <= 3; k++ {
				if got, id := ix.id([]byte(fmt.Sprint("new", k))), int32(len(want)+k); got != id {
					t.Fatalf("new key %d: id %d, want %d", k, got, id)
				}
			}
		})
	}
}

// TestNumberPassSplit: numbering a pass's sides in indexes of their own,
// at once, and joining them gives the ids and keys of numbering both in
// one index, for keys of one value, of a key function, of two parts and
// of three.
func TestNumberPassSplit(t *testing.T) {
	left, right := peopleTable(3000, 15), peopleTable(2500, 16)
	for _, keys := range [][]string{
		{"ni_number"},
		{"first(surname, 9)"},
		{"date_of_birth", "initial(surname)"},
		{"year(date_of_birth)", "initial(surname)", "ni_number"},
	} {
		pk := passKeys(t, keys...)
		number := func(split bool) *passIDs {
			pi, tasks := numberPass(pk, left, right, nil, nil, false, split)
			for _, task := range tasks {
				task()
			}
			pi.join()
			return pi
		}
		one, apart := number(false), number(true)
		if !reflect.DeepEqual(one.idL, apart.idL) || !reflect.DeepEqual(one.idR, apart.idR) {
			t.Errorf("%v: ids numbered apart differ from ids numbered in one index", keys)
		}
		if !reflect.DeepEqual(one.ix.keys, apart.ix.keys) {
			t.Errorf("%v: keys numbered apart differ: %d keys, want %d", keys, len(apart.ix.keys), len(one.ix.keys))
		}
		if len(one.ix.keys) < 10 {
			t.Errorf("%v: %d keys: want a pass with many blocks", keys, len(one.ix.keys))
		}
	}
}
