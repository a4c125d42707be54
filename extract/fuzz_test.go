package extract

import (
	"bytes"
	"testing"
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
		for _, ds := range []*Dataset{Pensions, Deceased} {
			src, err := NewDelimitedSource(bytes.NewReader(data), "fuzz.csv", 0, nil)
			if err != nil {
				continue
			}
			checkFuzzAccounts(t, src, "fuzz.csv", ds, batch, 2) // line 1 is the header
		}
	})
}
