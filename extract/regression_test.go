package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Cases found by review and fuzzing, kept so that they stay fixed.

func TestParseMoneyOverflow(t *testing.T) {
	// Overflowing int64, and merely implausible (an account number in an
	// amount field): both are damage, not money.
	for _, s := range []string{"100000000000000000.00", "£92233720368547758.08", "1234567890123456", "-100000000001"} {
		if v, _, err := ParseMoney(s); !errors.Is(err, ErrInvalidMoney) {
			t.Errorf("ParseMoney(%q) = %d, %v; want ErrInvalidMoney", s, v, err)
		}
	}
	if v, _, err := ParseMoney("-100000000000"); err != nil || v != -100000000000 {
		t.Errorf("ParseMoney(minus a billion pounds) = %d, %v", v, err)
	}
}

func TestBOMBeforeQuotedHeader(t *testing.T) {
	in := "\ufeff\"record_id\",\"surname\"\nP1,Smith\n"
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(in), "bom.csv", Pensions, "Test", DefaultDelimitedConfig(), nil)
	if err != nil {
		t.Fatalf("NewDelimitedReader: %v", err)
	}
	defer rr.Release()
	if !rr.Next() || rr.Record().NumRows() != 1 {
		t.Fatalf("want one row, err %v", rr.Err())
	}
}

func TestNormalizeInvalidUTF8Idempotent(t *testing.T) {
	for _, s := range []string{"x\xf0é", "00000\xf7Ǽ", "\xffO'Brien"} {
		n := NormalizeName(s)
		if again := NormalizeName(n); again != n {
			t.Errorf("NormalizeName(%q) = %q, but NormalizeName(%q) = %q", s, n, n, again)
		}
		a := NormalizeAddressLine(s)
		if again := NormalizeAddressLine(a); again != a {
			t.Errorf("NormalizeAddressLine(%q) = %q, but again gives %q", s, a, again)
		}
	}
}

func TestSaintAfterHouseNumber(t *testing.T) {
	tests := map[string]string{
		"12A St Johns Rd":    "12A ST JOHNS ROAD",
		"12/3 St Marys Rd":   "12/3 ST MARYS ROAD",
		"Flat B St Johns Rd": "FLAT B ST JOHNS ROAD",
		"4 High St":          "4 HIGH STREET",
		"Flat E":             "FLAT E",
	}
	for in, want := range tests {
		if got := NormalizeAddressLine(in); got != want {
			t.Errorf("NormalizeAddressLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStrictValues(t *testing.T) {
	if n, err := NormalizeNINO("AB123456Ç"); err == nil {
		t.Errorf("NormalizeNINO(AB123456Ç) = %q, want an error", n)
	}
	if d, err := ParseDate("+1/+3/1950", DateConfig{PivotYear: 2026}); err == nil {
		t.Errorf("ParseDate(+1/+3/1950) = %d, want an error", d)
	}
	if got := NormalizeName("O J Smith"); got != "O J SMITH" {
		t.Errorf("NormalizeName(O J Smith) = %q: initials must not be joined", got)
	}
	for in, want := range map[string]string{"2 weekly": Fortnightly, "two weekly": Fortnightly, "1 weekly": Weekly} {
		if got, err := NormalizeFrequency(in); err != nil || got != want {
			t.Errorf("NormalizeFrequency(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if d, err := ParseDate("010226", DateConfig{}); err != nil || d != dayOf(t, "2026-02-01") {
		t.Errorf("ParseDate(010226) with a zero pivot = %d, %v; want 1 February 2026 (the current year pivots)", d, err)
	}
}

func TestMoneyInPoundsWarns(t *testing.T) {
	in := "record_id,surname,pension_amount\nP1,Smith,123.45\nP2,Jones,12345\n"
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(in), "p.csv", Pensions, "Test", DefaultDelimitedConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	for rr.Next() {
	}
	if n := rr.Stats().Warnings["pension_amount: given in pounds, not pence, loaded as pounds"]; n != 1 {
		t.Errorf("pounds warnings = %d, want 1 (warnings %v)", n, rr.Stats().Warnings)
	}
}

func dayOf(t *testing.T, iso string) int32 {
	t.Helper()
	tm, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		t.Fatal(err)
	}
	return int32(tm.Unix() / 86400)
}

// A stray quote opens a quoted field that swallows the rows after it; they
// must still be loaded, and only the faulty line rejected.
func TestStrayQuoteLosesNoRows(t *testing.T) {
	tests := []struct {
		name, in     string
		loaded       []string
		rejectLines  []int
		rejectPrefix []string
	}{
		{"unterminated to the end",
			"record_id,surname,date_of_death\nA1,SMITH,01012020\nA2,\"JONES,01012020\nA3,BROWN,02022020\nA4,GREEN,03032020\n",
			[]string{"A1", "A3", "A4"}, []int{3}, []string{`A2,"JONES`}},
		{"closed on a later line",
			"record_id,surname,date_of_death\nA1,\"SMITH,01012020\nA2,JONES\",01012020\nA3,BROWN,02022020\n",
			[]string{"A3"}, []int{2, 3}, []string{`A1,"SMITH`, `A2,JONES"`}},
		{"a line break in a quoted address is kept",
			"record_id,surname,address_1,date_of_death\nA1,SMITH,\"Flat 2\nRose Court\",01012020\nA2,BROWN,,02022020\n",
			[]string{"A1", "A2"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rejects []Reject
			rr, err := NewDelimitedReader(context.Background(), strings.NewReader(tt.in), "d.csv", Deceased, "DWP", DefaultDelimitedConfig(),
				RejectFunc(func(r Reject) error { rejects = append(rejects, r); return nil }))
			if err != nil {
				t.Fatal(err)
			}
			defer rr.Release()
			var loaded []string
			for rr.Next() {
				ids := rr.Record().Column(1).(interface{ Value(int) string })
				for i := 0; i < int(rr.Record().NumRows()); i++ {
					loaded = append(loaded, ids.Value(i))
				}
			}
			if rr.Err() != nil {
				t.Fatal(rr.Err())
			}
			if strings.Join(loaded, " ") != strings.Join(tt.loaded, " ") {
				t.Errorf("loaded %v, want %v", loaded, tt.loaded)
			}
			if len(rejects) != len(tt.rejectLines) {
				t.Fatalf("rejects %+v, want lines %v", rejects, tt.rejectLines)
			}
			for i, r := range rejects {
				if r.Line != tt.rejectLines[i] || !strings.HasPrefix(r.Raw, tt.rejectPrefix[i]) {
					t.Errorf("reject %d: line %d raw %q, want line %d raw starting %q", i, r.Line, r.Raw, tt.rejectLines[i], tt.rejectPrefix[i])
				}
			}
			if st := rr.Stats(); st.Read != st.Loaded+st.Rejected || st.Loaded != int64(len(tt.loaded)) {
				t.Errorf("stats %+v", st)
			}
		})
	}
}

func TestRepeatedReferenceRejected(t *testing.T) {
	in := "record_id,surname\nP1,Smith\nP2,Jones\nP1,Brown\n"
	var rejects []Reject
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(in), "p.csv", Pensions, "Test", DefaultDelimitedConfig(),
		RejectFunc(func(r Reject) error { rejects = append(rejects, r); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	for rr.Next() {
	}
	if st := rr.Stats(); st.Loaded != 2 || st.Rejected != 1 {
		t.Errorf("loaded %d, rejected %d; want 2 and 1", st.Loaded, st.Rejected)
	}
	if len(rejects) != 1 || rejects[0].Line != 4 || rejects[0].Field != "record_id" || !strings.Contains(rejects[0].Reason, "line 2") {
		t.Errorf("rejects = %+v, want line 4 naming line 2", rejects)
	}
}

// The ASCII fast path of FoldText must agree with the general path.
func FuzzFoldASCII(f *testing.F) {
	for _, s := range []string{"", " a  b ", "o'brien\t-\nSMITH", "\v\f12 high st\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if got, want := foldASCII(s), strings.Join(strings.Fields(strings.ToUpper(s)), " "); got != want {
			t.Errorf("foldASCII(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestOpenQuoteIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("record_id,surname,date_of_death\nA0,\"SMITH,01012020\n")
	for i := 1; i <= 3*maxRecordLines; i++ {
		fmt.Fprintf(&b, "A%d,JONES,01012020\n", i)
	}
	var rejects []Reject
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(b.String()), "d.csv", Deceased, "DWP", DefaultDelimitedConfig(),
		RejectFunc(func(r Reject) error { rejects = append(rejects, r); return nil }))
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	for rr.Next() {
	}
	st := rr.Stats()
	if rr.Err() != nil || st.Loaded != 3*maxRecordLines || st.Rejected != 1 || rejects[0].Line != 2 {
		t.Errorf("err %v, loaded %d, rejected %d (%+v); want every later row loaded and line 2 rejected", rr.Err(), st.Loaded, st.Rejected, rejects)
	}
}

func TestLineOfSpacesIsRejected(t *testing.T) {
	in := "record_id\tsurname\nP1\tSmith\n\t\n   \n\nP2\tJones\n"
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader(in), "p.tsv", Pensions, "Test", DefaultDelimitedConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	for rr.Next() {
	}
	// The tab line has two blank fields (no record_id); the spaces line one
	// field; the empty line is skipped, as encoding/csv skips it.
	if st := rr.Stats(); st.Loaded != 2 || st.Rejected != 2 || st.Read != 4 {
		t.Errorf("read %d, loaded %d, rejected %d; want 4, 2, 2", st.Read, st.Loaded, st.Rejected)
	}
}
