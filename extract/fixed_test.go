package extract

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// pensionsLayout is a synthetic council layout for pensions, with a gap of
// filler at 37-40.
var pensionsLayout = []FixedColumn{
	{Name: "Pension Reference", Start: 1, Width: 6},
	{Name: "Surname", Start: 7, Width: 12},
	{Name: "Forename", Start: 19, Width: 10},
	{Name: "DOB", Start: 29, Width: 8},
	{Name: "Address Line 1", Start: 41, Width: 20},
	{Name: "Postcode", Start: 61, Width: 8},
	{Name: "Amount", Start: 69, Width: 8},
}

// pensionsRecord lays out one pensions record, to the end of the layout.
func pensionsRecord(values ...string) string { return fixedRecord(pensionsLayout, values...) }

// readFixed reads text by pensionsLayout as pensions.
func readFixed(t *testing.T, name, text string, recordLength int) loaded {
	t.Helper()
	src, err := NewFixedWidthSource(strings.NewReader(text), name, pensionsLayout, recordLength)
	if err != nil {
		t.Fatalf("NewFixedWidthSource(%s): %v", name, err)
	}
	return loadSource(t, Pensions, name, src, nil, newMem())
}

func TestFixedWidthLines(t *testing.T) {
	full := pensionsRecord("P001", "Smith", "John", "01031950", "12 High St", "EB3 4QT", "12345")
	lines := []string{
		full, // 1
		pensionsRecord("P002", "Ó Briain", "Zoë", "1/3/50", "Flat 3 Mill Rd", "eb34qt", "  900"), // 2: accents take one position each
		"",                      // 3: blank, skipped
		strings.Repeat(" ", 40), // 4: spaces, skipped
		strings.TrimRight(pensionsRecord("P004", "Lee", "Ruth", "", "", "M1 1AE", "5"), " "), // 5: trailing spaces dropped
		pensionsRecord("P005", "Short"), // 6: blank fields
		full[:68],                       // 7: ends before Amount starts
		strings.Replace(full, "P001", "P008", 1) + "      ",                                       // 8: only spaces follow
		strings.Replace(full, "P001", "P009", 1) + "  X",                                          // 9: more than spaces follow
		pensionsRecord("P010", "Jones", "Ann", "31021950"),                                        // 10: bad optional date, loaded
		pensionsRecord("", "Nobody"),                                                              // 11: no reference
		strings.Replace(full, "P001", "P012", 1)[:60] + "EB3 4QT " + "77",                         // 12: ends inside Amount
		pensionsRecord("P013", "Evans", "Jo", "01011960", "1 Mill Lane", "EB3 4QT", "100") + "\r", // 13: CRLF
		// 14: Windows-1252 bytes in a UTF-8 file, each byte one position
		fixedRecordBytes(pensionsLayout, "P014", "Zo\xeb", "Ren\xe9", "", "", "", "1"),
	}
	text := strings.Join(lines, "\n") + "\n"
	got := readFixed(t, "pensions.txt", text, 0)
	if got.err != nil {
		t.Fatalf("Err() = %v", got.err)
	}
	checkRejects(t, "pensions.txt", got.rejects, []Reject{
		{Line: 7, Reason: "line is 68 characters, the layout needs at least 69"},
		{Line: 9, Reason: "line is 79 characters, the layout ends at 76 and more than spaces follow"},
		{Line: 11, Field: "record_id", Reason: "required value is blank"},
	})
	checkCounts(t, got.stats, 12, 9, 3)
	byRef := map[string]row{}
	for _, r := range got.rows {
		byRef[r["record_id"].(string)] = r
	}
	checks := []struct {
		ref, field string
		want       any
	}{
		{"P001", "surname", "SMITH"},
		{"P001", "date_of_birth", epochDays(1950, time.March, 1)},
		{"P001", "pension_amount", int64(12345)},
		{"P002", "surname", "OBRIAIN"},
		{"P002", "surname_original", "Ó Briain"},
		{"P002", "forenames", "ZOE"},
		{"P002", "postcode", "EB3 4QT"},
		{"P002", "pension_amount", int64(900)},
		{"P004", "postcode", "M1 1AE"},
		{"P004", "pension_amount", int64(5)},
		{"P005", "surname", "SHORT"},
		{"P005", "pension_amount", nil},
		{"P008", "surname", "SMITH"},
		{"P010", "date_of_birth", nil},
		{"P012", "pension_amount", int64(77)},
		{"P013", "address_1", "1 MILL LANE"},
		{"P013", "pension_amount", int64(100)},
		{"P014", "surname", "ZOE"},
		{"P014", "surname_original", "Zoë"},
		{"P014", "forenames_original", "René"},
		{"P014", "pension_amount", int64(1)},
	}
	for _, c := range checks {
		r, ok := byRef[c.ref]
		if !ok {
			t.Errorf("%s not loaded", c.ref)
			continue
		}
		if r[c.field] != c.want {
			t.Errorf("%s %s = %#v, want %#v", c.ref, c.field, r[c.field], c.want)
		}
	}
	if w := got.stats.Warnings["date_of_birth: "+ErrInvalidDate.Error()+", loaded as blank"]; w != 1 {
		t.Errorf("warnings %v, want one bad date of birth", got.stats.Warnings)
	}
}

// fixedRecordBytes is fixedRecord counting bytes, for text that is not
// UTF-8.
func fixedRecordBytes(cols []FixedColumn, values ...string) string {
	end := 0
	for _, c := range cols {
		end = max(end, c.end())
	}
	line := bytes.Repeat([]byte(" "), end)
	for i, c := range cols {
		if i < len(values) {
			copy(line[c.Start-1:c.end()], values[i])
		}
	}
	return string(line)
}

func TestFixedWidthBlocks(t *testing.T) {
	const recLen = 80 // the layout ends at 76: four characters of filler
	rec := func(values ...string) string { return pensionsRecord(values...) + "XXXX" }
	tests := []struct {
		name    string
		text    string
		read    int64
		loaded  int64
		rejects []Reject
	}{
		{"whole records", rec("P1", "Smith") + rec("P2", "Jones") + rec("P3", "Zoë"), 3, 3, nil},
		{"line end after the last record", rec("P1", "Smith") + rec("P2", "Jones") + "\r\n", 2, 2, nil},
		{"blank record of padding", rec("P1", "Smith") + strings.Repeat(" ", recLen) + rec("P3", "Lee"), 2, 2, nil},
		{"cut short", rec("P1", "Smith") + rec("P2", "Jones")[:50], 2, 1, []Reject{
			{Line: 2, Reason: "record is 50 characters, the record length is 80: the file ends part-way through a record"},
		}},
		{"empty", "", 0, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readFixed(t, "pensions.dat", tt.text, recLen)
			if got.err != nil {
				t.Fatalf("Err() = %v", got.err)
			}
			checkRejects(t, "pensions.dat", got.rejects, tt.rejects)
			checkCounts(t, got.stats, tt.read, tt.loaded, tt.read-tt.loaded)
		})
	}
	got := readFixed(t, "pensions.dat", rec("P1", "Smith")+strings.Repeat(" ", recLen)+rec("P3", "Zoë", "Ann"), recLen)
	if len(got.rows) != 2 || got.rows[1]["record_id"] != "P3" || got.rows[1]["surname"] != "ZOE" || got.rows[1]["forenames"] != "ANN" {
		t.Errorf("rows %v, want P1 and P3 ZOE ANN", got.rows)
	}
}

// TestFixedWidthEBCDIC reads mainframe files in code page 285: fixed-length
// blocks without separators, and records ended by NL.
func TestFixedWidthEBCDIC(t *testing.T) {
	records := [][]string{
		{"P001", "Smith", "John", "01031950", "Flat 2, £5 House", "EB3 4QT", "12345"},
		{"P002", "Ó Briain", "Zoë", "", "[Annexe] ^1 $2", "EB3 4QT", "99"},
	}
	for _, tt := range []struct {
		name   string
		sep    string
		recLen int
		cut    bool
	}{
		{"blocks", "", 76, false},
		{"NL records", "\n", 0, false},
		{"truncated block", "", 76, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := encodeEBCDIC(t, &ebcdic285, fixedText(pensionsLayout, records, tt.sep))
			if tt.cut {
				data = data[:len(data)-10]
			}
			r, err := DecodeReader(bytes.NewReader(data), "ebcdic-285")
			if err != nil {
				t.Fatal(err)
			}
			got := readFixed(t, "pensions.ebc", mustRead(t, r), tt.recLen)
			if got.err != nil {
				t.Fatalf("Err() = %v", got.err)
			}
			if tt.cut {
				checkRejects(t, "pensions.ebc", got.rejects, []Reject{{Line: 2, Reason: "record is 66 characters"}})
				checkCounts(t, got.stats, 2, 1, 1)
				return
			}
			checkCounts(t, got.stats, 2, 2, 0)
			if len(got.rows) != 2 {
				t.Fatalf("rows %v, want 2", got.rows)
			}
			if a := got.rows[0]["address_1_original"]; a != "Flat 2, £5 House" {
				t.Errorf("address_1_original = %q, want %q", a, "Flat 2, £5 House")
			}
			if a := got.rows[1]["address_1_original"]; a != "[Annexe] ^1 $2" {
				t.Errorf("address_1_original = %q, want %q", a, "[Annexe] ^1 $2")
			}
			if s := got.rows[1]["surname_original"]; s != "Ó Briain" {
				t.Errorf("surname_original = %q, want %q", s, "Ó Briain")
			}
		})
	}
}

func mustRead(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFixedWidthWindows1252 reads "Zoë" and "Ó Briain" sent in
// Windows-1252, decoded by auto-detection.
func TestFixedWidthWindows1252(t *testing.T) {
	text := fixedRecordBytes(pensionsLayout, "P1", "\xd3 Briain", "Zo\xeb") + "\r\n" +
		fixedRecordBytes(pensionsLayout, "P2", "Smith", "Ren\xe9e") + "\r\n"
	r, err := DecodeReader(strings.NewReader(text), "auto")
	if err != nil {
		t.Fatal(err)
	}
	got := readFixed(t, "pensions.txt", mustRead(t, r), 0)
	checkCounts(t, got.stats, 2, 2, 0)
	if len(got.rows) != 2 || got.rows[0]["surname_original"] != "Ó Briain" || got.rows[0]["forenames_original"] != "Zoë" ||
		got.rows[1]["forenames"] != "RENEE" {
		t.Errorf("rows %v, want Ó Briain, Zoë and Renée", got.rows)
	}
}

func TestFixedWidthLongLine(t *testing.T) {
	text := pensionsRecord("P1", "Smith") + "\n" + strings.Repeat("x", maxRecordBytes+10) + "\n" + pensionsRecord("P3", "Lee") + "\n"
	got := readFixed(t, "pensions.txt", text, 0)
	checkRejects(t, "pensions.txt", got.rejects, []Reject{{Line: 2, Reason: tooLongReason}})
	checkCounts(t, got.stats, 3, 2, 1)
	if len(got.rejects) == 1 && len(got.rejects[0].Raw) != maxRecordBytes {
		t.Errorf("reject Raw is %d bytes, want the first %d", len(got.rejects[0].Raw), maxRecordBytes)
	}
}

func TestFixedWidthReadError(t *testing.T) {
	boom := errors.New("network share went away")
	r := io.MultiReader(strings.NewReader(pensionsRecord("P1", "Smith")+"\n"), iotest.ErrReader(boom))
	src, err := NewFixedWidthSource(r, "pensions.txt", pensionsLayout, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := loadSource(t, Pensions, "pensions.txt", src, nil, newMem())
	if !errors.Is(got.err, boom) || !strings.Contains(got.err.Error(), "pensions.txt") {
		t.Errorf("Err() = %v, want %v naming pensions.txt", got.err, boom)
	}
}

func TestFixedWidthLayoutErrors(t *testing.T) {
	tests := []struct {
		name   string
		cols   []FixedColumn
		recLen int
		want   string
	}{
		{"no columns", nil, 0, "at least one column"},
		{"no name", []FixedColumn{{"A", 1, 2}, {" ", 3, 2}}, 0, "column 2 of the layout has no name"},
		{"start 0", []FixedColumn{{"Surname", 0, 5}}, 0, `column "Surname": start 0`},
		{"zero width", []FixedColumn{{"Surname", 1, 0}}, 0, `column "Surname": width 0`},
		{"negative width", []FixedColumn{{"Surname", 1, -3}}, 0, `column "Surname": width -3`},
		{"overlap", []FixedColumn{{"Surname", 1, 10}, {"Forename", 10, 5}}, 0,
			`columns "Surname" (positions 1-10) and "Forename" (positions 10-14) overlap`},
		{"overlap out of order", []FixedColumn{{"Postcode", 30, 8}, {"Surname", 1, 10}, {"Address", 20, 12}}, 0,
			`columns "Address" (positions 20-31) and "Postcode" (positions 30-37) overlap`},
		{"inside another", []FixedColumn{{"Name", 1, 30}, {"Initial", 5, 1}}, 0, `columns "Name" (positions 1-30) and "Initial" (positions 5-5) overlap`},
		{"same name", []FixedColumn{{"Surname", 1, 5}, {"surname", 6, 5}}, 0, `columns "Surname" and "surname" have the same name`},
		{"past the limit", []FixedColumn{{"Notes", 1, maxRecordLength + 1}}, 0, `column "Notes": ends at position`},
		{"negative record length", []FixedColumn{{"Surname", 1, 5}}, -1, "record length -1"},
		{"record shorter than layout", []FixedColumn{{"Surname", 1, 5}, {"DOB", 10, 8}}, 16, "record length 16: the layout ends at position 17"},
		{"record length past the limit", []FixedColumn{{"Surname", 1, 5}}, maxRecordLength + 1, "record length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewFixedWidthSource(strings.NewReader(""), "layout.txt", tt.cols, tt.recLen)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "layout.txt: ") {
				t.Errorf("NewFixedWidthSource error = %v, want \"layout.txt: ...%s...\"", err, tt.want)
			}
		})
	}
}

func TestFixedWidthSkipHeader(t *testing.T) {
	header := pensionsRecord("REF", "SURNAME", "FORENAME", "DOB", "ADDRESS", "POSTCODE", "AMOUNT")
	body := pensionsRecord("P1", "Smith") + "\n" + pensionsRecord("P2", "Jones") + "\n"
	for _, tt := range []struct {
		name   string
		text   string
		recLen int
	}{
		{"line", "\n" + header + "\n" + body, 0},
		{"block", header + strings.ReplaceAll(body, "\n", ""), 76},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src, err := NewFixedWidthSource(strings.NewReader(tt.text), "p.txt", pensionsLayout, tt.recLen)
			if err != nil {
				t.Fatal(err)
			}
			if err := src.SkipHeader(); err != nil {
				t.Fatalf("SkipHeader() = %v", err)
			}
			got := loadSource(t, Pensions, "p.txt", src, nil, newMem())
			checkCounts(t, got.stats, 2, 2, 0)
			if len(got.rows) == 2 && got.rows[0]["record_id"] != "P1" {
				t.Errorf("first row %v, want P1", got.rows[0])
			}
			if r, _ := src.Next(); r.Line != 0 {
				t.Errorf("Next() after the end = %+v", r)
			}
		})
	}
	for text, recLen := range map[string]int{"\n \n": 0, "": 76} {
		src, err := NewFixedWidthSource(strings.NewReader(text), "p.txt", pensionsLayout, recLen)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.SkipHeader(); err == nil || !strings.Contains(err.Error(), "p.txt: empty file") {
			t.Errorf("SkipHeader() on an empty file = %v, want p.txt: empty file", err)
		}
	}
}

// TestFixedWidthMapping maps a layout without NFI names through a mapping.
func TestFixedWidthMapping(t *testing.T) {
	cols := []FixedColumn{{"F1", 1, 5}, {"F2", 6, 10}, {"F3", 16, 6}}
	text := fixedText(cols, [][]string{{"D1", "Smith", "010350"}, {"D2", "Jones", "311299"}}, "\n")
	src, err := NewFixedWidthSource(strings.NewReader(text), "deceased.txt", cols, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := &Mapping{Fields: map[string]FieldMapping{
		"record_id": {Column: "F1"}, "surname": {Column: "F2"}, "date_of_death": {Column: "F3", DateFormat: "ddmmyy"},
	}}
	got := loadSource(t, Deceased, "deceased.txt", src, m, newMem())
	checkCounts(t, got.stats, 2, 2, 0)
	if len(got.rows) != 2 || got.rows[0]["date_of_death"] != epochDays(1950, time.March, 1) || got.rows[1]["date_of_death"] != epochDays(1999, time.December, 31) {
		t.Errorf("rows %v", got.rows)
	}
}

// FuzzFixedWidthReader checks that any input, read as lines or as blocks,
// is read to the end without panic, leak or error, every row counted once.
func FuzzFixedWidthReader(f *testing.F) {
	f.Add([]byte(pensionsRecord("P1", "Smith", "John", "01031950")+"\n"+pensionsRecord("P2", "Zoë")[:50]+"\r\n\n"), 0, 2)
	f.Add([]byte(pensionsRecord("P1", "Ó Briain")+pensionsRecord("P2", "Lee")+"XYZ"), 76, 1)
	f.Add([]byte("P1\xff\xfeSmith\x00\n\n   \n"+strings.Repeat("é", 90)), 0, 3)
	f.Add(encodeEBCDIC(f, &ebcdic285, pensionsRecord("P1", "£Smith")+"\n"), -285, 2)
	f.Fuzz(func(t *testing.T, data []byte, recLen, batch int) {
		batch = 1 + (batch%50+50)%50
		var r io.Reader = bytes.NewReader(data)
		if recLen == -285 {
			r, _ = DecodeReader(r, "ebcdic-285")
			recLen = 0
		}
		if recLen < 0 || recLen > 200 {
			recLen = 0
		}
		if recLen > 0 && recLen < 76 {
			recLen = 76
		}
		src, err := NewFixedWidthSource(r, "fuzz.txt", pensionsLayout, recLen)
		if err != nil {
			t.Fatal(err)
		}
		checkFuzzAccounts(t, src, "fuzz.txt", Pensions, batch, 1)
	})
}

// checkFuzzAccounts reads src as ds through a checked allocator and checks
// that nothing leaks, no error stops it, every reject names the file and a
// line from firstLine on, and every row is counted once:
// Read == Loaded + Rejected.
func checkFuzzAccounts(t *testing.T, src Source, name string, ds *Dataset, batch, firstLine int) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var rejects int64
	sink := RejectFunc(func(r Reject) error {
		rejects++
		if r.Line < firstLine || r.Reason == "" || r.File != name {
			t.Errorf("reject %+v: want a line, a reason and the file name", r)
		}
		return nil
	})
	rr, err := NewReader(t.Context(), src, name, ds, testBody, nil, ReaderConfig{BatchSize: batch, Dates: pivot2026, Mem: mem}, sink)
	if err != nil {
		return // the columns do not fit the dataset
	}
	defer rr.Release()
	var rows int64
	for rr.Next() {
		n := rr.Record().NumRows()
		if n < 1 || n > int64(batch) {
			t.Errorf("batch of %d rows, want 1 to %d", n, batch)
		}
		rows += n
	}
	s := rr.Stats()
	if rr.Err() != nil {
		t.Errorf("Err() = %v, want nil", rr.Err())
	}
	if s.Read != s.Loaded+s.Rejected || s.Loaded != rows || s.Rejected != rejects {
		t.Errorf("Read %d, Loaded %d (%d in batches), Rejected %d (%d sent), want Read == Loaded + Rejected",
			s.Read, s.Loaded, rows, s.Rejected, rejects)
	}
}
