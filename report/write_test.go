package report_test

import (
	"context"
	"errors"
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/matcher"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/rules"
)

// Two synthetic pensioners who died: one paid three times after death, one
// whose pension has no amount; and one who is alive.
const pensionsCSV = `record_id,forenames,surname,date_of_birth,ni_number,address_1,postcode,pension_amount,payment_frequency,date_last_paid
P1,Harold,Bexley,12031941,AB123456C,4 Larch Close,EB1 2AB,12345,M,28052025
P2,Edna,Quarrie,01071938,,9 Mill Lane,EB2 3CD,,M,28052025
P3,Walter,Dimmock,05051950,CE654321A,1 Elm Way,EB3 4EF,9000,M,28052025
`

const deceasedCSV = `record_id,forenames,surname,date_of_birth,ni_number,address_1,postcode,date_of_death
D1,Harry,Bexley,12031941,AB123456C,4 Larch Cl,EB1 2AB,10032025
D2,Edna,Quarrie,01071938,,9 Mill Lane,EB2 3CD,15042025
`

func table(t *testing.T, ds *extract.Dataset, body, text string) *matcher.Table {
	t.Helper()
	rr, err := extract.NewDelimitedReader(context.Background(), strings.NewReader(text), ds.Type+".csv", ds, body, extract.DefaultDelimitedConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	tb, err := matcher.NewTable(context.Background(), ds, rr)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func matched(t *testing.T) (*matcher.Plan, *matcher.Table, *matcher.Table, *matcher.Result) {
	t.Helper()
	r, err := rules.Lookup("pensions-deceased")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := matcher.CompileRule(r)
	if err != nil {
		t.Fatal(err)
	}
	left := table(t, extract.Pensions, "Eastbrook Borough Council", pensionsCSV)
	right := table(t, extract.Deceased, "DWP", deceasedCSV)
	eng, err := matcher.New(matcher.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Run(context.Background(), plan, left, right)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 2 {
		t.Fatalf("%d matches, want 2", len(res.Matches))
	}
	return plan, left, right, res
}

func TestWriteFailureLeavesNoReport(t *testing.T) {
	plan, left, right, res := matched(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "pensions-deceased.parquet")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := report.Write(ctx, path, "pensions-deceased", report.DefaultConfig(), plan, left, right, res); !errors.Is(err, context.Canceled) {
		t.Fatalf("Write with a cancelled context = %v, want context.Canceled", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Errorf("a failed write left %s behind", e.Name())
	}
}

func TestConfigValidate(t *testing.T) {
	if err := report.DefaultConfig().Validate(); err != nil {
		t.Errorf("DefaultConfig().Validate() = %v", err)
	}
	if err := (report.Config{PageSize: 10, RowGroupRows: 1 << 10}).Validate(); err == nil {
		t.Error("a 10-byte page size validated")
	}
	if err := (report.Config{PageSize: 1 << 20}).Validate(); err == nil {
		t.Error("row groups of no rows validated")
	}
}

// TestReadFileSchemaVersion: a report carries its schema version, and a
// report of another version is refused by name rather than misread.
func TestReadFileSchemaVersion(t *testing.T) {
	plan, left, right, res := matched(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "pensions-deceased.parquet")
	sum, err := report.Write(context.Background(), path, "pensions-deceased", report.DefaultConfig(), plan, left, right, res)
	if err != nil {
		t.Fatal(err)
	}
	if sum.SchemaVersion != report.SchemaVersion {
		t.Errorf("summary schema version %q, want %q", sum.SchemaVersion, report.SchemaVersion)
	}
	tb, err := report.ReadFile(context.Background(), path, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tb.Release()

	// A report from a later schema: the same columns, version 2.
	later := filepath.Join(dir, "later.parquet")
	f, err := os.Create(later)
	if err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "match_id", Type: arrow.BinaryTypes.String}}, nil)
	fw, err := pqarrow.NewFileWriter(schema, f, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.AppendKeyValueMetadata(report.MetaSchemaVersion, "2"); err != nil {
		t.Fatal(err)
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := report.ReadFile(context.Background(), later, memory.DefaultAllocator); err == nil || !strings.Contains(err.Error(), "schema version 2") {
		t.Errorf("reading a version 2 report: %v, want a refusal naming version 2", err)
	}
}
