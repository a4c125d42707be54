package report

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/nfimatch/nfimatch/extract"
)

// SchemaVersion is the version of the report schema documented in
// docs/reports.md. Every report carries it in its Parquet key-value
// metadata as nfimatch.schema_version. It goes up when a column a report
// had is renamed, removed, or changes type or meaning; a column added
// leaves it as it is (union_by_name reads old and new reports together).
const SchemaVersion = "1"

// The Parquet key-value metadata keys of a report.
const (
	MetaSchemaVersion = "nfimatch.schema_version"
	MetaReportID      = "nfimatch.report_id"
	MetaReportName    = "nfimatch.report_name"
)

// ComparisonOutcome is one element of the comparisons column: what one
// comparison found and what it added to the score.
type ComparisonOutcome struct {
	Comparison string
	Level      string
	Weight     float64
}

// Column describes one of the common columns.
type Column struct {
	Name string
	Type string // the type DuckDB reads
	Doc  string
	typ  arrow.DataType
	null bool // the column can be NULL
}

var (
	typString  = arrow.BinaryTypes.String
	typFloat   = arrow.PrimitiveTypes.Float64
	typDecimal = &arrow.Decimal128Type{Precision: 18, Scale: 2}
	typDate    = arrow.FixedWidthTypes.Date32
	typInt64   = arrow.PrimitiveTypes.Int64
	typBool    = arrow.FixedWidthTypes.Boolean
	typOutcome = arrow.StructOf(
		arrow.Field{Name: "comparison", Type: typString},
		arrow.Field{Name: "level", Type: typString},
		arrow.Field{Name: "weight", Type: typFloat},
	)
	typOutcomes = arrow.ListOfNonNullable(typOutcome)
)

// Positions of the common columns in a report row.
const (
	colReportID = iota
	colReportName
	colMatchID
	colScore
	colProbability
	colBand
	colAmount
	colReason
	colBlockPass
	colComparisons
	colLeftDataset
	colRightDataset
	colPreviousOutcome
	colPreviouslyReviewed
)

// CommonColumns are the columns every report starts with, in order.
var CommonColumns = []Column{
	colReportID:           {"report_id", "VARCHAR", "the rule that produced the match", typString, false},
	colReportName:         {"report_name", "VARCHAR", "the report, as named in the job (the rule id unless the job names it)", typString, false},
	colMatchID:            {"match_id", "VARCHAR", "stable id of the pair: the same records give the same id on every run", typString, false},
	colScore:              {"score", "DOUBLE", "sum of the comparisons' weights", typFloat, false},
	colProbability:        {"match_probability", "DOUBLE", "the chance the two records are one person, from the score and the rule's model prior; NULL where the rule has no model", typFloat, true},
	colBand:               {"band", "VARCHAR", "high, medium or low, from the rule's score bands", typString, false},
	colAmount:             {"amount", "DECIMAL(18,2)", "money in pounds: over-payment positive, under-payment negative; NULL where the rule has no money, a value it needs is missing, or the result is over a billion pounds", typDecimal, true},
	colReason:             {"reason", "VARCHAR", "why the pair matched, in words", typString, false},
	colBlockPass:          {"block_pass", "VARCHAR", "the first blocking pass that brought the pair together", typString, false},
	colComparisons:        {"comparisons", `STRUCT(comparison VARCHAR, "level" VARCHAR, weight DOUBLE)[]`, "each comparison's level and what it added to the score (its level's weight, adjusted for term frequency where the level has tf), in rule order", typOutcomes, false},
	colLeftDataset:        {"left_dataset", "VARCHAR", "dataset type of the left record", typString, false},
	colRightDataset:       {"right_dataset", "VARCHAR", "dataset type of the right record", typString, false},
	colPreviousOutcome:    {"previous_outcome", "VARCHAR", "the outcome investigators recorded for this match id after an earlier run (fraud, error, no_issue, under_investigation, closed); NULL when none", typString, true},
	colPreviouslyReviewed: {"previously_reviewed", "BOOLEAN", "true when an earlier run's review of this match ended (any outcome but under_investigation): the match is not new", typBool, false},
}

// sideArrowType is the Arrow type of a side column holding a field of
// kind k: DATE, DECIMAL(18,2) money, BIGINT whole numbers, BOOLEAN flags,
// text for every other kind (stored normalised).
func sideArrowType(k extract.Kind) arrow.DataType {
	switch k {
	case extract.KindDate:
		return typDate
	case extract.KindMoney:
		return typDecimal
	case extract.KindInt:
		return typInt64
	case extract.KindFlag:
		return typBool
	}
	return typString
}

// sideColumns returns the columns of ds's Arrow schema a report carries
// for one side: the body and record_id always, then the fields output
// names in its order, or every field when output is empty.
func sideColumns(ds *extract.Dataset, output []string) []int {
	cols := []int{0}
	if len(output) == 0 {
		for i := range ds.Fields {
			cols = append(cols, i+1)
		}
		return cols
	}
	seen := map[string]bool{extract.BodyField: true}
	for _, name := range append([]string{"record_id"}, output...) {
		if seen[name] {
			continue
		}
		seen[name] = true
		for i, f := range ds.Fields {
			if f.Name == name {
				cols = append(cols, i+1)
			}
		}
	}
	return cols
}

// reportSchema builds the Arrow schema of one report: the common columns,
// then a column per carried field of each side (cols from sideColumns),
// body and record_id first. Every column carries its Parquet field id,
// its position counted from 1.
func reportSchema(left, right *extract.Dataset, leftCols, rightCols []int) *arrow.Schema {
	var fields []arrow.Field
	add := func(name string, t arrow.DataType, null bool) {
		fields = append(fields, arrow.Field{Name: name, Type: t, Nullable: null,
			Metadata: arrow.NewMetadata([]string{"PARQUET:field_id"}, []string{strconv.Itoa(len(fields) + 1)})})
	}
	for _, c := range CommonColumns {
		add(c.Name, c.typ, c.null)
	}
	for _, side := range []struct {
		prefix string
		ds     *extract.Dataset
		cols   []int
	}{{"left_", left, leftCols}, {"right_", right, rightCols}} {
		add(side.prefix+extract.BodyField, typString, false)
		for _, c := range side.cols[1:] {
			f := side.ds.Fields[c-1]
			add(side.prefix+f.Name, sideArrowType(f.Kind), true)
		}
	}
	return arrow.NewSchema(fields, nil)
}
