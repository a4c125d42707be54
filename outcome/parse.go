package outcome

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nfimatch/nfimatch/extract"
)

// Problem is one thing wrong with a row of an outcomes file.
type Problem struct {
	Line  int    // 1-based line of the file; 0 for the file as a whole
	Field string // the column, when one is at fault
	Msg   string
}

func (p Problem) String() string {
	switch {
	case p.Line == 0:
		return p.Msg
	case p.Field == "":
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Field, p.Msg)
}

// InvalidError lists every problem found in an outcomes file. Nothing of a
// file with problems is stored.
type InvalidError struct {
	File     string
	Problems []Problem
}

func (e *InvalidError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s), nothing imported", e.File, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// Columns are the columns of an outcomes file, in the order Template
// writes them. match_id and outcome are required; the others may be blank.
var Columns = []string{"match_id", "outcome", "amount_to_recover", "date", "note"}

// columnAliases are other names investigators give the columns.
var columnAliases = map[string]string{
	"outcome_date": "date", "date_of_outcome": "date",
	"recover": "amount_to_recover", "amount": "amount_to_recover", "recovery": "amount_to_recover",
	"notes": "note", "comment": "note", "comments": "note",
}

// Parse reads an investigators' outcomes file. known maps every match id
// of the reports to its report's name; a row naming any other id is a
// problem. Every problem of the file is listed at once in an
// *InvalidError, with its line number.
func Parse(r io.Reader, name string, known map[string]string) ([]Record, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	bad := &InvalidError{File: name}
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &InvalidError{File: name, Problems: []Problem{{Msg: "the file is empty: it needs a header row " + strings.Join(Columns, ",")}}}
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	col, problems := header(head)
	if len(problems) > 0 {
		bad.Problems = problems
		return nil, bad
	}
	var out []Record
	seen := map[string]int{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad.Problems = append(bad.Problems, Problem{Line: pe.Line, Msg: pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		if blankRow(row) {
			continue
		}
		rec, ps := parseRow(line, get, known)
		if prev, dup := seen[rec.MatchID]; dup && rec.MatchID != "" {
			ps = append(ps, Problem{Line: line, Field: "match_id", Msg: fmt.Sprintf("match %s is given again (first on line %d)", rec.MatchID, prev)})
		}
		if len(ps) > 0 {
			bad.Problems = append(bad.Problems, ps...)
			continue
		}
		seen[rec.MatchID] = line
		out = append(out, rec)
	}
	if len(bad.Problems) > 0 {
		return nil, bad
	}
	return out, nil
}

// header maps each known column to its index, listing unknown, repeated
// and missing required columns.
func header(head []string) (map[string]int, []Problem) {
	col := map[string]int{}
	var ps []Problem
	for i, h := range head {
		n := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		n = strings.NewReplacer(" ", "_", "-", "_").Replace(n)
		if a, ok := columnAliases[n]; ok {
			n = a
		}
		known := false
		for _, c := range Columns {
			known = known || c == n
		}
		switch _, dup := col[n]; {
		case !known:
			ps = append(ps, Problem{Line: 1, Field: h, Msg: "unknown column (columns: " + strings.Join(Columns, ", ") + ")"})
		case dup:
			ps = append(ps, Problem{Line: 1, Field: h, Msg: "column given twice"})
		default:
			col[n] = i
		}
	}
	for _, req := range Columns[:2] {
		if _, ok := col[req]; !ok {
			ps = append(ps, Problem{Line: 1, Field: req, Msg: "required column missing"})
		}
	}
	return col, ps
}

func blankRow(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// parseRow checks one row; every problem of the row is listed.
func parseRow(line int, get func(string) string, known map[string]string) (Record, []Problem) {
	var ps []Problem
	add := func(field, format string, args ...any) {
		ps = append(ps, Problem{Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	rec := Record{MatchID: strings.ToLower(get("match_id")), Note: get("note")}
	if rec.MatchID == "" {
		add("match_id", "required")
	} else if report, ok := known[rec.MatchID]; !ok {
		add("match_id", "%s is not a match in these reports", rec.MatchID)
	} else {
		rec.Report = report
	}
	k, err := ParseKind(get("outcome"))
	if get("outcome") == "" {
		add("outcome", "required: fraud, error, no issue, under investigation or closed")
	} else if err != nil {
		add("outcome", "%v", err)
	}
	rec.Outcome = k
	if s := get("amount_to_recover"); s != "" {
		pence, err := extract.ParsePounds(s)
		switch {
		case err != nil:
			add("amount_to_recover", "%q is not an amount in pounds (e.g. 1234.56): %v", s, err)
		case pence < 0:
			add("amount_to_recover", "%q is negative: give the amount to recover as a positive sum", s)
		case pence > 0 && k != "" && !k.MayRecover():
			add("amount_to_recover", "an outcome of no issue has nothing to recover, got %s", s)
		default:
			rec.Recover, rec.HasRecover = pence, true
		}
	}
	if s := get("date"); s != "" {
		d, err := extract.ParseDate(s, extract.DefaultDateConfig())
		if err != nil {
			add("date", "%q is not a date (dd/mm/yyyy): %v", s, err)
		} else {
			rec.Date, rec.HasDate = d, true
		}
	} else if k.Reviewed() {
		add("date", "required when the outcome is %s: the day the review ended", strings.ReplaceAll(string(k), "_", " "))
	}
	return rec, ps
}
