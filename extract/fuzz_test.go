package extract

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"", "O'Brien", "Mc Donald", "mac kenzie", "Smith-Jones", "Zoë  José", "Mc Mc O", "J.R.\t`x`", "Ǽsa O’Neill"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeName(s)
		if twice := NormalizeName(once); twice != once {
			t.Errorf("NormalizeName(%q) = %q, want %q (NormalizeName(%q))", once, twice, once, s)
		}
		if strings.Contains(once, "  ") || strings.TrimSpace(once) != once {
			t.Errorf("NormalizeName(%q) = %q, has extra spaces", s, once)
		}
		if strings.ContainsAny(once, "'’`.-") {
			t.Errorf("NormalizeName(%q) = %q, has punctuation", s, once)
		}
		if title := NormalizeTitle(s); NormalizeTitle(title) != title {
			t.Errorf("NormalizeTitle(%q) = %q, not a fixed point", s, title)
		}
	})
}

func FuzzNormalizeAddressLine(f *testing.F) {
	for _, s := range []string{"", "12 High St", "St Johns Rd", "Flat 3, 12 Mill Rd.", "Mill Road N", "N", "12/3 St", "Rue Léon W"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeAddressLine(s)
		if twice := NormalizeAddressLine(once); twice != once {
			t.Errorf("NormalizeAddressLine(%q) = %q, want %q (NormalizeAddressLine(%q))", once, twice, once, s)
		}
		if strings.Contains(once, "  ") || strings.TrimSpace(once) != once {
			t.Errorf("NormalizeAddressLine(%q) = %q, has extra spaces", s, once)
		}
	})
}

var postcodeForm = regexp.MustCompile(`^[A-Z][A-Z]?[0-9][0-9A-Z]? [0-9][A-Z][A-Z]$`)

func FuzzNormalizePostcode(f *testing.F) {
	for _, s := range []string{"", "m1 1ae", "b33 8th", "cr2 6xh", "dn55 1pt", "w1a 0ax", "ec1a 1bb", "SW1A1AA", "EB3-4QT", "MMM 1AE", "É1 1AE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePostcode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidPostcode) || p != "" {
				t.Errorf("NormalizePostcode(%q) = %q, %v, want \"\", ErrInvalidPostcode", s, p, err)
			}
			return
		}
		if !postcodeForm.MatchString(p) {
			t.Errorf("NormalizePostcode(%q) = %q, not in standard form", s, p)
		}
		if again, err := NormalizePostcode(p); again != p || err != nil {
			t.Errorf("NormalizePostcode(%q) = %q, %v, want %q, nil", p, again, err, p)
		}
	})
}

var ninoForm = regexp.MustCompile(`^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]?$`)

func FuzzNormalizeNINO(f *testing.F) {
	for _, s := range []string{"", "AB123456C", "ab 12 34 56 d", "AB123456", "TN123456A", "AO123456A", "AB123456E"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeNINO(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidNINO) || n != "" {
				t.Errorf("NormalizeNINO(%q) = %q, %v, want \"\", ErrInvalidNINO", s, n, err)
			}
			return
		}
		if !ninoForm.MatchString(n) || ninoBadPrefix[n[:2]] {
			t.Errorf("NormalizeNINO(%q) = %q, not a valid NI number", s, n)
		}
		if again, err := NormalizeNINO(n); again != n || err != nil {
			t.Errorf("NormalizeNINO(%q) = %q, %v, want %q, nil", n, again, err, n)
		}
	})
}

// FuzzParseDate checks that a date that parses is a real day and that
// writing it back as ddmmyyyy gives the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01031950", "010130", "1/3/50", "1950-03-01", "1031950", "31041950", "abc", "+1/3/1950"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseDate(s, pivot2026)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseDate(%q) error %v does not wrap ErrInvalidDate", s, err)
			}
			return
		}
		if days < epochDays(1850, 1, 1) || days > epochDays(2200, 12, 31) {
			t.Fatalf("ParseDate(%q) = %d, outside 1850-2200", s, days)
		}
		text := dateText(days)
		if again, err := ParseDate(text, pivot2026); again != days || err != nil {
			t.Errorf("ParseDate(%q) = %d, %v, want %d (from %q)", text, again, err, days, s)
		}
	})
}

// dateText writes days since 1970-01-01 as ddmmyyyy.
func dateText(days int32) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format("02012006")
}

// FuzzDelimitedReader checks that any input either fails at the header or
// is read to the end without panic, leak or error, with every row counted
// once: Stats.Read == Loaded + Rejected.
func FuzzDelimitedReader(f *testing.F) {
	f.Add([]byte(pensionsCSV), 2)
	f.Add([]byte(deceasedCSV), 3)
	f.Add([]byte("\ufeffrecord_id|surname\nP1|Smith\nP2|\"a|b\"\n"), 1)
	f.Add([]byte("record_id\tsurname\tni_number\r\nP1\tSmith\tQQ123456C\r\n\"P2\t\"x\n"), 5)
	f.Add([]byte("record_id,surname\nP1,\"unterminated\n"), 1)
	f.Add([]byte("record_id,surname,date_of_birth\nR\xe9f,Ren\xe9,31/02/1950\n\xff,\xfe\n"), 2)
	f.Fuzz(func(t *testing.T, data []byte, batch int) {
		if batch < 1 || batch > 50 {
			batch = 1 + (batch%50+50)%50
		}
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		var rejects int64
		sink := RejectFunc(func(r Reject) error {
			rejects++
			if r.Line < 2 || r.Reason == "" || r.File != "fuzz.csv" {
				t.Errorf("reject %+v: want line >= 2, a reason and the file name", r)
			}
			return nil
		})
		for _, ds := range []*Dataset{Pensions, Deceased} {
			rr, err := NewDelimitedReader(context.Background(), bytes.NewReader(data), "fuzz.csv", ds, testBody,
				DelimitedConfig{BatchSize: batch, Dates: pivot2026, Mem: mem}, sink)
			if err != nil {
				continue
			}
			rejects = 0
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
				t.Errorf("%s: Read %d, Loaded %d (%d in batches), Rejected %d (%d sent), want Read == Loaded + Rejected",
					ds.Type, s.Read, s.Loaded, rows, s.Rejected, rejects)
			}
			rr.Release()
		}
	})
}
