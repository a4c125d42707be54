package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// openAll opens path through the mapping text as pensions and reads it to
// the end, checking the fingerprint against the file's bytes.
func openAll(t *testing.T, path, mapping string) loaded {
	t.Helper()
	mf, err := ParseMapping(filepath.Join(filepath.Dir(path), "map.yaml"), []byte(mapping))
	if err != nil {
		t.Fatal(err)
	}
	var out loaded
	sink := RejectFunc(func(r Reject) error { out.rejects = append(out.rejects, r); return nil })
	in, err := OpenInput(context.Background(), InputSpec{Path: path, Mapping: mf}, Pensions, testBody, ReaderConfig{BatchSize: 2, Dates: pivot2026}, sink)
	if err != nil {
		t.Fatalf("OpenInput: %v", err)
	}
	for in.Next() {
		out.rows = append(out.rows, rowsOf(t, in.Record())...)
	}
	out.stats, out.err = in.Stats(), in.Err()
	data, _ := os.ReadFile(path)
	sum := sha256.Sum256(data)
	if got := in.SHA256(); got != hex.EncodeToString(sum[:]) || in.Bytes() != int64(len(data)) {
		t.Errorf("SHA256 %s over %d bytes, want the file's %x over %d", got, in.Bytes(), sum, len(data))
	}
	if err := in.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	return out
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOpenInputFixedEBCDIC reads a mainframe file: EBCDIC code page 285 in
// 40-byte records without line breaks, a header record, a code table.
func TestOpenInputFixedEBCDIC(t *testing.T) {
	recs := []string{
		"REF   SURNAME       DOB     AMOUNT  F",
		"P001  O'Brien       195003011234567 4",
		"P002  Smith         19491231000012£ 1", // a pound sign where pence belong
		"P003                19480712000100 1",  // no surname: rejected
	}
	var text strings.Builder
	for _, r := range recs {
		text.WriteString(r + strings.Repeat(" ", 40-len([]rune(r))))
	}
	path := writeFile(t, "pay.dat", encodeEBCDIC(t, &ebcdic285, text.String()))
	got := openAll(t, path, `version: 1
format: fixed
encoding: ebcdic-285
record_length: 40
header: true
columns:
  - {name: REF, start: 1, width: 6}
  - {name: SNAME, start: 7, width: 14}
  - {name: DOB, start: 21, width: 8}
  - {name: AMT, start: 29, width: 7}
  - {name: FREQ, start: 37, width: 1}
fields:
  record_id: REF
  surname: SNAME
  date_of_birth: {column: DOB, date_format: yyyymmdd}
  pension_amount: AMT
  payment_frequency: {column: FREQ, codes: {"1": WEEKLY, "4": MONTHLY}}
`)
	if got.err != nil {
		t.Fatal(got.err)
	}
	checkCounts(t, got.stats, 3, 2, 1)
	if len(got.rejects) != 1 || got.rejects[0].Field != "surname" || got.rejects[0].Line != 4 {
		t.Errorf("rejects %+v, want record 4 for its surname", got.rejects)
	}
	if r := got.rows[0]; r["surname"] != "OBRIEN" || r["date_of_birth"] != epochDays(1950, time.March, 1) ||
		r["pension_amount"] != int64(1234567) || r["payment_frequency"] != Monthly || r["surname_original"] != "O'Brien" {
		t.Errorf("row 1 = %v", r)
	}
	if r := got.rows[1]; r["pension_amount"] != nil || r["pension_amount_original"] != "000012£" {
		t.Errorf("row 2 amount %v (original %q), want NULL with the £ kept as supplied", r["pension_amount"], r["pension_amount_original"])
	}
}

// TestOpenInputWindows1252 detects a Windows-1252 file when no encoding is
// declared, and reads it as declared Latin-1 too.
func TestOpenInputWindows1252(t *testing.T) {
	path := writeFile(t, "p.csv", []byte("record_id,surname,forenames\nP1,Br\xf6nte,Zo\xeb\n"))
	for _, mapping := range []string{"version: 1\n", "version: 1\nencoding: latin-1\n"} {
		got := openAll(t, path, mapping)
		checkCounts(t, got.stats, 1, 1, 0)
		if r := got.rows[0]; r["surname"] != "BRONTE" || r["forenames_original"] != "Zoë" {
			t.Errorf("%q: row %v, want BRONTE and Zoë as supplied", mapping, r)
		}
	}
}

func TestOpenInputJSONLines(t *testing.T) {
	path := writeFile(t, "p.jsonl", []byte(`{"ref":"P1","last":"Lee","born":"01/02/1950","amt":12.5}`+"\n"+`{"ref":"P2","last":{"x":1}}`+"\n"))
	got := openAll(t, path, "version: 1\nformat: jsonl\nfields:\n  record_id: ref\n  surname: last\n  date_of_birth: born\n  pension_amount: {column: amt, money: pounds}\n")
	checkCounts(t, got.stats, 2, 1, 1)
	if r := got.rows[0]; r["surname"] != "LEE" || r["pension_amount"] != int64(1250) || r["date_of_birth"] != epochDays(1950, time.February, 1) {
		t.Errorf("row %v", r)
	}
}

func TestOpenInputParquet(t *testing.T) {
	path := writeFile(t, "p.parquet", writeParquet(t, pensionsParquet, fillPensions(pensionsParquetRows)))
	got := openAll(t, path, "version: 1\nformat: parquet\n")
	if got.err != nil {
		t.Fatal(got.err)
	}
	checkCounts(t, got.stats, 4, 3, 1)
	if got.rows[0]["record_id"] != "P001" || got.rows[0]["pension_amount"] != int64(12345) {
		t.Errorf("row %v", got.rows[0])
	}
}

func TestMappingEncodingChecked(t *testing.T) {
	for in, want := range map[string]string{
		"version: 1\nencoding: klingon\n":                  "m.yaml:2:11: encoding \"klingon\"",
		"version: 1\nformat: parquet\nencoding: latin-1\n": "m.yaml:3:11: encoding: only for text files",
	} {
		if _, err := ParseMapping("m.yaml", []byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMapping(%q) = %v, want %q", in, err, want)
		}
	}
}
