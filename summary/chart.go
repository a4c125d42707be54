package summary

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io"
	"math"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Every drawn data mark carries the class mark and a class for its colour,
// which the page's style sheet sets; the browser test finds charts' marks
// by that class.
const (
	classHigh    = "mark band-high"
	classMedium  = "mark band-medium"
	classLow     = "mark band-low"
	classPresent = "mark present"
	classMissing = "mark missing"
	classMoney   = "mark money"
)

// passClasses colour the blocking passes of a report in turn.
var passClasses = []string{"mark pass-0", "mark pass-1", "mark pass-2", "mark pass-3", "mark pass-4"}

// Chart is one chart ready for the page: its SVG and its natural width in
// pixels, past which the page does not enlarge it.
type Chart struct {
	SVG   template.HTML
	Width int
}

// segment is one coloured part of a horizontal bar.
type segment struct {
	value float64
	class string
}

// hbar is one horizontal bar: its label and its parts, left to right.
type hbar struct {
	label    string
	segments []segment
}

const (
	chartWidth = 960
	barHeight  = 18
	barGap     = 8
	fontSize   = chart.DefaultAxisFontSize
)

// charts draws a page's charts, measuring their text with one set of
// faces. Not safe for concurrent use.
type charts struct{ faces faces }

func newCharts() *charts { return &charts{faces: faces{}} }

// transparent pads a bar to the common scale.
var transparent = chart.Style{FillColor: drawing.ColorTransparent, StrokeColor: drawing.ColorTransparent}

// horizontalBars draws one horizontal bar per item with go-chart's stacked
// bar chart. With shares, each bar is its own 100% and the axis shows
// percentages. Without, bars share one scale: each is padded to the
// longest by a transparent part, and the axis is left out (the labels
// carry the numbers). It draws nothing when every bar is empty.
func (c *charts) horizontalBars(bars []hbar, shares bool) (Chart, error) {
	longest := 0.0
	for _, b := range bars {
		longest = math.Max(longest, total(b.segments))
	}
	if len(bars) == 0 || longest == 0 {
		return Chart{}, nil
	}
	labelWidth, err := c.labelWidth(bars)
	if err != nil {
		return Chart{}, err
	}
	sbc := chart.StackedBarChart{
		IsHorizontal: true,
		Width:        chartWidth,
		Height:       20 + len(bars)*(barHeight+barGap) + 40,
		BarSpacing:   barGap,
		Background:   chart.Style{Padding: chart.Box{Top: 20, Left: labelWidth + 10, Right: 20, Bottom: 40}},
		// Labels are not wrapped: room is made for the widest, and wrapping
		// measures a label once per letter.
		YAxis: chart.Style{TextHorizontalAlign: chart.TextHorizontalAlignRight, TextWrap: chart.TextWrapNone},
		XAxis: chart.Style{Hidden: !shares, TextWrap: chart.TextWrapNone},
	}
	for _, b := range bars {
		sb := chart.StackedBar{Name: html.EscapeString(b.label), Width: barHeight}
		// go-chart lays a horizontal bar's values out from the right: the
		// last value ends up leftmost.
		if pad := longest - total(b.segments); !shares && pad > 0 {
			sb.Values = append(sb.Values, chart.Value{Value: pad, Style: transparent})
		}
		for i := len(b.segments) - 1; i >= 0; i-- {
			s := b.segments[i]
			sb.Values = append(sb.Values, chart.Value{Value: s.value, Style: chart.Style{ClassName: s.class}})
		}
		sbc.Bars = append(sbc.Bars, sb)
	}
	return c.render(sbc.Render, sbc.Width)
}

// bin is one vertical bar of a histogram.
type bin struct {
	label string
	count int
	class string
}

// columns draws a histogram with go-chart's bar chart: one bar per bin,
// on a count axis from zero.
func (c *charts) columns(bins []bin) (Chart, error) {
	most := 0
	for _, b := range bins {
		most = max(most, b.count)
	}
	if most == 0 {
		return Chart{}, nil
	}
	width := 480
	bc := chart.BarChart{
		Width:      width,
		Height:     240,
		BarWidth:   width, // more than fits: go-chart narrows the bars to fill the canvas
		BarSpacing: 4,
		Background: chart.Style{Padding: chart.Box{Top: 20, Left: 10, Right: 40, Bottom: 30}},
		YAxis:      chart.YAxis{Ticks: countTicks(most)},
		XAxis:      chart.Style{TextWrap: chart.TextWrapNone}, // short labels; wrapping measures each letter
	}
	for _, b := range bins {
		bc.Bars = append(bc.Bars, chart.Value{Value: float64(b.count), Label: html.EscapeString(b.label), Style: chart.Style{ClassName: b.class}})
	}
	return c.render(bc.Render, width)
}

// countTicks returns whole-number ticks from 0 to at least most, in steps
// of 1, 2 or 5 times a power of ten, at most six of them; the chart's
// range is theirs.
func countTicks(most int) []chart.Tick {
	step := 0
	for p := 1; step == 0; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if m*p*5 >= most {
				step = m * p
				break
			}
		}
	}
	var ticks []chart.Tick
	for v := 0; ; v += step {
		ticks = append(ticks, chart.Tick{Value: float64(v), Label: fmt.Sprint(v)})
		if v >= most {
			return ticks
		}
	}
}

// render draws a chart to SVG.
func (c *charts) render(draw func(chart.RendererProvider, io.Writer) error, width int) (Chart, error) {
	var buf bytes.Buffer
	if err := draw(c.faces.svg, &buf); err != nil {
		return Chart{}, fmt.Errorf("draw chart: %w", err)
	}
	// The SVG is go-chart's own markup around labels escaped above.
	return Chart{SVG: template.HTML(buf.String()), Width: width}, nil
}

// labelWidth returns the width in pixels of the widest label in the
// charts' font, so that the labels get the room go-chart does not reserve
// for them.
func (c *charts) labelWidth(bars []hbar) (int, error) {
	font, err := chart.GetDefaultFont()
	if err != nil {
		return 0, fmt.Errorf("chart font: %w", err)
	}
	r, err := c.faces.svg(chartWidth, 100)
	if err != nil {
		return 0, err
	}
	r.SetFont(font)
	r.SetFontSize(fontSize)
	widest := 0
	for _, b := range bars {
		widest = max(widest, r.MeasureText(html.EscapeString(b.label)).Width())
	}
	return min(widest, chartWidth/2), nil
}

func total(segments []segment) float64 {
	t := 0.0
	for _, s := range segments {
		t += s.value
	}
	return t
}
