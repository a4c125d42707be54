package summary_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/fixtures"
)

// requireChromium, when "1", makes a missing Chromium fail the browser test
// instead of skipping it; .ci/run sets it.
const requireChromium = "NFIMATCH_REQUIRE_CHROMIUM"

// chromium returns the path of a Chromium or Chrome to drive, or skips the
// test (fails it under NFIMATCH_REQUIRE_CHROMIUM=1) when there is none.
// NFIMATCH_CHROMIUM names one explicitly.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("NFIMATCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium or Chrome on PATH: install the distribution's chromium package (apt-get install chromium) to open the summary page in a real browser"
	if os.Getenv(requireChromium) == "1" {
		t.Fatal(msg + " (" + requireChromium + "=1)")
	}
	t.Skip(msg)
	return ""
}

// runJob runs the job file at path and returns what the run did.
func runJob(t *testing.T, path string) *batch.Summary {
	t.Helper()
	job, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := batch.DefaultOptions()
	opts.Version = "test"
	sum, err := batch.Run(context.Background(), job, opts)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestPageInChromium opens the summary pages of two real runs, the
// catalogue scenarios (every built-in rule) and the demo borough (with
// rejected rows), in a headless Chromium. It fails on any script
// exception, console or browser-log error, or request for anything but
// the page itself; on a chart with no size or no drawn marks; and when the
// page's figures differ from the run's.
func TestPageInChromium(t *testing.T) {
	exe := chromium(t)
	dir := t.TempDir()
	if _, err := fixtures.WriteCatalogue(filepath.Join(dir, "catalogue"), "out", 2026); err != nil {
		t.Fatal(err)
	}
	borough, err := fixtures.Generate(fixtures.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := borough.WriteFiles(filepath.Join(dir, "demo"), "out"); err != nil {
		t.Fatal(err)
	}
	runs := map[string]*batch.Summary{
		"catalogue": runJob(t, filepath.Join(dir, "catalogue", fixtures.JobFile)),
		"demo":      runJob(t, filepath.Join(dir, "demo", fixtures.JobFile)),
	}

	actx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-dev-shm-usage", true))...)
	defer cancel()
	browser, cancel := chromedp.NewContext(actx)
	defer cancel()
	// Start the browser on a context without a deadline: a deadline on
	// the first call would end the browser with it.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	for name, sum := range runs {
		t.Run(name, func(t *testing.T) {
			tab, cancel := chromedp.NewContext(browser)
			defer cancel()
			checkPage(t, tab, sum)
		})
	}
}

// problems collects what the page must not do.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) all() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

func checkPage(t *testing.T, tab context.Context, sum *batch.Summary) {
	abs, err := filepath.Abs(sum.Page)
	if err != nil {
		t.Fatal(err)
	}
	page := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	var bad problems
	if err := chromedp.Listen(tab, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			if d.Exception != nil {
				bad.add("script exception: %s %s", d.Text, d.Exception.Description)
			} else {
				bad.add("script exception: %s", d.Text)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				bad.add("console.%s called", ev.Type)
			}
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				bad.add("browser log error: %s (%s)", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			if u := ev.Request.URL; u != page && !strings.HasPrefix(u, "data:") {
				bad.add("request for %s: the page must be self-contained", u)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tab, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		t.Fatalf("open %s: %v", page, err)
	}
	checkCharts(t, ctx, sum)
	checkTables(t, ctx, sum)
	// Sort the matches table by its matches column, largest first (two
	// clicks), to run the page's script.
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const th = document.querySelectorAll("#matches-table th")[5];
		th.click(); th.click();
		return document.querySelector("#matches-table tbody tr").dataset.report;
	})()`))
	if err != nil {
		t.Fatalf("sort the matches table: %v", err)
	}
	most := sum.Reports[0]
	for _, r := range sum.Reports {
		if r.Written.Matches > most.Written.Matches {
			most = r
		}
	}
	if first != most.Name {
		t.Errorf("sorted by matches, largest first, the first report is %q, want %q", first, most.Name)
	}
	// Let late events arrive before reading them.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => setTimeout(() => r(true), 200))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	for _, p := range bad.all() {
		t.Error(p)
	}
}

// chartState is what the browser drew of one chart.
type chartState struct {
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Marks  int     `json:"marks"` // data marks drawn with a non-zero box
}

func checkCharts(t *testing.T, ctx context.Context, sum *batch.Summary) {
	t.Helper()
	charts, err := chromedp.Run(ctx, chromedp.Evaluate[[]chartState](`Array.from(document.querySelectorAll("figure.chart svg"), svg => {
		const box = svg.getBoundingClientRect();
		const marks = Array.from(svg.querySelectorAll(".mark")).filter(m => {
			const b = m.getBBox();
			return b.width > 0 && b.height > 0;
		});
		return {width: box.width, height: box.height, marks: marks.length};
	})`))
	if err != nil {
		t.Fatalf("read the charts: %v", err)
	}
	// The matches by band, the over-payment, the under-payment when there
	// is some, the candidate pairs, a score histogram per report with
	// matches and a field profile per input with loaded rows.
	want := 3
	var under bool
	for _, r := range sum.Reports {
		if r.Written.Matches > 0 {
			want++
		}
		under = under || r.Written.Underpaid < 0
	}
	if under {
		want++
	}
	for _, d := range sum.Datasets {
		if d.Stats.Loaded > 0 {
			want++
		}
	}
	if len(charts) != want {
		t.Errorf("%d charts, want %d", len(charts), want)
	}
	for i, c := range charts {
		if c.Width <= 0 || c.Height <= 0 || c.Marks == 0 {
			t.Errorf("chart %d is drawn %.0fx%.0f with %d marks, want a size and marks", i, c.Width, c.Height, c.Marks)
		}
	}
}

// reportRow is one row of the page's matches table, as the browser shows it.
type reportRow struct {
	Report string   `json:"report"`
	Cells  []string `json:"cells"`
}

func checkTables(t *testing.T, ctx context.Context, sum *batch.Summary) {
	t.Helper()
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]reportRow](`Array.from(document.querySelectorAll("#matches-table tbody tr"), tr => ({
		report: tr.dataset.report, cells: Array.from(tr.cells, td => td.textContent.trim())}))`))
	if err != nil {
		t.Fatalf("read the matches table: %v", err)
	}
	if len(rows) != len(sum.Reports) {
		t.Fatalf("matches table has %d rows, want one per report: %d", len(rows), len(sum.Reports))
	}
	total := 0
	for i, r := range sum.Reports {
		w := r.Written
		total += w.Matches
		want := []string{r.Name, w.ReportID, groupDigits(w.ByBand["high"]), groupDigits(w.ByBand["medium"]),
			groupDigits(w.ByBand["low"]), groupDigits(w.Matches)}
		if got := rows[i].Cells[:len(want)]; rows[i].Report != r.Name || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("matches table row %d = %s %q, want %q", i, rows[i].Report, got, want)
		}
		if w.HasAmount && rows[i].Cells[7] != pounds(w.Overpaid) {
			t.Errorf("report %s: over-payment shown as %q, want %q", r.Name, rows[i].Cells[7], pounds(w.Overpaid))
		}
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("total-matches").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if shown != groupDigits(total) {
		t.Errorf("total matches shown as %q, want %q", shown, groupDigits(total))
	}
	inputs, err := chromedp.Run(ctx, chromedp.Evaluate[[]reportRow](`Array.from(document.querySelectorAll("#inputs-table tbody tr"), tr => ({
		report: tr.dataset.input, cells: Array.from(tr.cells, td => td.textContent.trim())}))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) != len(sum.Datasets) {
		t.Fatalf("inputs table has %d rows, want %d", len(inputs), len(sum.Datasets))
	}
	for i, d := range sum.Datasets {
		st := d.Stats
		want := []string{groupDigits(int(st.Read)), groupDigits(int(st.Loaded)), groupDigits(int(st.Rejected))}
		if got := inputs[i].Cells[3:6]; inputs[i].Report != d.ID || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("inputs table row %d = %s %q, want %s %q", i, inputs[i].Report, got, d.ID, want)
		}
	}
}

// groupDigits and pounds write numbers as a reader expects them, worked
// out here rather than with the package's own formatting.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func pounds(pence int64) string {
	sign := ""
	if pence < 0 {
		sign, pence = "-", -pence
	}
	return fmt.Sprintf("%s£%s.%02d", sign, groupDigits(int(pence/100)), pence%100)
}
