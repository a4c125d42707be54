package rules

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/nfimatch/nfimatch/extract"
)

// Side says which record of a pair a value belongs to.
type Side int

// The two sides of a pair.
const (
	Left Side = iota
	Right
)

// layout is the Go type that expressions see: a struct with fields left and
// right, each a struct with one pointer field per column of the dataset's
// Arrow schema (body first), nil where the value is missing. Dates are
// *time.Time, money *float64 in pounds, everything else *string.
type layout struct {
	typ        reflect.Type
	sides      [2]*extract.Dataset
	levelField map[int]int // comparison index -> field of the level struct
}

var (
	typString = reflect.TypeOf((*string)(nil))
	typTime   = reflect.TypeOf((*time.Time)(nil))
	typMoney  = reflect.TypeOf((*float64)(nil))
	typInt    = reflect.TypeOf((*int)(nil))
	typFlag   = reflect.TypeOf((*bool)(nil))
)

func newLayout(left, right *extract.Dataset, comparisons []Comparison) *layout {
	side := func(ds *extract.Dataset) reflect.Type {
		fields := []reflect.StructField{{Name: "Body", Type: typString, Tag: `expr:"body"`}}
		for i, f := range ds.Fields {
			t := typString
			switch f.Kind {
			case extract.KindDate:
				t = typTime
			case extract.KindMoney:
				t = typMoney
			case extract.KindInt:
				t = typInt
			case extract.KindFlag:
				t = typFlag
			}
			fields = append(fields, reflect.StructField{Name: fmt.Sprintf("F%d", i+1), Type: t, Tag: reflect.StructTag(`expr:"` + f.Name + `"`)})
		}
		return reflect.StructOf(fields)
	}
	// level.ID is the name of the level comparison ID gave the pair.
	// Comparisons with an id that is not a name or is repeated have no
	// field: Validate reports them.
	var levels []reflect.StructField
	levelField := map[int]int{}
	seen := map[string]bool{}
	for i, c := range comparisons {
		if !isIdent(c.ID) || seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		levelField[i] = len(levels)
		levels = append(levels, reflect.StructField{Name: fmt.Sprintf("L%d", i), Type: reflect.TypeOf(""), Tag: reflect.StructTag(`expr:"` + c.ID + `"`)})
	}
	typ := reflect.StructOf([]reflect.StructField{
		{Name: "Left", Type: side(left), Tag: `expr:"left"`},
		{Name: "Right", Type: side(right), Tag: `expr:"right"`},
		{Name: "Level", Type: reflect.StructOf(levels), Tag: `expr:"level"`},
	})
	return &layout{typ: typ, sides: [2]*extract.Dataset{left, right}, levelField: levelField}
}

// Env holds the values of one pair for evaluating a rule's expressions. It
// is reused from pair to pair and is not safe for concurrent use: make one
// per worker with Compiled.NewEnv.
type Env struct {
	v      reflect.Value
	levels map[int]int
}

// Clear sets every value to missing.
func (e *Env) Clear() {
	e.v.SetZero()
}

// SetString sets column col (an index into the dataset's Arrow schema) of
// side to s.
func (e *Env) SetString(side Side, col int, s string) {
	e.v.Field(int(side)).Field(col).Set(reflect.ValueOf(&s))
}

// SetDate sets a date column to days since 1970-01-01.
func (e *Env) SetDate(side Side, col int, days int32) {
	t := time.Unix(int64(days)*86400, 0).UTC()
	e.v.Field(int(side)).Field(col).Set(reflect.ValueOf(&t))
}

// SetMoney sets a money column to an amount in pence.
func (e *Env) SetMoney(side Side, col int, pence int64) {
	pounds := float64(pence) / 100
	e.v.Field(int(side)).Field(col).Set(reflect.ValueOf(&pounds))
}

// SetInt sets a whole-number column.
func (e *Env) SetInt(side Side, col int, v int64) {
	n := int(v)
	e.v.Field(int(side)).Field(col).Set(reflect.ValueOf(&n))
}

// SetFlag sets a yes/no column.
func (e *Env) SetFlag(side Side, col int, v bool) {
	e.v.Field(int(side)).Field(col).Set(reflect.ValueOf(&v))
}

// SetLevel sets level.ID of comparison i (by its position in the rule) to
// the name of the level the pair reached.
func (e *Env) SetLevel(i int, name string) {
	if f, ok := e.levels[i]; ok {
		e.v.Field(2).Field(f).SetString(name)
	}
}

// checkRefs lists left.x and right.x references in src that name no column
// or a side that allow rules out, and level.x references to no comparison,
// so that a typo is reported in the rule's own words.
func (l *layout) checkRefs(src string, allow [2]bool, levels bool) error {
	var probs []string
	for si, prefix := range []string{"left.", "right."} {
		names := refNames(src, prefix)
		if len(names) > 0 && !allow[si] {
			probs = append(probs, fmt.Sprintf("%s%s: a filter sees one record: refer to %s fields only", prefix, names[0], []string{"right", "left"}[si]))
			continue
		}
		ds := l.sides[si]
		for _, name := range names {
			if _, ok := ds.Field(name); !ok && name != extract.BodyField {
				probs = append(probs, fmt.Sprintf("%s%s: dataset %s has no field %q%s", prefix, name, ds.Type, name, suggest(ds, name)))
			}
		}
	}
	names := refNames(src, "level.")
	switch {
	case len(names) > 0 && !levels:
		probs = append(probs, fmt.Sprintf("level.%s: a comparison's level is known only once a pair is compared: use it in condition or amount", names[0]))
	case len(names) > 0:
		lt := l.typ.Field(2).Type
		for _, name := range names {
			if !hasTaggedField(lt, name) {
				probs = append(probs, fmt.Sprintf("level.%s: the rule has no comparison with id %q", name, name))
			}
		}
	}
	if len(probs) > 0 {
		return fmt.Errorf("%s", strings.Join(probs, "; "))
	}
	return nil
}

// refNames lists the names that follow prefix ("left.") in src, where the
// prefix starts a name of its own (not "x.left.").
func refNames(src, prefix string) []string {
	var out []string
	rest := src
	for {
		i := strings.Index(rest, prefix)
		if i < 0 {
			return out
		}
		own := i == 0 || !(isIdentByte(rest[i-1]) || rest[i-1] == '.')
		rest = rest[i+len(prefix):]
		if !own {
			continue
		}
		j := 0
		for j < len(rest) && isIdentByte(rest[j]) {
			j++
		}
		out = append(out, rest[:j])
	}
}

func hasTaggedField(t reflect.Type, tag string) bool {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("expr") == tag {
			return true
		}
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
