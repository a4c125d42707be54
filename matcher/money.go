package matcher

import (
	"github.com/antzucaro/matchr"
	"github.com/nfimatch/nfimatch/rules"
)

// moneyFeat is an amount in pence; ok is false when missing.
type moneyFeat struct {
	pence int64
	ok    bool
}

func moneyFeatures(t *Table, col int) []moneyFeat {
	c := &t.Cols[col]
	out := make([]moneyFeat, t.Len)
	for r := range out {
		out[r] = moneyFeat{pence: c.Num[r], ok: c.Valid[r]}
	}
	return out
}

// moneyScorer compares amounts: exact, within a tolerance in pounds, or
// within a percentage of the larger.
type moneyScorer struct {
	c    *Comparison
	lv   []level
	l, r []moneyFeat
}

func (s *moneyScorer) outcome(i, j int) int {
	a, b := s.l[i], s.r[j]
	if !a.ok || !b.ok {
		return s.c.missing
	}
	diff := a.pence - b.pence
	if diff < 0 {
		diff = -diff
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = diff == 0
		case lvWithin:
			hit = float64(diff) <= lv.tolerance
		case lvPercent:
			larger := max(abs64(a.pence), abs64(b.pence))
			hit = float64(diff)*100 <= lv.percent*float64(larger)
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// invoiceFeat is an invoice number as written and normalised.
type invoiceFeat struct {
	raw, norm string
}

func invoiceFeatures(t *Table, col int) []invoiceFeat {
	out := make([]invoiceFeat, t.Len)
	for r := range out {
		if v := t.Text(col, r); v != "" {
			out[r] = invoiceFeat{raw: v, norm: rules.NormaliseInvoice(v)}
		}
	}
	return out
}

// invoiceScorer compares invoice numbers: as written, normalised (INV-0012
// and 12 agree), or within a number of edits of each other once normalised.
type invoiceScorer struct {
	c    *Comparison
	lv   []level
	l, r []invoiceFeat
}

func (s *invoiceScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.raw == "" || b.raw == "" {
		return s.c.missing
	}
	dist := -1 // computed once, when a level needs it
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = a.raw == b.raw
		case lvNormalised:
			hit = a.norm == b.norm
		case lvEditDistance:
			if dist < 0 {
				dist = matchr.DamerauLevenshtein(a.norm, b.norm)
			}
			hit = dist <= lv.max
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// bankFeat is a sort code and account number; either may be "".
type bankFeat struct {
	sort, account string
}

func bankFeatures(t *Table, cols []int) []bankFeat {
	out := make([]bankFeat, t.Len)
	for r := range out {
		out[r] = bankFeat{sort: t.Text(cols[0], r), account: t.Text(cols[1], r)}
	}
	return out
}

// bankScorer compares bank details: both equal, the same sort code with
// two adjacent digits of the account swapped, or the same account at
// another sort code. A missing account is a missing value; a missing sort
// code leaves only the account level.
type bankScorer struct {
	c    *Comparison
	lv   []level
	l, r []bankFeat
}

func (s *bankScorer) outcome(i, j int) int {
	a, b := &s.l[i], &s.r[j]
	if a.account == "" || b.account == "" {
		return s.c.missing
	}
	sameSort := a.sort != "" && a.sort == b.sort
	for k := range s.lv {
		var hit bool
		switch s.lv[k].code {
		case lvExact:
			hit = sameSort && a.account == b.account
		case lvTransposed:
			hit = sameSort && oneTransposition(a.account, b.account)
		case lvAccount:
			hit = a.account == b.account
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}
