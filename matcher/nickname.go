package matcher

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed data/nicknames.csv
var nicknameData string

var (
	nicknameOnce   sync.Once
	nicknameGroups [][]string
	nicknameIndex  map[string][]int32
)

func loadNicknames() {
	for _, line := range strings.Split(nicknameData, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		nicknameGroups = append(nicknameGroups, strings.Split(line, ","))
	}
	nicknameIndex = make(map[string][]int32)
	for gi, g := range nicknameGroups {
		for _, n := range g {
			ids := nicknameIndex[n]
			if len(ids) == 0 || ids[len(ids)-1] != int32(gi) {
				nicknameIndex[n] = append(ids, int32(gi))
			}
		}
	}
}

// NicknameGroups returns the shipped nickname table: each group is a given
// name followed by its short forms, upper case. The slices must not be
// modified.
func NicknameGroups() [][]string {
	nicknameOnce.Do(loadNicknames)
	return nicknameGroups
}

// nicknameSet returns the groups a normalised given name belongs to.
func nicknameSet(name string) []int32 {
	nicknameOnce.Do(loadNicknames)
	return nicknameIndex[name]
}

// sameGroup reports whether two sorted group lists share a group.
func sameGroup(a, b []int32) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}
