package returns_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/apache/arrow/go/v17/parquet/pqarrow"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
	"github.com/nfimatch/nfimatch/outcome"
	"github.com/nfimatch/nfimatch/report"
	"github.com/nfimatch/nfimatch/returns"
)

// run makes the demo borough, runs its job and returns the run's output
// folder, the run summary and the truth.
func run(t *testing.T) (string, *batch.Summary, []fixtures.Truth) {
	t.Helper()
	dir := t.TempDir()
	g, err := fixtures.Generate(fixtures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := g.WriteFiles(dir, "out"); err != nil {
		t.Fatal(err)
	}
	job, err := batch.LoadJob(filepath.Join(dir, fixtures.JobFile))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := batch.Run(context.Background(), job, batch.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return sum.Output, sum, g.Truth
}

func readPiped(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '|'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []map[string]string
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

func TestReturnFiles(t *testing.T) {
	out, sum, truth := run(t)
	reports := filepath.Join(out, "reports")
	written := sum.Reports[0].Written

	// Investigators record three outcomes.
	detail0 := buildReturn(t, returns.Config{Reports: reports, Out: filepath.Join(t.TempDir(), "first")})
	ids := []string{detail0[0]["match_id"], detail0[1]["match_id"], detail0[2]["match_id"]}
	recs := []outcome.Record{
		{MatchID: ids[0], Report: written.Name, Outcome: outcome.Fraud, Recover: 150000, HasRecover: true, Date: 20833, HasDate: true},
		{MatchID: ids[1], Report: written.Name, Outcome: outcome.Error, Recover: 2550, HasRecover: true, Date: 20834, HasDate: true},
		{MatchID: ids[2], Report: written.Name, Outcome: outcome.NoIssue, Date: 20835, HasDate: true},
	}
	store := outcome.StorePath(reports)
	if err := outcome.Save(store, recs); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "return")
	detail := buildReturn(t, returns.Config{Reports: reports, Outcomes: store, Out: dir})

	// The summary agrees with what the run wrote.
	s := readPiped(t, filepath.Join(dir, returns.SummaryFile))
	if len(s) != 1 || s[0]["report_name"] != written.Name ||
		s[0]["matches"] != strconv.Itoa(written.Matches) || s[0]["high"] != strconv.Itoa(written.ByBand["high"]) ||
		s[0]["overpayment_pence"] != strconv.FormatInt(written.Overpaid, 10) || s[0]["underpayment_pence"] != "0" {
		t.Errorf("summary %v, run wrote %+v", s, written)
	}

	// Detail: every case with its amount in whole pence and dates as ddmmyyyy.
	if len(detail) != written.Matches {
		t.Fatalf("detail has %d rows, report %d", len(detail), written.Matches)
	}
	amounts := map[string]string{}
	for _, r := range detail {
		amounts[r["left_record_id"]] = r["amount_pence"]
		for _, col := range []string{"left_date_of_birth", "left_date_last_paid", "right_date_of_death"} {
			if !regexp.MustCompile(`^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(19|20)\d\d$`).MatchString(r[col]) {
				t.Errorf("%s = %q, want ddmmyyyy", col, r[col])
			}
		}
		if !regexp.MustCompile(`^\d+$`).MatchString(r["left_pension_amount_pence"]) {
			t.Errorf("left_pension_amount_pence = %q, want whole pence", r["left_pension_amount_pence"])
		}
	}
	for _, tr := range truth {
		if tr.Kind == fixtures.TruthCase && amounts[tr.PensionRef] != strconv.FormatInt(tr.Amount, 10) {
			t.Errorf("case %s: amount_pence %q, want %d", tr.PensionRef, amounts[tr.PensionRef], tr.Amount)
		}
	}
	byID := map[string]map[string]string{}
	for _, r := range detail {
		byID[r["match_id"]] = r
	}
	if r := byID[ids[0]]; r["outcome"] != "fraud" || r["amount_to_recover_pence"] != "150000" || r["outcome_date"] != "15012027" {
		t.Errorf("detail of the fraud match: outcome %q recover %q date %q", r["outcome"], r["amount_to_recover_pence"], r["outcome_date"])
	}

	// The outcomes summary counts each outcome and what is not yet reviewed.
	got := map[string][2]string{}
	for _, r := range readPiped(t, filepath.Join(dir, returns.OutcomesFile)) {
		got[r["outcome"]] = [2]string{r["matches"], r["amount_to_recover_pence"]}
	}
	want := map[string][2]string{"fraud": {"1", "150000"}, "error": {"1", "2550"}, "no_issue": {"1", "0"},
		"under_investigation": {"0", "0"}, "closed": {"0", "0"}, "not_reviewed": {strconv.Itoa(written.Matches - 3), "0"}}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("outcomes %s = %v, want %v", k, got[k], w)
		}
	}
	checkManifest(t, dir)
}

// buildReturn builds a return and reads its one detail file.
func buildReturn(t *testing.T, cfg returns.Config) []map[string]string {
	t.Helper()
	if _, err := returns.Build(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(cfg.Out, returns.DetailDir, "*.csv"))
	if len(files) != 1 {
		t.Fatalf("detail files %v, want one", files)
	}
	return readPiped(t, files[0])
}

// checkManifest recomputes every file's checksum, size and rows.
func checkManifest(t *testing.T, dir string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, returns.ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m returns.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 3 {
		t.Errorf("manifest lists %d files, want 3", len(m.Files))
	}
	for _, f := range m.Files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		lines := strings.Count(string(b), "\n") - 1
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(b)) != f.Bytes || lines != f.Rows {
			t.Errorf("%s: manifest %+v, file has sha256 %x, %d bytes, %d rows", f.Path, f, sum, len(b), lines)
		}
	}
}

func TestPseudonymisedReturn(t *testing.T) {
	out, _, _ := run(t)
	key := []byte("a fixed test key, not a secret")
	plain := buildReturn(t, returns.Config{Reports: filepath.Join(out, "reports"), Out: filepath.Join(t.TempDir(), "plain")})
	dir := filepath.Join(t.TempDir(), "shared")
	pseudo := buildReturn(t, returns.Config{Reports: filepath.Join(out, "reports"), Out: dir, Key: key})
	hmacOf := func(v string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(v))
		return hex.EncodeToString(m.Sum(nil))[:32]
	}
	raw, err := os.ReadFile(filepath.Join(dir, returns.DetailDir, "pensions-deceased.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range plain {
		q := pseudo[i]
		for _, col := range []string{"match_id", "left_record_id", "left_surname", "left_ni_number", "left_date_of_birth", "right_address_1", "right_postcode"} {
			if p[col] != "" && q[col] != hmacOf(p[col]) {
				t.Errorf("row %d %s = %q, want the HMAC of the value", i, col, q[col])
			}
			if p[col] != "" && strings.Contains(string(raw), p[col]) {
				t.Errorf("row %d: the value of %s appears in the pseudonymised return", i, col)
			}
		}
		for _, col := range []string{"amount_pence", "band", "score", "left_body", "left_date_last_paid", "right_date_of_death", "left_payment_frequency"} {
			if q[col] != p[col] {
				t.Errorf("row %d %s = %q, want %q kept", i, col, q[col], p[col])
			}
		}
		if _, ok := q["reason"]; ok {
			t.Fatal("the pseudonymised return carries the reason, which quotes personal data")
		}
	}
	checkManifest(t, dir)
}

func TestReturnKeepsAnEarlierReturnWhenItFails(t *testing.T) {
	out, _, _ := run(t)
	reports := filepath.Join(out, "reports")
	dir := filepath.Join(t.TempDir(), "return")
	buildReturn(t, returns.Config{Reports: reports, Out: dir})
	before, _ := os.ReadFile(filepath.Join(dir, returns.ManifestName))
	// A corrupt report stops the build: the earlier return stays whole.
	if err := os.WriteFile(filepath.Join(reports, "zz-broken.parquet"), []byte("not parquet"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := returns.Build(context.Background(), returns.Config{Reports: reports, Out: dir}); err == nil || !strings.Contains(err.Error(), "zz-broken.parquet") {
		t.Fatalf("Build with a corrupt report: %v, want an error naming it", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, returns.ManifestName))
	if string(after) != string(before) {
		t.Error("a failed build changed the earlier return")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".return.*")); len(left) != 0 {
		t.Errorf("a failed build left %v", left)
	}
	// A Parquet file that is not a report is refused by name, not read
	// as one.
	os.Remove(filepath.Join(reports, "zz-broken.parquet"))
	foreignParquet(t, filepath.Join(reports, "zz-foreign.parquet"))
	_, err := returns.Build(context.Background(), returns.Config{Reports: reports, Out: dir})
	if err == nil || !strings.Contains(err.Error(), "zz-foreign.parquet") || !strings.Contains(err.Error(), "not an nfimatch report") {
		t.Fatalf("Build with a foreign Parquet file: %v", err)
	}
	if _, err := report.MatchIDs(context.Background(), reports); err == nil || !strings.Contains(err.Error(), "not an nfimatch report") {
		t.Errorf("MatchIDs with a foreign Parquet file: %v", err)
	}
	os.Remove(filepath.Join(reports, "zz-foreign.parquet"))

	// A folder that is not a return is never replaced.
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("mine"), 0o600)
	if _, err := returns.Build(context.Background(), returns.Config{Reports: reports, Out: other}); err == nil {
		t.Error("Build replaced a folder that is not a return")
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "mine" {
		t.Error("the folder's own file is gone")
	}
}

func TestLoadKey(t *testing.T) {
	file := filepath.Join(t.TempDir(), "key")
	os.WriteFile(file, []byte("0123456789abcdefXYZ\n"), 0o600)
	if k, err := returns.LoadKey(file); err != nil || string(k) != "0123456789abcdefXYZ" {
		t.Errorf("LoadKey(file) = %q, %v", k, err)
	}
	t.Setenv(returns.KeyEnv, "")
	if _, err := returns.LoadKey(""); err != returns.ErrNoKey {
		t.Errorf("LoadKey with no key = %v, want ErrNoKey", err)
	}
	t.Setenv(returns.KeyEnv, "short")
	if _, err := returns.LoadKey(""); err == nil {
		t.Error("LoadKey took a 5-byte key")
	}
	t.Setenv(returns.KeyEnv, "an environment key of some length")
	if k, err := returns.LoadKey(""); err != nil || string(k) != "an environment key of some length" {
		t.Errorf("LoadKey(env) = %q, %v", k, err)
	}
}

// foreignParquet writes a Parquet file whose match_id is a number: a file
// some other tool left in the reports folder.
func foreignParquet(t *testing.T, path string) {
	t.Helper()
	schema := arrow.NewSchema([]arrow.Field{{Name: "match_id", Type: arrow.PrimitiveTypes.Int64}}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 2}, nil)
	rec := b.NewRecord()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := pqarrow.NewFileWriter(schema, f, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
