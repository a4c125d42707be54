package yamlcheck

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

type column struct {
	Name  string `yaml:"name"`
	Start int    `yaml:"start"`
}

type short struct {
	Column string `yaml:"column"`
	Money  string `yaml:"money"`
}

func (short) ShortForm() {}

func (s *short) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		s.Column = n.Value
		return nil
	}
	type plain short
	return n.Decode((*plain)(s))
}

type doc struct {
	Version int              `yaml:"version"`
	Header  *bool            `yaml:"header"`
	Columns []column         `yaml:"columns"`
	Fields  map[string]short `yaml:"fields"`
	Ratio   float64          `yaml:"ratio"`
}

func TestDecodeGood(t *testing.T) {
	in := "version: 1\nheader: false\nratio: 2\ncolumns:\n  - name: REF\n    start: 1\nfields:\n  surname: SNAME\n  amount: {column: AMT, money: pounds}\n"
	var d doc
	pos, err := Decode("m.yaml", []byte(in), &d)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 1 || d.Header == nil || *d.Header || d.Columns[0].Name != "REF" || d.Fields["surname"].Column != "SNAME" ||
		d.Fields["amount"].Money != "pounds" || d.Ratio != 2 {
		t.Errorf("decoded %+v", d)
	}
	if got := pos.At("m.yaml", "fields.amount"); got != "m.yaml:9:11" {
		t.Errorf("At(fields.amount) = %s, want m.yaml:9:11", got)
	}
	if got := pos.At("m.yaml", "columns[0].start"); got != "m.yaml:6:12" {
		t.Errorf("At(columns[0].start) = %s, want m.yaml:6:12", got)
	}
	if got := pos.At("m.yaml", "nowhere"); got != "m.yaml" {
		t.Errorf("At(nowhere) = %s, want the file alone", got)
	}
}

// TestDecodeProblems checks that every problem is listed with its line and
// column, not only the first.
func TestDecodeProblems(t *testing.T) {
	in := "version: one\nheadr: true\ncolumns:\n  - name: REF\n    start: [1]\n    width: 3\nfields:\n  surname: {colum: X}\n  dob: [a]\nratio: fast\nversion: 2\n"
	var d doc
	_, err := Decode("m.yaml", []byte(in), &d)
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("error %v, want ErrInvalid", err)
	}
	for _, want := range []string{
		"m.yaml:1:10: version: want a whole number, found the text \"one\"",
		"m.yaml:2:1: unknown key \"headr\" (known keys: columns, fields, header, ratio, version)",
		"m.yaml:5:12: columns[0].start: want a whole number, found a list",
		"m.yaml:6:5: unknown key \"width\" in columns[0]",
		"m.yaml:8:13: unknown key \"colum\" in fields.surname",
		"m.yaml:9:8: fields.dob: want key: value pairs, found a list",
		"m.yaml:10:8: ratio: want a number",
		"m.yaml:11:1: key \"version\" given twice",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not contain %q:\n%v", want, err)
		}
	}
}

func TestDecodeNotYAML(t *testing.T) {
	for _, in := range []string{"", "a: [1, 2\n", "\t- x"} {
		var d doc
		if _, err := Decode("m.yaml", []byte(in), &d); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "m.yaml") {
			t.Errorf("Decode(%q) error %v, want ErrInvalid naming the file", in, err)
		}
	}
	var d doc
	if _, err := Decode("m.yaml", []byte("- 1\n- 2\n"), &d); err == nil || !strings.Contains(err.Error(), "m.yaml:1:1") {
		t.Errorf("a list at the top: error %v, want one at 1:1", err)
	}
}
