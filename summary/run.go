package summary

import "time"

// Run is what the page shows of one run. Money is in pence.
type Run struct {
	Job      string // the job's name
	Version  string // the software version
	Finished time.Time
	Elapsed  time.Duration
	Inputs   []Input
	Reports  []Report
}

// Input is one input file and what became of its rows.
type Input struct {
	ID, Dataset, Body      string
	Read, Loaded, Rejected int64
	// Fields are the dataset type's canonical fields in schema order.
	Fields []Field
	// Rejects count rejected rows by reason category; Warnings count rows
	// loaded despite a bad optional value, by what was wrong. Neither
	// carries a value from a row.
	Rejects  []Count
	Warnings []Count
}

// Field is one canonical field of an input: how many loaded rows have it.
type Field struct {
	Name     string
	Required bool
	Present  int64
}

// Count is a number of rows for one reason.
type Count struct {
	Reason string
	Rows   int64
}

// Report is one written report.
type Report struct {
	Name  string // as named in the job
	Rule  string // the rule id
	Title string
	// Matches counts the report's rows; High, Medium and Low split them
	// by band.
	Matches           int
	High, Medium, Low int
	// Reviewed counts matches whose review ended after an earlier run.
	Reviewed int
	// HasAmount says the rule computes money: Overpaid is the sum of the
	// positive amounts, Underpaid of the negative ones (zero or less), and
	// WithAmount the matches that carry an amount.
	HasAmount           bool
	Overpaid, Underpaid int64
	WithAmount          int
	// Compared counts distinct candidate pairs scored.
	Compared int64
	Passes   []Pass
	// Scores are the matches' scores with their bands. Pairs that scored
	// below the low band are not reported, so they are not here.
	Scores []Score
}

// WithoutAmount counts the matches of a rule with money that carry no
// amount: a value the amount needs is missing.
func (r Report) WithoutAmount() int { return r.Matches - r.WithAmount }

// Pass is what one blocking pass of a report produced.
type Pass struct {
	Name          string
	Blocks        int   // blocks with records on both sides
	Pairs         int64 // candidate pairs this pass produced first
	LargestBlock  int64 // candidate pairs in the largest block kept
	SkippedBlocks int   // blocks over the guard, not compared
	SkippedPairs  int64 // candidate pairs in the skipped blocks
}

// Score is one match's score and band (high, medium or low).
type Score struct {
	Value float64
	Band  string
}
