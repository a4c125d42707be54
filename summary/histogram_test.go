package summary

import (
	"fmt"
	"testing"
)

func TestScoreBins(t *testing.T) {
	for _, tc := range []struct {
		name   string
		scores []Score
		want   []string // label:count:band of each bin
	}{
		{
			name: "whole steps",
			// From 4.2 to 13: a twelfth of the span is 0.73, so steps of 1 from 4.
			scores: []Score{{10, "high"}, {10.4, "high"}, {12.9, "medium"}, {13, "medium"}, {4.2, "low"}},
			want:   []string{"4:1:low", "5:0:high", "6:0:high", "7:0:high", "8:0:high", "9:0:high", "10:2:high", "11:0:high", "12:1:medium", "13:1:medium"},
		},
		{
			name:   "all equal",
			scores: []Score{{5, "low"}, {5, "low"}},
			want:   []string{"5:2:low"},
		},
		{
			name: "fractional steps",
			// A twelfth of 0.25 is 0.0208: steps of 0.025 from 0.1.
			scores: []Score{{0.1, "medium"}, {0.12, "low"}, {0.13, "high"}, {0.35, "high"}},
			want: []string{"0.100:2:medium", "0.125:1:high", "0.150:0:high", "0.175:0:high", "0.200:0:high",
				"0.225:0:high", "0.250:0:high", "0.275:0:high", "0.300:0:high", "0.325:0:high", "0.350:1:high"},
		},
		{
			name: "negative scores and a tie",
			// From -3 to 20: a twelfth of 23 is 1.92, so steps of 2 from -4.
			scores: []Score{{-3, "low"}, {-2.5, "high"}, {20, "high"}},
			want: []string{"-4:2:high", "-2:0:high", "0:0:high", "2:0:high", "4:0:high", "6:0:high", "8:0:high",
				"10:0:high", "12:0:high", "14:0:high", "16:0:high", "18:0:high", "20:1:high"},
		},
		{name: "none", scores: nil, want: nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bins := scoreBins(tc.scores)
			var got []string
			for _, b := range bins {
				band := map[string]string{classHigh: "high", classMedium: "medium", classLow: "low"}[b.class]
				got = append(got, fmt.Sprintf("%s:%d:%s", b.label, b.count, band))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("scoreBins = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCountTicks(t *testing.T) {
	for _, tc := range []struct {
		most int
		want string
	}{
		{1, "[0 1]"},
		{2, "[0 1 2]"},
		{7, "[0 2 4 6 8]"},
		{23, "[0 5 10 15 20 25]"},
		{1000, "[0 200 400 600 800 1000]"},
	} {
		var got []string
		for _, tick := range countTicks(tc.most) {
			got = append(got, tick.Label)
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("countTicks(%d) = %v, want %s", tc.most, got, tc.want)
		}
	}
}
