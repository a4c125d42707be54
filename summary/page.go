package summary

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"

	"github.com/nfimatch/nfimatch/matcher"
)

//go:embed page.html
var pageHTML string

var pageTemplate = template.Must(template.New("summary").Funcs(template.FuncMap{
	"count":  countText,
	"pounds": matcher.FormatPounds,
	"share":  share,
	// passClass numbers the colour of a report's i-th blocking pass.
	"passClass": func(i int) int { return i % len(passClasses) },
}).Parse(pageHTML))

// page is what the template shows.
type page struct {
	Run
	Finished string
	Matches  int
	Overpaid int64
	// Underpaid is the sum of the reports' under-payments, zero or less.
	Underpaid int64
	HasAmount bool
	// Overview charts; a chart with nothing to draw has an empty SVG.
	ByBand, Money, Under, Pairs Chart
	Reports                     []reportView
	Inputs                      []inputView
}

type reportView struct {
	Report
	Scores Chart
}

type inputView struct {
	Input
	Fields Chart
}

// Render writes the page for run to w.
func Render(w io.Writer, run Run) error {
	p, err := build(run)
	if err != nil {
		return err
	}
	if err := pageTemplate.Execute(w, p); err != nil {
		return fmt.Errorf("summary page: %w", err)
	}
	return nil
}

// build works out the page's totals and draws its charts.
func build(run Run) (*page, error) {
	p := &page{Run: run, Finished: run.Finished.UTC().Format("2 January 2006 15:04 UTC")}
	c := newCharts()
	var byBand, money, under, pairs []hbar
	for _, r := range run.Reports {
		p.Matches += r.Matches
		byBand = append(byBand, hbar{label: fmt.Sprintf("%s (%s)", r.Name, groupDigits(int64(r.Matches))),
			segments: []segment{{float64(r.High), classHigh}, {float64(r.Medium), classMedium}, {float64(r.Low), classLow}}})
		if r.HasAmount {
			p.HasAmount = true
			p.Overpaid += r.Overpaid
			p.Underpaid += r.Underpaid
			money = append(money, hbar{label: fmt.Sprintf("%s (%s)", r.Name, matcher.FormatPounds(r.Overpaid)),
				segments: []segment{{float64(r.Overpaid), classMoney}}})
			under = append(under, hbar{label: fmt.Sprintf("%s (%s)", r.Name, matcher.FormatPounds(r.Underpaid)),
				segments: []segment{{float64(-r.Underpaid), classMoney}}})
		}
		bar := hbar{label: fmt.Sprintf("%s (%s)", r.Name, groupDigits(r.Compared))}
		for i, ps := range r.Passes {
			bar.segments = append(bar.segments, segment{float64(ps.Pairs), passClasses[i%len(passClasses)]})
		}
		pairs = append(pairs, bar)
		scores, err := c.columns(scoreBins(r.Scores))
		if err != nil {
			return nil, fmt.Errorf("report %s: %w", r.Name, err)
		}
		p.Reports = append(p.Reports, reportView{Report: r, Scores: scores})
	}
	var err error
	for _, ch := range []struct {
		to   *Chart
		bars []hbar
	}{{&p.ByBand, byBand}, {&p.Money, money}, {&p.Under, under}, {&p.Pairs, pairs}} {
		if *ch.to, err = c.horizontalBars(ch.bars, false); err != nil {
			return nil, err
		}
	}
	for _, in := range run.Inputs {
		var bars []hbar
		for _, f := range in.Fields {
			bars = append(bars, hbar{label: fmt.Sprintf("%s (%s)", f.Name, share(f.Present, in.Loaded)),
				segments: []segment{{float64(f.Present), classPresent}, {float64(in.Loaded - f.Present), classMissing}}})
		}
		fields, err := c.horizontalBars(bars, true)
		if err != nil {
			return nil, fmt.Errorf("input %s: %w", in.ID, err)
		}
		p.Inputs = append(p.Inputs, inputView{Input: in, Fields: fields})
	}
	return p, nil
}

// share shows n of all as a percentage with one decimal place; a dash when
// all is zero.
func share(n, all int64) string {
	if all == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(n)/float64(all), 'f', 1, 64) + "%"
}

// groupDigits writes n with commas between thousands.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// countText shows a count of any integer type with groupDigits.
func countText(v any) string {
	switch n := v.(type) {
	case int:
		return groupDigits(int64(n))
	case int64:
		return groupDigits(n)
	}
	return fmt.Sprint(v)
}
