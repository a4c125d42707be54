package matcher

import (
	"sync"
	"testing"
)

func TestNicknameGroups(t *testing.T) {
	groups := NicknameGroups()
	if len(groups) < 50 {
		t.Fatalf("NicknameGroups() has %d groups, want the shipped table", len(groups))
	}
	for g, names := range groups {
		if len(names) < 2 {
			t.Errorf("group %d %v: want a name and at least one short form", g, names)
		}
		for _, n := range names {
			for _, r := range n {
				if r < 'A' || r > 'Z' {
					t.Errorf("group %d: name %q is not upper-case letters, so it can never meet a normalised name", g, n)
					break
				}
			}
			found := false
			for _, x := range nicknameSet(n) {
				found = found || int(x) == g
			}
			if !found {
				t.Errorf("nicknameSet(%q) = %v, want it to include group %d", n, nicknameSet(n), g)
			}
		}
	}
}

func TestNicknameSet(t *testing.T) {
	cases := []struct {
		name  string
		heads []string // the given names of the groups, in table order
	}{
		{"BOB", []string{"ROBERT"}},
		{"PEGGY", []string{"MARGARET"}},
		{"ROBERT", []string{"ROBERT"}},
		{"BERT", []string{"ALBERT", "GILBERT", "HERBERT", "ROBERT"}},
		{"JO", []string{"JOAN", "JOANNA", "JOSEPHINE"}},
		{"ALI", []string{"ALEXANDER", "ALEXANDRA", "ALISON"}},
		{"BERNIE", []string{"BERNARD"}}, // listed twice in its group
		{"ZEBEDEE", nil},
		{"bob", nil}, // names reach the table normalised, in upper case
		{"", nil},
	}
	groups := NicknameGroups()
	for _, tc := range cases {
		set := nicknameSet(tc.name)
		var heads []string
		for i, g := range set {
			heads = append(heads, groups[g][0])
			if i > 0 && set[i-1] >= g {
				t.Errorf("nicknameSet(%q) = %v, want strictly ascending groups", tc.name, set)
			}
		}
		if len(heads) != len(tc.heads) {
			t.Errorf("nicknameSet(%q) = groups of %v, want %v", tc.name, heads, tc.heads)
			continue
		}
		for i := range heads {
			if heads[i] != tc.heads[i] {
				t.Errorf("nicknameSet(%q) = groups of %v, want %v", tc.name, heads, tc.heads)
				break
			}
		}
	}
}

func TestSameGroup(t *testing.T) {
	cases := []struct {
		a, b []int32
		want bool
	}{
		{[]int32{1, 3, 5}, []int32{2, 3}, true},
		{[]int32{5}, []int32{1, 2, 5}, true},
		{[]int32{1, 2}, []int32{3, 4}, false},
		{[]int32{4}, []int32{1, 2, 3}, false},
		{nil, []int32{1}, false},
		{nil, nil, false},
	}
	for _, tc := range cases {
		if got := sameGroup(tc.a, tc.b); got != tc.want {
			t.Errorf("sameGroup(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := sameGroup(tc.b, tc.a); got != tc.want {
			t.Errorf("sameGroup(%v, %v) = %v, want %v", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestNicknamePairs(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"BOB", "ROBERT", true},
		{"PEGGY", "MARGARET", true},
		{"MAGGIE", "MEG", true},
		{"BOB", "BERT", true},
		{"BILL", "WILL", true},
		{"JACK", "JOHN", true},
		{"TED", "EDWARD", true},
		{"TED", "THEODORE", true},
		{"EDWARD", "THEODORE", false}, // both called TED, but not each other's short form
		{"KATE", "KATHLEEN", true},
		{"KATHLEEN", "CATHERINE", false},
		{"BOB", "BILL", false},
		{"ZEBEDEE", "ZEBEDEE", false},
	}
	for _, tc := range cases {
		if got := sameGroup(nicknameSet(tc.a), nicknameSet(tc.b)); got != tc.want {
			t.Errorf("nickname(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestNicknameConcurrentLoad: workers look names up concurrently (run with
// -race; on its own, with -run, it also races the first load).
func TestNicknameConcurrentLoad(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if len(nicknameSet("BOB")) != 1 || len(NicknameGroups()) == 0 {
				t.Error("nickname table not loaded")
			}
		}()
	}
	wg.Wait()
}
