package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
)

// payrollHeader is an NFI payroll extract's header, every field present.
const payrollHeader = "Employee Number,Title,Forename,Middle Names,Surname,Date of Birth,NI Number," +
	"Address Line 1,Address Line 2,Address Line 3,Address Line 4,Postcode,Name Suffix,UPRN,Flat,House Number," +
	"Post Number,Department,Sex,Telephone,Email,Passport Number,Date Started,Date Left,Leaver,Employment Basis," +
	"Gross Pay To Date,Standard Weekly Hours,Date Last Paid,Teacher,Sort Code,Bank Account Number\r\n"

var (
	benchForenames = []string{"Margaret", "John", "Aisha", "Pádraig", "Wei", "Olusegun", "Zoë", "Robert"}
	benchSurnames  = []string{"O'Brien", "Smith-Jones", "McDonald", "Nowak", "Okafor", "Bronte", "Patel", "de la Cruz"}
	benchStreets   = []string{"Mill Rd", "High St", "Church Lane", "Orchard Cres", "Station Ave"}
)

// writePayroll writes an n-row payroll file with every field filled, in the
// NFI layout, and returns its path and size.
func writePayroll(b *testing.B, n int) (string, int64) {
	b.Helper()
	path := filepath.Join(b.TempDir(), "payroll.csv")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(payrollHeader)
	const inward = "ABDEFGHJLNPQRSTUWXYZ"
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "E%07d,Mrs,%s,J,%s,%02d%02d19%02d,AB%06dC,Flat %d,%d %s,Eastbrook,,EB%d %d%c%c,,%d,%d,%d,"+
			"P%05d,Adult Social Care,F,01632 %06d,staff%d@eastbrook.example,%09d,01042010,,N,FT,"+
			"%d,3700,28102026,N,%02d-%02d-%02d,%08d\r\n",
			i, benchForenames[i%8], benchSurnames[(i/8)%8], 1+i%28, 1+i%12, 40+i%50, i%1000000,
			1+i%9, 1+i%200, benchStreets[i%5], 1+i%9, i%10, inward[i%20], inward[(i/20)%20],
			100000000000+i, 1+i%9, 1+i%200,
			i%100000, i%1000000, i, i,
			1500000+i%900000, 10+i%80, i%100, i%100, 10000000+i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path, st.Size()
}

func payrollRows() []int {
	if n, err := strconv.Atoi(os.Getenv("NFIMATCH_BENCH_PAYROLL_ROWS")); err == nil && n > 0 {
		return []int{n / 10, n}
	}
	return []int{100_000, 1_000_000}
}

// BenchmarkExtractPayroll extracts a generated payroll file, every field
// filled, to Arrow record batches through OpenInput, as a job does: rows/s
// and MB/s including normalisation, and the peak Go heap in use, sampled
// after every batch. Two sizes run in the same process, ten times apart, so
// that the heap can be seen not to grow with the file beyond the index of
// references that finds repeated ones.
func BenchmarkExtractPayroll(b *testing.B) {
	ds, err := extract.Lookup("payroll")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range payrollRows() {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			path, size := writePayroll(b, n)
			b.SetBytes(size)
			var peak uint64
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			for b.Loop() {
				in, err := extract.OpenInput(context.Background(), extract.InputSpec{Path: path}, ds, "Eastbrook", extract.DefaultReaderConfig(), nil)
				if err != nil {
					b.Fatal(err)
				}
				for in.Next() {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse-min(base, ms.HeapInuse))
				}
				st := in.Stats()
				if in.Err() != nil || st.Loaded != int64(n) {
					b.Fatalf("loaded %d of %d: %v, warnings %v", st.Loaded, n, in.Err(), st.Warnings)
				}
				if len(st.Warnings) != 0 {
					b.Fatalf("warnings on clean data: %v", st.Warnings)
				}
				in.Close()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkExtractPeople extracts the left file of the person link
// benchmark (see BenchmarkPeople; NFIMATCH_BENCH_PEOPLE rows) to Arrow
// record batches through OpenInput, as a job does, without building the
// matcher's table: rows/s and MB/s including normalisation and the check
// that references are unique.
func BenchmarkExtractPeople(b *testing.B) {
	n := peopleSize()
	dir := b.TempDir()
	if err := WritePeople(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, PeopleLeft)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
		b.SetBytes(st.Size())
		b.ReportAllocs()
		for b.Loop() {
			in, err := extract.OpenInput(context.Background(), extract.InputSpec{Path: path}, extract.Person, "Benchmark", extract.DefaultReaderConfig(), nil)
			if err != nil {
				b.Fatal(err)
			}
			for in.Next() {
			}
			if st := in.Stats(); in.Err() != nil || st.Loaded != int64(n) || len(st.Warnings) != 0 {
				b.Fatalf("loaded %d of %d: %v, warnings %v", st.Loaded, n, in.Err(), st.Warnings)
			}
			in.Close()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
