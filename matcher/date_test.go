package matcher

import (
	"math/rand/v2"
	"testing"
	"time"
)

// dateTable is a table of one date column holding days; a nil entry is a
// missing date.
func dateTable(days []*int64) *Table {
	c := Column{Num: make([]int64, len(days)), Valid: make([]bool, len(days))}
	for r, d := range days {
		if d != nil {
			c.Num[r], c.Valid[r] = *d, true
		}
	}
	return &Table{Cols: []Column{c}, Len: len(days)}
}

// wantDateLevel is what a comparison listing level alone (plus else) gives
// two dates, worked out from the time package's calendar and ddmmyyyy
// text rather than from the packed features.
func wantDateLevel(level string, within int64, a, b *int64) string {
	if a == nil || b == nil {
		return "missing"
	}
	ta, tb := time.Unix(*a*86400, 0).UTC(), time.Unix(*b*86400, 0).UTC()
	var hit bool
	switch level {
	case "exact":
		hit = *a == *b
	case "swapped":
		hit = ta.Year() == tb.Year() && ta.Day() == int(tb.Month()) && int(ta.Month()) == tb.Day() && ta.Day() != int(ta.Month())
	case "one_digit":
		hit = hamming(ta.Format("02012006"), tb.Format("02012006")) == 1
	case "within_days":
		hit = *a-*b <= within && *b-*a <= within
	case "year":
		hit = ta.Year() == tb.Year()
	}
	if hit {
		return level
	}
	return "else"
}

// TestDateLevelsPacked: every date level gives, for packed dates, what the
// calendar gives, over missing dates, leap days, day/month swaps, dates
// either side of the packed years' limits and far beyond them, one digit
// apart and days apart, on both sides of a pass's copy of the features.
func TestDateLevelsPacked(t *testing.T) {
	day := func(y, m, d int) int64 {
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	var days []*int64
	add := func(d int64) { days = append(days, &d) }
	days = append(days, nil)
	for _, ymd := range [][3]int{
		{2000, 2, 29}, {2000, 3, 1}, {1900, 2, 28}, {1900, 3, 1}, {2024, 2, 29}, {2024, 3, 2},
		{1950, 3, 4}, {1950, 4, 3}, {1951, 4, 3}, {1950, 12, 1}, {1950, 1, 12}, {1950, 5, 5},
		{1950, 3, 14}, {1960, 3, 4}, {1949, 12, 31}, {1950, 1, 1}, {1969, 12, 31}, {1970, 1, 1},
		{9999, 12, 31}, {10000, 1, 1}, {10000, 1, 3}, {0, 1, 1}, {-1, 12, 31}, {-1, 1, 1}, {1, 1, 1},
	} {
		add(day(ymd[0], ymd[1], ymd[2]))
	}
	// Either side of the packed years' limits, and far beyond.
	for _, y := range []int{dateYearBias - 1, dateYearBias, -dateYearBias, -dateYearBias - 1, 1 << 28, -(1 << 28)} {
		add(day(y, 12, 31))
		add(day(y, 1, 1))
		add(day(y, 1, 2))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 60 {
		d := day(1900, 1, 1) + rng.Int64N(200*365)
		add(d)
		add(d + rng.Int64N(9) - 4)
	}
	for _, level := range []string{"exact", "swapped", "one_digit", "within_days", "year"} {
		cmp := single("date", []string{"date_of_birth"}, "", lv(level))
		c := comparisonPlan(t, cmp).Comparisons[0]
		s := &dateScorer{c: c, lv: compileLevels(c)}
		s.l, s.lfar = dateFeatures(dateTable(days), 0)
		s.r, s.rfar = dateFeatures(dateTable(days), 0)
		if len(s.lfar) != 12 {
			t.Fatalf("%d far dates, want 12", len(s.lfar))
		}
		// A copy in reverse order, as a pass lays features out.
		rows := make([]int32, len(days))
		for k := range rows {
			rows[k] = int32(len(days) - 1 - k)
		}
		g := s.forRows(rows, rows)
		for i, a := range days {
			for j, b := range days {
				want := wantDateLevel(level, int64(cmp.Levels[0].Days), a, b)
				if got := c.LevelName(s.outcome(i, j)); got != want {
					t.Fatalf("%s: outcome(%v, %v) = %s, want %s", level, a, b, got, want)
				}
				if got := c.LevelName(g.outcome(len(days)-1-i, len(days)-1-j)); got != want {
					t.Fatalf("%s over rows: outcome(%v, %v) = %s, want %s", level, a, b, got, want)
				}
			}
		}
	}
}
