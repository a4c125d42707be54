package report

import (
	"fmt"
	"reflect"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
)

// ComparisonOutcome is one element of the comparisons column: what one
// comparison found and what it added to the score.
type ComparisonOutcome struct {
	Comparison string  `parquet:"name=comparison, type=BYTE_ARRAY, convertedtype=UTF8"`
	Level      string  `parquet:"name=level, type=BYTE_ARRAY, convertedtype=UTF8"`
	Weight     float64 `parquet:"name=weight, type=DOUBLE"`
}

// Column describes one of the common columns.
type Column struct {
	Name string
	Type string // the type DuckDB reads
	Doc  string
	typ  reflect.Type
	tag  string
}

var (
	typString   = reflect.TypeOf("")
	typOptStr   = reflect.TypeOf((*string)(nil))
	typOptInt32 = reflect.TypeOf((*int32)(nil))
	typOptInt64 = reflect.TypeOf((*int64)(nil))
	typOptBool  = reflect.TypeOf((*bool)(nil))
	typFloat    = reflect.TypeOf(float64(0))
	typOptFloat = reflect.TypeOf((*float64)(nil))
	typBool     = reflect.TypeOf(false)
	typOutcomes = reflect.TypeOf([]ComparisonOutcome(nil))
)

const (
	tagUTF8     = "type=BYTE_ARRAY, convertedtype=UTF8"
	tagDecimal  = "type=INT64, convertedtype=DECIMAL, scale=2, precision=18"
	tagDate     = "type=INT32, convertedtype=DATE"
	tagInt64    = "type=INT64"
	tagBool     = "type=BOOLEAN"
	tagOptional = ", repetitiontype=OPTIONAL"
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
	colReportID:           {"report_id", "VARCHAR", "the rule that produced the match", typString, tagUTF8},
	colReportName:         {"report_name", "VARCHAR", "the report, as named in the job (the rule id unless the job names it)", typString, tagUTF8},
	colMatchID:            {"match_id", "VARCHAR", "stable id of the pair: the same records give the same id on every run", typString, tagUTF8},
	colScore:              {"score", "DOUBLE", "sum of the comparisons' weights", typFloat, "type=DOUBLE"},
	colProbability:        {"match_probability", "DOUBLE", "the chance the two records are one person, from the score and the rule's model prior; NULL where the rule has no model", typOptFloat, "type=DOUBLE" + tagOptional},
	colBand:               {"band", "VARCHAR", "high, medium or low, from the rule's score bands", typString, tagUTF8},
	colAmount:             {"amount", "DECIMAL(18,2)", "money in pounds: over-payment positive, under-payment negative; NULL where the rule has no money, a value it needs is missing, or the result is over a billion pounds", typOptInt64, tagDecimal + tagOptional},
	colReason:             {"reason", "VARCHAR", "why the pair matched, in words", typString, tagUTF8},
	colBlockPass:          {"block_pass", "VARCHAR", "the first blocking pass that brought the pair together", typString, tagUTF8},
	colComparisons:        {"comparisons", "STRUCT(comparison VARCHAR, level VARCHAR, weight DOUBLE)[]", "each comparison's level and what it added to the score (its level's weight, adjusted for term frequency where the level has tf), in rule order", typOutcomes, "type=LIST"},
	colLeftDataset:        {"left_dataset", "VARCHAR", "dataset type of the left record", typString, tagUTF8},
	colRightDataset:       {"right_dataset", "VARCHAR", "dataset type of the right record", typString, tagUTF8},
	colPreviousOutcome:    {"previous_outcome", "VARCHAR", "the outcome investigators recorded for this match id after an earlier run (fraud, error, no_issue, under_investigation, closed); NULL when none", typOptStr, tagUTF8 + tagOptional},
	colPreviouslyReviewed: {"previously_reviewed", "BOOLEAN", "true when an earlier run's review of this match ended (any outcome but under_investigation): the match is not new", typBool, tagBool},
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

// rowType builds the Go struct type that parquet-go writes for one report:
// the common columns, then a column per carried field of each side (cols
// from sideColumns). Optional columns are pointers, which parquet-go needs
// to write NULLs.
func rowType(left, right *extract.Dataset, leftCols, rightCols []int) reflect.Type {
	var fields []reflect.StructField
	add := func(name string, t reflect.Type, tag string) {
		fields = append(fields, reflect.StructField{
			Name: fmt.Sprintf("C%d", len(fields)),
			Type: t,
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:"name=%s, %s, fieldid=%d"`, name, tag, len(fields)+1)),
		})
	}
	for _, c := range CommonColumns {
		add(c.Name, c.typ, c.tag)
	}
	for _, side := range []struct {
		prefix string
		ds     *extract.Dataset
		cols   []int
	}{{"left_", left, leftCols}, {"right_", right, rightCols}} {
		add(side.prefix+extract.BodyField, typString, tagUTF8)
		for _, c := range side.cols[1:] {
			f := side.ds.Fields[c-1]
			switch f.Kind {
			case extract.KindDate:
				add(side.prefix+f.Name, typOptInt32, tagDate+tagOptional)
			case extract.KindMoney:
				add(side.prefix+f.Name, typOptInt64, tagDecimal+tagOptional)
			case extract.KindInt:
				add(side.prefix+f.Name, typOptInt64, tagInt64+tagOptional)
			case extract.KindFlag:
				add(side.prefix+f.Name, typOptBool, tagBool+tagOptional)
			default:
				add(side.prefix+f.Name, typOptStr, tagUTF8+tagOptional)
			}
		}
	}
	return reflect.StructOf(fields)
}

// fillSide sets the side columns of row, starting at struct field first,
// from the columns cols of row r of t.
func fillSide(row reflect.Value, first int, t *matcher.Table, cols []int, r int) {
	row.Field(first).SetString(t.Cols[0].Str[r])
	for k, c := range cols[1:] {
		col := &t.Cols[c]
		if !col.Valid[r] {
			continue
		}
		f := row.Field(first + 1 + k)
		switch col.Kind {
		case extract.KindDate:
			v := int32(col.Num[r])
			f.Set(reflect.ValueOf(&v))
		case extract.KindMoney, extract.KindInt:
			v := col.Num[r]
			f.Set(reflect.ValueOf(&v))
		case extract.KindFlag:
			v := col.Num[r] != 0
			f.Set(reflect.ValueOf(&v))
		default:
			v := col.Str[r]
			f.Set(reflect.ValueOf(&v))
		}
	}
}
