package returns

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/outcome"
	"github.com/nfimatch/nfimatch/report"
)

// Delimiter separates the fields of the return's files: a pipe, as the NFI
// file conventions ask when the data hold commas (addresses and reasons do).
const Delimiter = '|'

// reportTotals are one report's figures for the summary file.
type reportTotals struct {
	Name, ID           string
	Matches            int
	High, Medium, Low  int
	Overpaid           int64 // pence, sum of positive amounts
	Underpaid          int64 // pence, sum of the magnitudes of negative amounts
	WithAmount         int
	PreviouslyReviewed int
	Outcomes           map[outcome.Kind]*outcomeTotals
	NotReviewed        int
}

type outcomeTotals struct {
	Matches int
	Recover int64 // pence
}

// detailColumn formats one report column for the detail file.
type detailColumn struct {
	name   string // in the detail file
	col    int    // in the report
	pseudo bool   // replaced by a pseudonym
}

// writeDetail writes the matches of the report at path to w in the NFI
// conventions (pipe-delimited, dates ddmmyyyy, money in whole pence),
// joined with their outcomes, and returns the report's totals. With a
// key, identifying fields and match ids become pseudonyms and the reason,
// which quotes them in words, is left out.
func writeDetail(ctx context.Context, path string, w io.Writer, outcomes map[string]outcome.Record, key []byte) (*reportTotals, int, error) {
	t, err := report.ReadFile(ctx, path, memory.DefaultAllocator)
	if err != nil {
		return nil, 0, err
	}
	defer t.Release()
	cols, err := detailColumns(t, key != nil)
	if err != nil {
		return nil, 0, fmt.Errorf("report %s: %w", path, err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = Delimiter
	head := make([]string, 0, len(cols)+3)
	for _, c := range cols {
		head = append(head, c.name)
	}
	cw.Write(append(head, "outcome", "amount_to_recover_pence", "outcome_date"))
	tot := &reportTotals{Outcomes: map[outcome.Kind]*outcomeTotals{}}
	text, err := report.TextColumns(t.Schema(), "report_name", "report_id", "match_id", "band")
	if err != nil {
		return nil, 0, fmt.Errorf("report %s: %w", path, err)
	}
	iName, iID, iMatch, iBand := text[0], text[1], text[2], text[3]
	iAmount := t.Schema().FieldIndices("amount")
	if len(iAmount) != 1 || t.Schema().Field(iAmount[0]).Type.ID() != arrow.DECIMAL128 {
		return nil, 0, fmt.Errorf("report %s: no DECIMAL column amount: not an nfimatch report", path)
	}
	iPrev := -1
	if f := t.Schema().FieldIndices("previously_reviewed"); len(f) == 1 {
		iPrev = f[0]
	}
	tr := array.NewTableReader(t, 4096)
	defer tr.Release()
	row := make([]string, 0, len(head)+3)
	rows := 0
	for tr.Next() {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		rec := tr.Record()
		names, ids := rec.Column(iName).(*array.String), rec.Column(iID).(*array.String)
		matches, bands := rec.Column(iMatch).(*array.String), rec.Column(iBand).(*array.String)
		amounts := rec.Column(iAmount[0]).(*array.Decimal128)
		for r := 0; r < int(rec.NumRows()); r++ {
			row = row[:0]
			for _, c := range cols {
				v := format(rec.Column(c.col), r)
				if c.pseudo && v != "" {
					v = Pseudonym(key, v)
				}
				row = append(row, v)
			}
			id := matches.Value(r)
			tot.Name, tot.ID = names.Value(r), ids.Value(r)
			tot.count(bands.Value(r), amounts, r)
			if iPrev >= 0 && format(rec.Column(iPrev), r) == "Y" {
				tot.PreviouslyReviewed++
			}
			o, ok := outcomes[id]
			if !ok {
				tot.NotReviewed++
				row = append(row, "", "", "")
			} else {
				ot := tot.Outcomes[o.Outcome]
				if ot == nil {
					ot = &outcomeTotals{}
					tot.Outcomes[o.Outcome] = ot
				}
				ot.Matches++
				ot.Recover += o.Recover
				recover, date := "", ""
				if o.HasRecover {
					recover = strconv.FormatInt(o.Recover, 10)
				}
				if o.HasDate {
					date = ddmmyyyy(o.Date)
				}
				row = append(row, string(o.Outcome), recover, date)
			}
			cw.Write(row)
			rows++
		}
	}
	if err := tr.Err(); err != nil {
		return nil, 0, fmt.Errorf("read report %s: %w", path, err)
	}
	cw.Flush()
	return tot, rows, cw.Error()
}

func (t *reportTotals) count(band string, amount *array.Decimal128, r int) {
	t.Matches++
	switch band {
	case "high":
		t.High++
	case "medium":
		t.Medium++
	case "low":
		t.Low++
	}
	if amount.IsNull(r) {
		return
	}
	pence := amount.Value(r).LowBits()
	t.WithAmount++
	if p := int64(pence); p >= 0 {
		t.Overpaid += p
	} else {
		t.Underpaid -= p
	}
}

// detailColumns chooses and names the report's columns for the detail
// file: money columns gain a _pence suffix; with pseudonymise, identifying
// side fields and the match id are marked and the reason is dropped.
func detailColumns(t arrow.Table, pseudonymise bool) ([]detailColumn, error) {
	sides := map[string]*extract.Dataset{}
	for _, side := range []string{"left", "right"} {
		i, err := report.TextColumns(t.Schema(), side+"_dataset")
		if err != nil {
			return nil, err
		}
		if t.NumRows() == 0 {
			continue
		}
		chunk := t.Column(i[0]).Data().Chunks()[0]
		for _, c := range t.Column(i[0]).Data().Chunks() {
			if c.Len() > 0 {
				chunk = c
				break
			}
		}
		name := chunk.(*array.String).Value(0)
		ds, err := extract.Lookup(name)
		if err != nil {
			return nil, err
		}
		sides[side] = ds
	}
	var out []detailColumn
	for i, f := range t.Schema().Fields() {
		c := detailColumn{name: f.Name, col: i}
		if _, ok := f.Type.(*arrow.Decimal128Type); ok {
			c.name += "_pence"
		}
		switch {
		case f.Name == "reason" && pseudonymise:
			continue
		case f.Name == "match_id":
			c.pseudo = pseudonymise
		case pseudonymise:
			for side, ds := range sides {
				field, ok := strings.CutPrefix(f.Name, side+"_")
				if ok && field != extract.BodyField && field != "dataset" && identifies(ds, field) {
					c.pseudo = true
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// format writes value r of a in the NFI conventions: dates ddmmyyyy,
// money (DECIMAL(18,2)) in whole pence, flags Y or N, the comparisons
// list as comparison:level pairs joined by semicolons, missing as blank.
func format(a arrow.Array, r int) string {
	if a.IsNull(r) {
		return ""
	}
	switch v := a.(type) {
	case *array.String:
		return v.Value(r)
	case *array.Date32:
		return ddmmyyyy(int32(v.Value(r)))
	case *array.Decimal128:
		return strconv.FormatInt(int64(v.Value(r).LowBits()), 10)
	case *array.Float64:
		return strconv.FormatFloat(v.Value(r), 'f', -1, 64)
	case *array.Int64:
		return strconv.FormatInt(v.Value(r), 10)
	case *array.Int32:
		return strconv.FormatInt(int64(v.Value(r)), 10)
	case *array.Boolean:
		if v.Value(r) {
			return "Y"
		}
		return "N"
	case *array.List:
		return formatList(v, r)
	}
	return a.ValueStr(r)
}

// formatList writes a comparisons list as "surname:exact;date_of_birth:swapped".
func formatList(l *array.List, r int) string {
	st, ok := l.ListValues().(*array.Struct)
	if !ok {
		return l.ValueStr(r)
	}
	start, end := l.ValueOffsets(r)
	var parts []string
	for i := int(start); i < int(end); i++ {
		cmp, lvl := st.Field(0).(*array.String), st.Field(1).(*array.String)
		parts = append(parts, cmp.Value(i)+":"+lvl.Value(i))
	}
	return strings.Join(parts, ";")
}

// ddmmyyyy formats days since 1970-01-01 as the NFI date layout.
func ddmmyyyy(days int32) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format("02012006")
}
