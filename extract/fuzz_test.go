package extract

import (
	"bytes"
	"context"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

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
