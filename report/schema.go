package report

import (
	"github.com/nfimatch/nfimatch/extract"
	"github.com/xitongsys/parquet-go/parquet"
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
	kind valueKind
	null bool // the column can be NULL
}

// valueKind is how a column's values are stored in Parquet.
type valueKind int

const (
	kindText     valueKind = iota // BYTE_ARRAY, UTF8/STRING
	kindDouble                    // DOUBLE
	kindDecimal                   // INT64 pence, DECIMAL(18,2)
	kindDate                      // INT32 days since 1970-01-01, DATE
	kindInt64                     // INT64
	kindBool                      // BOOLEAN
	kindOutcomes                  // LIST of STRUCT(comparison, level, weight)
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
	colReportID:           {"report_id", "VARCHAR", "the rule that produced the match", kindText, false},
	colReportName:         {"report_name", "VARCHAR", "the report, as named in the job (the rule id unless the job names it)", kindText, false},
	colMatchID:            {"match_id", "VARCHAR", "stable id of the pair: the same records give the same id on every run", kindText, false},
	colScore:              {"score", "DOUBLE", "sum of the comparisons' weights", kindDouble, false},
	colProbability:        {"match_probability", "DOUBLE", "the chance the two records are one person, from the score and the rule's model prior; NULL where the rule has no model", kindDouble, true},
	colBand:               {"band", "VARCHAR", "high, medium or low, from the rule's score bands", kindText, false},
	colAmount:             {"amount", "DECIMAL(18,2)", "money in pounds: over-payment positive, under-payment negative; NULL where the rule has no money, a value it needs is missing, or the result is over a billion pounds", kindDecimal, true},
	colReason:             {"reason", "VARCHAR", "why the pair matched, in words", kindText, false},
	colBlockPass:          {"block_pass", "VARCHAR", "the first blocking pass that brought the pair together", kindText, false},
	colComparisons:        {"comparisons", `STRUCT(comparison VARCHAR, "level" VARCHAR, weight DOUBLE)[]`, "each comparison's level and what it added to the score (its level's weight, adjusted for term frequency where the level has tf), in rule order", kindOutcomes, false},
	colLeftDataset:        {"left_dataset", "VARCHAR", "dataset type of the left record", kindText, false},
	colRightDataset:       {"right_dataset", "VARCHAR", "dataset type of the right record", kindText, false},
	colPreviousOutcome:    {"previous_outcome", "VARCHAR", "the outcome investigators recorded for this match id after an earlier run (fraud, error, no_issue, under_investigation, closed); NULL when none", kindText, true},
	colPreviouslyReviewed: {"previously_reviewed", "BOOLEAN", "true when an earlier run's review of this match ended (any outcome but under_investigation): the match is not new", kindBool, false},
}

// sideKind is how a side column holding a field of kind k is stored: DATE,
// DECIMAL(18,2) money, BIGINT whole numbers, BOOLEAN flags, text for every
// other kind (stored normalised).
func sideKind(k extract.Kind) valueKind {
	switch k {
	case extract.KindDate:
		return kindDate
	case extract.KindMoney:
		return kindDecimal
	case extract.KindInt:
		return kindInt64
	case extract.KindFlag:
		return kindBool
	}
	return kindText
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

// reportSchema builds the Parquet schema of one report, depth first as
// Parquet lists it: the common columns, then a column per carried field
// of each side (cols from sideColumns), body and record_id first. Every
// top-level column carries its field id, its position counted from 1.
// comparisons is the standard three-level LIST: comparisons.list.element,
// the element a group of comparison, level and weight.
func reportSchema(left, right *extract.Dataset, leftCols, rightCols []int) []*parquet.SchemaElement {
	root := &parquet.SchemaElement{Name: "schema", RepetitionType: repetition(parquet.FieldRepetitionType_REQUIRED)}
	elems := []*parquet.SchemaElement{root}
	top := int32(0)
	add := func(name string, k valueKind, null bool) {
		top++
		rep := parquet.FieldRepetitionType_REQUIRED
		if null {
			rep = parquet.FieldRepetitionType_OPTIONAL
		}
		if k != kindOutcomes {
			e := leafElement(name, k, rep)
			e.FieldID = i32(top)
			elems = append(elems, e)
			return
		}
		elems = append(elems,
			&parquet.SchemaElement{Name: name, RepetitionType: repetition(rep), NumChildren: i32(1), FieldID: i32(top),
				ConvertedType: converted(parquet.ConvertedType_LIST), LogicalType: &parquet.LogicalType{LIST: &parquet.ListType{}}},
			&parquet.SchemaElement{Name: "list", RepetitionType: repetition(parquet.FieldRepetitionType_REPEATED), NumChildren: i32(1)},
			&parquet.SchemaElement{Name: "element", RepetitionType: repetition(parquet.FieldRepetitionType_OPTIONAL), NumChildren: i32(3)},
			leafElement("comparison", kindText, parquet.FieldRepetitionType_REQUIRED),
			leafElement("level", kindText, parquet.FieldRepetitionType_REQUIRED),
			leafElement("weight", kindDouble, parquet.FieldRepetitionType_REQUIRED),
		)
	}
	for _, c := range CommonColumns {
		add(c.Name, c.kind, c.null)
	}
	for _, side := range []struct {
		prefix string
		ds     *extract.Dataset
		cols   []int
	}{{"left_", left, leftCols}, {"right_", right, rightCols}} {
		add(side.prefix+extract.BodyField, kindText, false)
		for _, c := range side.cols[1:] {
			f := side.ds.Fields[c-1]
			add(side.prefix+f.Name, sideKind(f.Kind), true)
		}
	}
	root.NumChildren = i32(top)
	return elems
}

// leafElement is the schema element of a column of values of kind k,
// with both the converted type older readers know and the logical type.
func leafElement(name string, k valueKind, rep parquet.FieldRepetitionType) *parquet.SchemaElement {
	e := &parquet.SchemaElement{Name: name, RepetitionType: repetition(rep)}
	physical := func(t parquet.Type) { e.Type = &t }
	switch k {
	case kindText:
		physical(parquet.Type_BYTE_ARRAY)
		e.ConvertedType = converted(parquet.ConvertedType_UTF8)
		e.LogicalType = &parquet.LogicalType{STRING: &parquet.StringType{}}
	case kindDouble:
		physical(parquet.Type_DOUBLE)
	case kindDecimal:
		physical(parquet.Type_INT64)
		scale, precision := int32(2), int32(18)
		e.ConvertedType = converted(parquet.ConvertedType_DECIMAL)
		e.Scale, e.Precision = &scale, &precision
		e.LogicalType = &parquet.LogicalType{DECIMAL: &parquet.DecimalType{Scale: scale, Precision: precision}}
	case kindDate:
		physical(parquet.Type_INT32)
		e.ConvertedType = converted(parquet.ConvertedType_DATE)
		e.LogicalType = &parquet.LogicalType{DATE: &parquet.DateType{}}
	case kindInt64:
		physical(parquet.Type_INT64)
		e.ConvertedType = converted(parquet.ConvertedType_INT_64)
		e.LogicalType = &parquet.LogicalType{INTEGER: &parquet.IntType{BitWidth: 64, IsSigned: true}}
	case kindBool:
		physical(parquet.Type_BOOLEAN)
	}
	return e
}

func i32(v int32) *int32 { return &v }

func repetition(r parquet.FieldRepetitionType) *parquet.FieldRepetitionType { return &r }

func converted(c parquet.ConvertedType) *parquet.ConvertedType { return &c }
