package summary

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	chart "github.com/wcharczuk/go-chart/v2"
)

// TestMeasuringDrawsAsGoChart: charts drawn with the kept faces are byte
// for byte those go-chart's own SVG renderer draws, wrapped labels,
// rotated text and all.
func TestMeasuringDrawsAsGoChart(t *testing.T) {
	stacked := chart.StackedBarChart{Width: 600, Height: 300, IsHorizontal: true, Bars: []chart.StackedBar{
		{Name: "a label that wraps over lines", Values: []chart.Value{{Value: 3}, {Value: 1}}},
		{Name: "short", Values: []chart.Value{{Value: 2, Label: "two"}}},
	}}
	bars := chart.BarChart{Width: 400, Height: 200, Title: "Title",
		XAxis: chart.Style{TextRotationDegrees: 45},
		Bars:  []chart.Value{{Value: 1, Label: "one label"}, {Value: 4, Label: "four"}, {Value: 2, Label: "x"}}}
	for name, draw := range map[string]func(chart.RendererProvider, io.Writer) error{
		"stacked": stacked.Render, "vertical stacked": func(rp chart.RendererProvider, w io.Writer) error {
			s := stacked
			s.IsHorizontal = false
			return s.Render(rp, w)
		}, "bars": bars.Render,
	} {
		var want, got bytes.Buffer
		if err := draw(chart.SVG, &want); err != nil {
			t.Fatal(err)
		}
		if err := draw(faces{}.svg, &got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: drawn with kept faces differs from go-chart's own:\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}

// BenchmarkRender draws the page of a large run: 40 inputs of 25 fields
// and 20 reports of 1,000 matches.
func BenchmarkRender(b *testing.B) {
	run := exampleRun()
	in := run.Inputs[0]
	for i := range 25 {
		in.Fields = append(in.Fields, Field{Name: fmt.Sprintf("field_number_%d", i), Present: int64(i % 9)})
	}
	run.Inputs = nil
	for i := range 40 {
		in.ID = fmt.Sprintf("input_%d", i)
		run.Inputs = append(run.Inputs, in)
	}
	rep := run.Reports[0]
	rep.Scores = nil
	for i := range 1000 {
		rep.Scores = append(rep.Scores, Score{Value: float64(i%37) / 2, Band: []string{"high", "medium", "low"}[i%3]})
	}
	run.Reports = nil
	for i := range 20 {
		rep.Name = fmt.Sprintf("report-%d", i)
		run.Reports = append(run.Reports, rep)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Render(io.Discard, run); err != nil {
			b.Fatal(err)
		}
	}
}
