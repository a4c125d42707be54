package batch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
)

func sha(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

func TestManifest(t *testing.T) {
	dir, sum := demo(t, 2)
	m := readManifest(t, dir)
	if m.Software != "nfimatch" || m.Version != "test" || m.FinishedAt == "" {
		t.Errorf("manifest header = %q %q %q", m.Software, m.Version, m.FinishedAt)
	}
	if len(m.Rules) != 1 || m.Rules[0].ID != "pensions-deceased" || m.Rules[0].SHA256 != sha(t, "../rules/catalogue/pensions-deceased.yaml") {
		t.Errorf("rules = %+v, want the catalogue rule with the hash of its file", m.Rules)
	}
	if len(m.Inputs) != 2 {
		t.Fatalf("%d inputs, want 2", len(m.Inputs))
	}
	for i, in := range m.Inputs {
		file := filepath.Join(dir, []string{fixtures.PensionsFile, fixtures.DeceasedFile}[i])
		st, _ := os.Stat(file)
		if in.SHA256 != sha(t, file) || in.Bytes != st.Size() {
			t.Errorf("input %s: sha256 %s, %d bytes; want the file's %s, %d", in.ID, in.SHA256, in.Bytes, sha(t, file), st.Size())
		}
		if in.Read != in.Loaded+in.Rejected || in.Read != sum.Datasets[i].Stats.Read || in.Rejected == 0 {
			t.Errorf("input %s: read %d, loaded %d, rejected %d", in.ID, in.Read, in.Loaded, in.Rejected)
		}
		if in.RejectsSHA256 != sha(t, in.RejectsPath) {
			t.Errorf("input %s: rejects checksum does not match the file", in.ID)
		}
	}
	var overpaid int64
	for _, tr := range readCSV(t, filepath.Join(dir, fixtures.TruthFile)) {
		if tr["kind"] == fixtures.TruthCase {
			n, _ := strconv.ParseInt(tr["amount_pence"], 10, 64)
			overpaid += n
		}
	}
	if len(m.Reports) != 1 {
		t.Fatalf("%d reports, want 1", len(m.Reports))
	}
	r := m.Reports[0]
	bands := 0
	for _, n := range r.ByBand {
		bands += n
	}
	if r.SHA256 != sha(t, r.Path) || r.Matches != fixtures.DefaultConfig().Cases || bands != r.Matches || r.OverpaidPence != overpaid || r.CandidatePairs == 0 {
		t.Errorf("report = %+v; want the file's checksum, %d matches across the bands, %d pence over-paid", r, fixtures.DefaultConfig().Cases, overpaid)
	}
	if r.SchemaVersion != "1" {
		t.Errorf("report schema version %q, want \"1\"", r.SchemaVersion)
	}
	if m.Seconds.Total <= 0 || m.Seconds.Total < m.Seconds.Extract {
		t.Errorf("timings = %+v", m.Seconds)
	}
}

func TestNoManifestWhenRunFails(t *testing.T) {
	path := writeJob(t, goodJob) // its input files do not exist
	// A manifest from an earlier, successful run must not survive a failed
	// one: it would vouch for reports the failed run may have replaced.
	// Nor must its summary page.
	out := filepath.Join(filepath.Dir(path), "out")
	os.MkdirAll(out, 0o700)
	os.WriteFile(filepath.Join(out, "manifest.json"), []byte("{}"), 0o600)
	os.WriteFile(filepath.Join(out, batch.SummaryFile), []byte("<html>"), 0o600)
	job, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := batch.Run(context.Background(), job, batch.DefaultOptions()); err == nil {
		t.Fatal("Run without input files succeeded")
	}
	for _, name := range []string{"manifest.json", batch.SummaryFile} {
		if _, err := os.Stat(filepath.Join(out, name)); !os.IsNotExist(err) {
			t.Errorf("a failed run left %s: %v", name, err)
		}
	}
}
