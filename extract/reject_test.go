package extract

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

const deceasedCSV = "record_id,surname,forenames,date_of_death,ni_number,date_of_birth\n" + // line 1
	"D1,Smith,John,01032024,AB123456C,01011940\n" + // 2: loaded
	"D2,Jones,Mary,01032024\n" + // 3: too few fields
	"D3,,Peter,01032024,,\n" + // 4: blank surname
	"D4,Brown,Ann,31042024,,\n" + // 5: 31 April
	"D5,White,Sam,02032024,QQ123456C,\n" + // 6: loaded, bad NI number
	"D6,Black,Tom,,AB123456C,\n" + // 7: blank date of death
	"D7,Green,Amy,03032024,,31/02/1950\n" + // 8: loaded, bad date of birth
	"D8,Gr\"ey,Al,03032024,,\n" + // 9: stray quote
	"D9,--,Bo,03032024,,\n" + // 10: surname with no letters
	"D10,Hart,Jo,04032024,TN123456A,\n" // 11: loaded, NI prefix never issued

func TestDelimitedReaderRejects(t *testing.T) {
	got := load(t, Deceased, "deceased.csv", deceasedCSV, DelimitedConfig{BatchSize: 3})
	if got.err != nil {
		t.Fatalf("Err() = %v, want nil", got.err)
	}
	want := []struct {
		line          int
		field, reason string // reason is a fragment
		raw           string // "" means not checked
	}{
		{3, "", "row has 4 fields, header has 6", "D2,Jones,Mary,01032024"},
		{4, "surname", errBlank.Error(), "D3,,Peter,01032024,,"},
		{5, "date_of_death", ErrInvalidDate.Error(), "D4,Brown,Ann,31042024,,"},
		{7, "date_of_death", errBlank.Error(), "D6,Black,Tom,,AB123456C,"},
		{9, "", csv.ErrBareQuote.Error(), ""},
		{10, "surname", errBlank.Error(), "D9,--,Bo,03032024,,"},
	}
	if len(got.rejects) != len(want) {
		t.Fatalf("got %d rejects, want %d: %+v", len(got.rejects), len(want), got.rejects)
	}
	for i, w := range want {
		r := got.rejects[i]
		if r.File != "deceased.csv" || r.Line != w.line || r.Field != w.field {
			t.Errorf("reject %d at %s:%d field %q, want deceased.csv:%d field %q", i, r.File, r.Line, r.Field, w.line, w.field)
		}
		if r.Reason == "" || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("reject %d reason %q, want it to mention %q", i, r.Reason, w.reason)
		}
		if w.raw != "" && r.Raw != w.raw {
			t.Errorf("reject %d raw %q, want %q", i, r.Raw, w.raw)
		}
	}
	checkCounts(t, got.stats, 10, 4, 6)
	wantWarnings := map[string]int64{"ni_number: not a valid NI number, loaded as blank": 2, "date_of_birth: not a date, loaded as blank": 1}
	if !reflect.DeepEqual(got.stats.Warnings, wantWarnings) {
		t.Errorf("Stats.Warnings = %v, want %v", got.stats.Warnings, wantWarnings)
	}
	if keys := got.stats.WarningKeys(); !reflect.DeepEqual(keys, []string{"date_of_birth: not a date, loaded as blank", "ni_number: not a valid NI number, loaded as blank"}) {
		t.Errorf("WarningKeys() = %q, want them sorted", keys)
	}
	if !reflect.DeepEqual(got.batches, []int{3, 1}) {
		t.Errorf("batch sizes = %v, want [3 1]", got.batches)
	}
	death := func(d int) int32 { return epochDays(2024, time.March, d) }
	checkRows(t, Deceased, got.rows, []row{
		{"record_id": "D1", "surname": "SMITH", "forenames": "JOHN", "date_of_death": death(1),
			"ni_number": "AB123456C", "date_of_birth": epochDays(1940, time.January, 1)},
		{"record_id": "D5", "surname": "WHITE", "forenames": "SAM", "date_of_death": death(2)},
		{"record_id": "D7", "surname": "GREEN", "forenames": "AMY", "date_of_death": death(3)},
		{"record_id": "D10", "surname": "HART", "forenames": "JO", "date_of_death": death(4)},
	})
}

func TestDelimitedReaderRejectLines(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int
	}{
		{"first data row", "record_id,surname\nP1,\n", 2},
		{"after blank lines", "record_id,surname\nP1,Smith\n\n\nP2,\n", 5},
		{"CRLF", "record_id,surname\r\nP1,Smith\r\nP2,\r\n", 3},
		{"after a multi-line header", "\"record\nid\",surname\nP1,\n", 3},
		{"multi-line row starts its own line", "record_id,surname,address_1\nP1,Smith,\"1 Mill\nRd\"\nP2,,\"2\n3\"\n", 4},
		{"too many fields", "record_id,surname\nP1,Smith\nP2,Jones,extra\n", 3},
		{"no final newline", "record_id,surname\nP1,Smith\nP2,", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := load(t, Pensions, "p.csv", tt.text, DelimitedConfig{})
			if len(got.rejects) != 1 || got.rejects[0].Line != tt.want {
				t.Errorf("rejects = %+v, want one at line %d", got.rejects, tt.want)
			}
			if got.stats.Read != got.stats.Loaded+got.stats.Rejected || got.stats.Rejected != 1 {
				t.Errorf("Stats = %+v, want one reject and Read == Loaded + Rejected", got.stats)
			}
		})
	}
}

// TestDelimitedReaderRejectSinkError checks that a sink that fails stops the
// reader with an error naming the file and line.
func TestDelimitedReaderRejectSinkError(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	disk := errors.New("disk full")
	sink := RejectFunc(func(Reject) error { return disk })
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader("record_id,surname\nP1,Smith\nP2,\n"), "p.csv",
		Pensions, testBody, DelimitedConfig{BatchSize: 10, Mem: mem}, sink)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	if rr.Next() {
		t.Error("Next() = true, want false when the reject sink fails")
	}
	if !errors.Is(rr.Err(), disk) || !strings.Contains(rr.Err().Error(), "p.csv:3") {
		t.Errorf("Err() = %v, want it to wrap %v and name p.csv:3", rr.Err(), disk)
	}
	if rr.Next() {
		t.Error("Next() = true after an error")
	}
}

func TestCSVRejects(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSVRejects(&buf)
	if err != nil {
		t.Fatal(err)
	}
	in := []Reject{
		{File: "deceased.csv", Line: 4, Field: "surname", Reason: "required value is blank", Raw: "D3,,Peter,01032024,,"},
		{File: "p.csv", Line: 12, Reason: `bare " in non-quoted-field`, Raw: "P9,\"Smith\nJones\""},
	}
	for _, r := range in {
		if err := w.Reject(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if w.Count() != len(in) {
		t.Errorf("Count() = %d, want %d", w.Count(), len(in))
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("reading the rejects back: %v", err)
	}
	want := [][]string{{"file", "line", "field", "reason", "raw"}}
	for _, r := range in {
		want = append(want, []string{r.File, strconv.Itoa(r.Line), r.Field, r.Reason, r.Raw})
	}
	if !reflect.DeepEqual(records, want) {
		t.Errorf("rejects file = %q, want %q", records, want)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("write failed") }

func TestCSVRejectsFlushError(t *testing.T) {
	w, err := NewCSVRejects(failingWriter{})
	if err != nil {
		t.Fatal(err) // the header is buffered
	}
	if err := w.Reject(Reject{File: "p.csv", Line: 2}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), "write failed") {
		t.Errorf("Flush() = %v, want the write error", err)
	}
}

func TestCSVRejectsEmpty(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSVRejects(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "file,line,field,reason,raw\n"; got != want || w.Count() != 0 {
		t.Errorf("empty rejects file = %q, Count %d, want %q, 0", got, w.Count(), want)
	}
}
