// Package summary renders a run's summary page, out/summary.html: one
// self-contained HTML file (no script, font or image is fetched) with the
// matches per report and band, the distribution of match scores, the money,
// the blocking statistics and each input's data-quality profile. Charts are
// drawn in Go by go-chart as SVG and inlined in the page.
//
// The page is built from a Run, plain counts that batch fills in from its
// run summary. A Run holds no personal data: report and dataset ids, field
// names, reject reasons (as categories, with values taken out), counts,
// scores and money. Every text is escaped by html/template.
package summary
