package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixedMapping = `version: 1
dataset: pensions
format: fixed
encoding: ebcdic-285
record_length: 40
pivot_year: 2026
columns:
  - {name: REF, start: 1, width: 6}
  - {name: SNAME, start: 7, end: 20}
  - {name: DOB, start: 21, width: 8}
  - {name: AMT, start: 29, width: 8}
  - {name: FREQ, start: 37, width: 1}
fields:
  record_id: REF
  surname: SNAME
  date_of_birth: {column: DOB, date_format: yyyymmdd}
  pension_amount: {column: AMT, money: pence}
  payment_frequency:
    column: FREQ
    codes: {"1": WEEKLY, "4": MONTHLY}
constants:
  title: MR
`

func TestParseMappingFixed(t *testing.T) {
	m, err := ParseMapping("pay.map.yaml", []byte(fixedMapping))
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != FormatFixed || m.Encoding != "ebcdic-285" || m.RecordLength != 40 || len(m.Columns) != 5 || m.PivotYear != 2026 {
		t.Errorf("ParseMapping = %+v", m)
	}
	if w := m.Columns[1].FixedWidth(); w != 14 {
		t.Errorf("SNAME width = %d, want 14 (7 to 20 inclusive)", w)
	}
	mp := m.Mapping()
	if mp.Fields["record_id"].Column != "REF" || mp.Fields["date_of_birth"].DateFormat != "yyyymmdd" ||
		mp.Fields["payment_frequency"].Codes["4"] != "MONTHLY" || mp.Constants["title"] != "MR" {
		t.Errorf("Mapping() = %+v", mp)
	}
	if err := m.CheckDataset(Pensions); err != nil {
		t.Errorf("CheckDataset(pensions) = %v", err)
	}
	if err := m.CheckDataset(Deceased); err == nil || !strings.Contains(err.Error(), "pay.map.yaml:2:10") {
		t.Errorf("CheckDataset(deceased) = %v, want the dataset line", err)
	}
}

// TestParseMappingProblems lists every problem of a broken file with its place.
func TestParseMappingProblems(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"unknown key", "version: 1\nformatt: fixed\n", []string{"m.yaml:2:1: unknown key \"formatt\""}},
		{"wrong type", "version: 1\nheader: maybe\n", []string{"m.yaml:2:9: header: want true or false"}},
		{"unknown key in a field", "version: 1\nfields:\n  surname: {colum: X}\n", []string{"m.yaml:3:13: unknown key \"colum\" in fields.surname"}},
		{"version", "version: 2\n", []string{"m.yaml:1:10: version: want 1"}},
		{"format", "version: 1\nformat: xlsx\n", []string{"m.yaml:2:9: format \"xlsx\""}},
		{"delimiter", "version: 1\ndelimiter: ':'\n", []string{"m.yaml:2:12: delimiter \":\""}},
		{"fixed without columns", "version: 1\nformat: fixed\n", []string{"m.yaml:2:9: format fixed: give the columns"}},
		{"fixed column", "version: 1\nformat: fixed\ncolumns:\n  - {name: A, start: 0, width: 2}\n  - {name: B, start: 5, width: 2, end: 6}\n  - {name: a, start: 9, end: 8}\n",
			[]string{"m.yaml:4:5: columns[0]: start must be 1", "m.yaml:5:5: columns[1]: give width or end", "m.yaml:6:5: columns[2]: column \"a\" named twice"}},
		{"headerless without columns", "version: 1\nheader: false\n", []string{"m.yaml:2:9: header false: give the columns"}},
		{"sql without spec", "version: 1\nformat: sql\n", []string{"format sql: give sql:"}},
		{"sql spec incomplete", "version: 1\nsql:\n  driver: postgres\n", []string{"m.yaml:3:3: sql: give dsn_env", "give the query"}},
		{"empty column", "version: 1\nfields:\n  surname: {money: pence}\n", []string{"m.yaml:3:12: fields.surname: give the column"}},
		{"unknown dataset", "version: 1\ndataset: benefits\n", []string{"m.yaml:2:10: dataset:", "unknown dataset type"}},
		{"empty", "", []string{"m.yaml", "empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMapping("m.yaml", []byte(tt.in))
			if !errors.Is(err, ErrInvalidMapping) {
				t.Fatalf("error %v, want ErrInvalidMapping", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestMappingCheckDataset(t *testing.T) {
	in := "version: 1\nfields:\n  shoe_size: X\n  surname: {column: S, date_format: ddmmyyyy}\nconstants:\n  colour: red\n"
	m, err := ParseMapping("m.yaml", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	err = m.CheckDataset(Pensions)
	for _, w := range []string{"m.yaml:3:14: field \"shoe_size\"", "m.yaml:4:12: field surname: a date format on a name field", "m.yaml:6:11: constant \"colour\""} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("CheckDataset error %v, want it to contain %q", err, w)
		}
	}
}

func TestLoadMapping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.yaml")
	if _, err := LoadMapping(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadMapping(missing) = %v, want ErrNotExist", err)
	}
	if err := os.WriteFile(path, []byte("version: 1\ndelimiter: tab\nheader: false\ncolumns: [{name: REF}, {name: SNAME}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := LoadMapping(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != FormatDelimited || m.Path != path || len(m.Columns) != 2 {
		t.Errorf("LoadMapping = %+v", m)
	}
}
