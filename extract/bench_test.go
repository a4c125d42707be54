package extract

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// BenchmarkDelimitedReader reads 100,000 pensions rows of realistic width.
func BenchmarkDelimitedReader(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("Pension Reference,Title,Forename,Middle Names,Surname,Date of Birth,NI Number,Address Line 1,Address Line 2,Address Line 3,Address Line 4,Postcode,Pension Start Date,Pension Amount,Payment Frequency,Date Last Paid\r\n")
	const rows = 100000
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&buf, "PEN%07d,Mrs,Margaret,Jean,O'Brien-Smith,%02d%02d19%02d,AB%06dC,%d Mill Rd,Holmford,Eastbrook,,eb3 4qt,01012010,%d,M,28102026\r\n",
			i, 1+i%28, 1+i%12, 30+i%40, i, 1+i%120, 10000+i%50000)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		rr, err := NewDelimitedReader(context.Background(), bytes.NewReader(data), "p.csv", Pensions, "Test", DefaultDelimitedConfig(), nil)
		if err != nil {
			b.Fatal(err)
		}
		for rr.Next() {
		}
		if rr.Err() != nil || rr.Stats().Loaded != rows {
			b.Fatalf("loaded %d, err %v", rr.Stats().Loaded, rr.Err())
		}
		rr.Release()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
