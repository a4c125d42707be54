package summary

import (
	"github.com/golang/freetype/truetype"
	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"
)

// faceKey identifies a font face: a font at a size and resolution.
type faceKey struct {
	font      *truetype.Font
	size, dpi float64
}

// faces keeps the font faces text is measured with, one per font, size
// and resolution, for the charts of one page. go-chart makes a new face,
// with its glyph cache, every time it measures a text; on a page of many
// charts that was most of the time spent. Not safe for concurrent use.
type faces map[faceKey]font.Face

func (f faces) face(k faceKey) font.Face {
	face, ok := f[k]
	if !ok {
		face = truetype.NewFace(k.font, &truetype.Options{DPI: k.dpi, Size: k.size})
		f[k] = face
	}
	return face
}

// svg is a chart.RendererProvider of go-chart's SVG renderer that measures
// text with the faces in f.
func (f faces) svg(width, height int) (chart.Renderer, error) {
	r, err := chart.SVG(width, height)
	if err != nil {
		return nil, err
	}
	return &measuring{Renderer: r, faces: f, dpi: chart.DefaultDPI}, nil
}

// measuring is go-chart's SVG renderer measuring text as it does, with the
// same font, size and resolution, but with a face kept in faces. It
// follows the calls that change them to know which face to use.
type measuring struct {
	chart.Renderer
	faces   faces
	font    *truetype.Font
	size    float64
	dpi     float64
	rotated bool
}

// ResetStyle resets the style, which keeps the font but not its size.
func (m *measuring) ResetStyle() {
	m.size = 0
	m.Renderer.ResetStyle()
}

func (m *measuring) SetDPI(dpi float64) {
	m.dpi = dpi
	m.Renderer.SetDPI(dpi)
}

func (m *measuring) SetFont(f *truetype.Font) {
	m.font = f
	m.Renderer.SetFont(f)
}

func (m *measuring) SetFontSize(size float64) {
	m.size = size
	m.Renderer.SetFontSize(size)
}

func (m *measuring) SetTextRotation(radians float64) {
	m.rotated = true
	m.Renderer.SetTextRotation(radians)
}

func (m *measuring) ClearTextRotation() {
	m.rotated = false
	m.Renderer.ClearTextRotation()
}

// MeasureText returns the box of body as go-chart's SVG renderer does;
// rotated text is left to it.
func (m *measuring) MeasureText(body string) chart.Box {
	if m.font == nil || m.rotated {
		return m.Renderer.MeasureText(body)
	}
	d := font.Drawer{Face: m.faces.face(faceKey{m.font, m.size, m.dpi})}
	return chart.Box{Right: d.MeasureString(body).Ceil(), Bottom: int(drawing.PointsToPixels(m.dpi, m.size))}
}
