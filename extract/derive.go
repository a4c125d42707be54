package extract

import (
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
)

// Fields that a Reader derives from others when a dataset has them and the
// input has no column (nor a mapping's constant) for them.
const (
	// SuffixField holds a generational suffix (JR, SR, II, III, IV), split
	// off the surname or the forenames (see SplitSuffix).
	SuffixField = "name_suffix"
	// FlatField and HouseNumberField hold the flat and the house number,
	// found in the address lines (see SplitPremises).
	FlatField        = "flat"
	HouseNumberField = "house_number"
)

// suffixSources are the fields a suffix is split off, in the order tried.
var suffixSources = []string{"surname", "forenames"}

// addressLineNames are the address lines the premises are found in.
var addressLineNames = []string{"address_1", "address_2", "address_3", "address_4"}

// derivation says which fields of a Reader's dataset are derived, by index
// into its fields (and cells); -1 means not derived.
type derivation struct {
	suffix     int
	suffixFrom []int // fields a suffix is split off
	flat       int
	number     int
	lines      []int    // address lines read for the premises
	buf        []string // the address lines of the current row
}

// planDerived finds the fields of ds that plan gives no source and that
// the Reader derives, and the fields they come from.
func planDerived(ds *Dataset, plan []fieldPlan) derivation {
	dv := derivation{suffix: -1, flat: -1, number: -1}
	supplied := func(fi int) bool { return plan[fi].col >= 0 || plan[fi].hasConst }
	for fi, f := range ds.Fields {
		switch {
		case supplied(fi):
			if slices.Contains(suffixSources, f.Name) {
				dv.suffixFrom = append(dv.suffixFrom, fi)
			}
			if slices.Contains(addressLineNames, f.Name) {
				dv.lines = append(dv.lines, fi)
			}
		case f.Kind.ArrowType().ID() != arrow.STRING:
			// Derived values are text; a schema that holds one as a
			// number does not get it derived.
		case f.Name == SuffixField:
			dv.suffix = fi
		case f.Name == FlatField:
			dv.flat = fi
		case f.Name == HouseNumberField:
			dv.number = fi
		}
	}
	// Try the surname first, whatever the order of the fields.
	slices.SortFunc(dv.suffixFrom, func(a, b int) int {
		return slices.Index(suffixSources, ds.Fields[a].Name) - slices.Index(suffixSources, ds.Fields[b].Name)
	})
	if len(dv.suffixFrom) == 0 {
		dv.suffix = -1
	}
	if len(dv.lines) == 0 {
		dv.flat, dv.number = -1, -1
	}
	dv.buf = make([]string, 0, len(dv.lines))
	return dv
}

// derive fills the derived fields of the row in d.cells. A suffix moves:
// it leaves the name it was found in, whose original keeps it. Derived
// fields have no original, since the input did not supply them.
func (d *Reader) derive() {
	dv := &d.derived
	if dv.suffix >= 0 {
		out := &d.cells[dv.suffix]
		for _, fi := range dv.suffixFrom {
			c := &d.cells[fi]
			if !c.valid {
				continue
			}
			rest, suffix := SplitSuffix(c.str)
			if suffix == "" || (out.valid && out.str != suffix) {
				continue
			}
			c.str = rest
			out.str, out.valid = suffix, true
		}
	}
	if dv.flat < 0 && dv.number < 0 {
		return
	}
	dv.buf = dv.buf[:0]
	for _, fi := range dv.lines {
		// Read the lines as supplied: their commas part the flat from the
		// street (GROUND FLOOR FLAT, 12 HIGH STREET).
		if c := &d.cells[fi]; c.orig != "" {
			dv.buf = append(dv.buf, c.orig)
		} else if c.valid {
			dv.buf = append(dv.buf, c.str)
		}
	}
	flat, number := SplitPremises(dv.buf)
	if dv.flat >= 0 && flat != "" {
		d.cells[dv.flat].str, d.cells[dv.flat].valid = flat, true
	}
	if dv.number >= 0 && number != "" {
		d.cells[dv.number].str, d.cells[dv.number].valid = number, true
	}
}
