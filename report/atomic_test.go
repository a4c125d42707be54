package report_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nfimatch/nfimatch/report"
)

func TestAtomicFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder")
	path := filepath.Join(dir, "rejects.csv")
	a, err := report.CreateAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.CreateAtomic(path) // a second run writing the same output
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() == b.Name() {
		t.Fatalf("two writers share the temporary file %s", a.Name())
	}
	a.WriteString("first\n")
	b.WriteString("second\n")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists before Commit", path)
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	b.Abort()
	a.Abort() // harmless after Commit
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "first\n" {
		t.Errorf("file holds %q, %v; want the committed writer's text", got, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600: outputs hold personal data", st.Mode().Perm())
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("new folder mode %v, want 0700", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the committed file", len(entries))
	}
}
