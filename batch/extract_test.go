package batch_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/ipc"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/fixtures"
)

func TestExtractToArrow(t *testing.T) {
	cfg := fixtures.DefaultConfig()
	cfg.Pensioners, cfg.Deceased, cfg.Cases, cfg.Decoys = 500, 10, 5, 2
	b, err := fixtures.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	in := t.TempDir()
	if err := b.WriteFiles(in, "out"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "extracted")
	got, err := batch.ExtractToArrow(context.Background(),
		batch.DatasetSpec{ID: "pensions", Type: "pensions", Body: "Eastbrook", Path: filepath.Join(in, fixtures.PensionsFile)}, out)
	if err != nil {
		t.Fatal(err)
	}
	st := got.Stats
	if st.Loaded != int64(len(b.Pensions)) || st.Rejected != 2 || st.Read != st.Loaded+st.Rejected {
		t.Errorf("read %d, loaded %d, rejected %d; want %d loaded and the 2 malformed rows rejected", st.Read, st.Loaded, st.Rejected, len(b.Pensions))
	}
	if got.ArrowPath != filepath.Join(out, "pensions.arrow") || got.RejectsPath != filepath.Join(out, "pensions.rejects.csv") {
		t.Errorf("wrote %s and %s", got.ArrowPath, got.RejectsPath)
	}
	if rej := readCSV(t, got.RejectsPath); len(rej) != 2 {
		t.Errorf("%d rejects in the file, want 2", len(rej))
	}

	// Arrow's own reader gets back the canonical schema and every loaded row.
	f, err := os.Open(got.ArrowPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	r, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.Schema().Equal(extract.Pensions.Schema()) {
		t.Errorf("schema %s, want the pensions schema", r.Schema())
	}
	refs := map[string]bool{}
	for _, p := range b.Pensions {
		refs[p.Ref] = true
	}
	rows := 0
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.Record(i)
		if err != nil {
			t.Fatal(err)
		}
		ids := rec.Column(1).(*array.String)
		bodies := rec.Column(0).(*array.String)
		for k := 0; k < ids.Len(); k++ {
			if !refs[ids.Value(k)] || bodies.Value(k) != "Eastbrook" {
				t.Errorf("row %d: record_id %q body %q", rows, ids.Value(k), bodies.Value(k))
			}
			rows++
		}
	}
	if int64(rows) != st.Loaded {
		t.Errorf("the Arrow file holds %d rows, want %d", rows, st.Loaded)
	}
}
