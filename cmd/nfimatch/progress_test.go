package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
)

func TestBarsDrawEachStage(t *testing.T) {
	var buf bytes.Buffer
	b := bars{w: &buf}
	ex := b.Begin("extract", "rows")
	ex.Set(700, -1)
	ex.Set(1200, -1)
	ex.End()
	m := b.Begin("match pensions-deceased", "rows")
	m.Set(512, 1024)
	m.Set(1024, 1024)
	m.End()
	out := buf.String()
	for _, want := range []string{"extract", "(1200/-", "match pensions-deceased", "100%", "(1024/1024"} {
		if !strings.Contains(out, want) {
			t.Errorf("bars drew %q, lacking %q", out, want)
		}
	}
	// Each stage ends its line, so the next starts on its own.
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("bars ended %d lines, want 2: %q", n, out)
	}
}

func TestProgressIsLogWhenNotATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, format := range []string{"", "text", "json"} {
		opts := batch.DefaultOptions()
		if err := showProgress(&opts, f, format); err != nil {
			t.Fatal(err)
		}
		if opts.Log == nil || opts.Progress != nil {
			t.Errorf("format %q to a file: log %v, progress %v; want a log and no bars", format, opts.Log, opts.Progress)
		}
	}
	opts := batch.DefaultOptions()
	if err := showProgress(&opts, f, "yaml"); err == nil || !strings.Contains(err.Error(), "text or json") {
		t.Errorf("--log-format yaml: got %v", err)
	}
}

func TestQuietRunPrintsNothing(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo")
	if _, _, err := run(t, "fixtures", "--out", data, "--output", "../out", "--pensioners", "200", "--deceased", "200", "--cases", "5", "--decoys", "2"); err != nil {
		t.Fatal(err)
	}
	out, logs, err := run(t, "run", "--quiet", filepath.Join(data, "job.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if out != "" || logs != "" {
		t.Errorf("run --quiet printed %q and logged %q", out, logs)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "reports", "pensions-deceased.parquet")); err != nil {
		t.Errorf("run --quiet wrote no report: %v", err)
	}
}
