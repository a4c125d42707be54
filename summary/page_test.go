package summary

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

func renderPage(t *testing.T, run Run) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, run); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var svgs = regexp.MustCompile(`(?s)<svg.*?</svg>`)

// exampleRun is a run with two reports, one with money, and one input.
func exampleRun() Run {
	return Run{Job: "test", Version: "v1", Finished: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Elapsed: 1500 * time.Millisecond,
		Inputs: []Input{{ID: "pensions", Dataset: "pensions", Body: "Council", Read: 10, Loaded: 8, Rejected: 2,
			Fields:  []Field{{Name: "record_id", Required: true, Present: 8}, {Name: "title", Present: 2}},
			Rejects: []Count{{"surname: required value is blank", 2}}}},
		Reports: []Report{
			{Name: "pensions-deceased", Rule: "pensions-deceased", Matches: 3, High: 2, Low: 1, HasAmount: true, Overpaid: 123456, Underpaid: -500, WithAmount: 3,
				Compared: 40, Passes: []Pass{{Name: "ni_number", Blocks: 3, Pairs: 30, LargestBlock: 20}, {Name: "dob", Blocks: 2, Pairs: 10, LargestBlock: 5}},
				Scores: []Score{{20, "high"}, {21, "high"}, {9, "low"}}},
			{Name: "payroll-payroll", Rule: "payroll-payroll", Matches: 1, Medium: 1, Compared: 5,
				Passes: []Pass{{Name: "ni_number", Blocks: 1, Pairs: 5, LargestBlock: 5}}, Scores: []Score{{12, "medium"}}},
		}}
}

// TestRenderCharts: the example run gets the matches, over-payment,
// under-payment and candidate pairs charts, a histogram per report and a
// field chart for its input, each with drawn marks.
func TestRenderCharts(t *testing.T) {
	page := renderPage(t, exampleRun())
	charts := svgs.FindAllString(page, -1)
	if len(charts) != 7 {
		t.Fatalf("%d charts, want 7", len(charts))
	}
	for i, c := range charts {
		if !strings.Contains(c, `class="mark`) {
			t.Errorf("chart %d has no marks:\n%.300s", i, c)
		}
	}
	for _, want := range []string{"£1,234.56", "-£5.00", "surname: required value is blank", "pensions-deceased (£1,234.56)", "title (25.0%)", `id="total-matches">4<`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestRenderNothingToDraw: a report without matches and an input without
// loaded rows get a sentence, not an empty chart.
func TestRenderNothingToDraw(t *testing.T) {
	page := renderPage(t, Run{Job: "empty",
		Inputs:  []Input{{ID: "x", Dataset: "pensions", Read: 1, Rejected: 1, Fields: []Field{{Name: "record_id"}}}},
		Reports: []Report{{Name: "r", Rule: "r", Passes: []Pass{{Name: "p"}}}}})
	if n := len(svgs.FindAllString(page, -1)); n != 0 {
		t.Errorf("%d charts drawn for a run with nothing to draw", n)
	}
	for _, want := range []string{"No report found a match.", "No row was loaded.", "None of the run's rules computes money.", "No report had a candidate pair."} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestRenderEscapes: text from the run is escaped in the page and in the
// charts' SVG.
func TestRenderEscapes(t *testing.T) {
	run := exampleRun()
	run.Job = "<script>alert(1)</script>"
	run.Reports[0].Name = `a<b&c"d`
	run.Inputs[0].Rejects[0].Reason = "<img src=x onerror=alert(2)>"
	run.Inputs[0].Fields[1].Name = "<i>title</i>"
	page := renderPage(t, run)
	for _, raw := range []string{"<script>alert", "<img src=x", `a<b&c"d`, "<i>title"} {
		if strings.Contains(page, raw) {
			t.Errorf("page holds %q unescaped", raw)
		}
	}
	for _, escaped := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;", "a&lt;b&amp;c&#34;d (3)", "&lt;i&gt;title&lt;/i&gt; (25.0%)"} {
		if !strings.Contains(page, escaped) {
			t.Errorf("page lacks %q", escaped)
		}
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}
