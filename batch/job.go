package batch

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nfimatch/nfimatch/extract"
	"github.com/nfimatch/nfimatch/rules"
	"gopkg.in/yaml.v3"
)

// ErrInvalidJob is wrapped by every error that reports a problem in a job.
var ErrInvalidJob = errors.New("invalid job")

// Job is a batch job. Relative paths are relative to the job file's folder.
type Job struct {
	Version  int           `yaml:"version"`
	Name     string        `yaml:"name"`
	Output   string        `yaml:"output"`
	Datasets []DatasetSpec `yaml:"datasets"`
	Reports  []ReportSpec  `yaml:"reports"`

	// Dir is the folder relative paths start from.
	Dir string `yaml:"-"`
}

// DatasetSpec names one input: a file, or a database query in a mapping.
type DatasetSpec struct {
	ID        string `yaml:"id"`        // how reports refer to it
	Type      string `yaml:"type"`      // a dataset type: pensions, deceased...
	Body      string `yaml:"body"`      // the body that supplied it
	Path      string `yaml:"path"`      // the input file; a delimited file with a header row unless a mapping says otherwise
	Mapping   string `yaml:"mapping"`   // a mapping file: format, layout and field names
	Delimiter string `yaml:"delimiter"` // ",", "|", "~", ";" or "tab"; detected when empty
}

// ReportSpec is one report: a rule that links two datasets, or searches
// within one.
type ReportSpec struct {
	Name string `yaml:"name"` // file name of the report; the rule id when empty
	Rule string `yaml:"rule"` // a built-in rule id...
	File string `yaml:"file"` // ...or a rule file
	// Left and Right are the dataset ids of a link rule's sides: one id,
	// or a list read as one table (payroll from several bodies).
	Left  IDs `yaml:"left"`
	Right IDs `yaml:"right"`
	// Datasets are the dataset ids a search rule searches within, read as
	// one: payroll from several bodies, searched across bodies.
	Datasets []string `yaml:"datasets"`
}

// sides returns the dataset ids of each side of the report: for a search,
// the same ids on both.
func (r ReportSpec) sides() (left, right []string) {
	if len(r.Datasets) > 0 {
		return r.Datasets, r.Datasets
	}
	return r.Left, r.Right
}

// IDs are dataset ids, written as one id or as a list.
type IDs []string

// UnmarshalYAML reads one id or a list of them.
func (ids *IDs) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*ids = IDs{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*ids = list
	return nil
}

// LoadJob reads and checks a job file.
func LoadJob(path string) (*Job, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read job: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var j Job
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrInvalidJob, path, err)
	}
	j.Dir = filepath.Dir(path)
	if err := j.Validate(); err != nil {
		return nil, fmt.Errorf("%w %s:\n  %v", ErrInvalidJob, path, err)
	}
	return &j, nil
}

// Path resolves p against the job's folder.
func (j *Job) Path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(j.Dir, p)
}

// Validate checks the job without reading any data. Every problem is listed,
// one per line.
func (j *Job) Validate() error {
	var probs []string
	add := func(format string, a ...any) { probs = append(probs, fmt.Sprintf(format, a...)) }
	if j.Version != 1 {
		add("version: got %d, want 1", j.Version)
	}
	if j.Output == "" {
		add("output: required (the folder reports are written to)")
	}
	ids := map[string]DatasetSpec{}
	for i, d := range j.Datasets {
		if d.ID == "" || ids[d.ID].ID != "" {
			add("datasets[%d]: id %q must be given and unique", i, d.ID)
		} else if !plainName(d.ID) {
			add("datasets[%d]: id %q: use letters, digits, '-' and '_' only (it names the rejects file)", i, d.ID)
		}
		ids[d.ID] = d
		if _, err := extract.Lookup(d.Type); err != nil {
			add("dataset %s: %v", d.ID, err)
		}
		if d.Body == "" {
			add("dataset %s: body: required (the body that supplied the file)", d.ID)
		}
		if err := d.check(j.Dir); err != nil {
			add("dataset %s: %v", d.ID, err)
		}
	}
	if len(j.Reports) == 0 {
		add("reports: at least one report is required")
	}
	names := map[string]bool{}
	for i, r := range j.Reports {
		if (r.Rule == "") == (r.File == "") {
			add("reports[%d]: give exactly one of rule (a built-in id) or file (a rule file)", i)
		}
		name := r.ReportName()
		if !plainName(name) {
			add("reports[%d]: report name %q: use letters, digits, '-' and '_' only (it names the report file)", i, name)
		}
		if names[name] {
			add("reports[%d]: report name %q is used twice; set name", i, name)
		}
		names[name] = true
		switch {
		case len(r.Datasets) > 0 && (len(r.Left) > 0 || len(r.Right) > 0):
			add("reports[%d]: give left and right (a rule that links two datasets) or datasets (a rule that searches within one), not both", i)
		case len(r.Datasets) == 0 && (len(r.Left) == 0 || len(r.Right) == 0):
			add("reports[%d]: give left and right (a rule that links two datasets) or datasets (a rule that searches within one)", i)
		}
		for _, list := range []struct {
			key string
			ids []string
		}{{"datasets", r.Datasets}, {"left", r.Left}, {"right", r.Right}} {
			if dup := firstRepeat(list.ids); dup != "" {
				add("reports[%d]: %s: %q is listed twice", i, list.key, dup)
			}
		}
		for _, id := range r.Left {
			if slices.Contains(r.Right, id) {
				add("reports[%d]: dataset %q is on both sides: a link compares two datasets; to look within one, use a rule that searches (datasets: [...])", i, id)
			}
		}
		left, right := r.sides()
		for _, id := range append(append([]string{}, left...), right...) {
			if _, ok := ids[id]; !ok && id != "" {
				add("reports[%d]: no dataset with id %q", i, id)
			}
		}
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "\n  "))
	}
	return nil
}

// ReportName is the report's file name without extension.
func (r ReportSpec) ReportName() string {
	switch {
	case r.Name != "":
		return r.Name
	case r.Rule != "":
		return r.Rule
	}
	return strings.TrimSuffix(filepath.Base(r.File), filepath.Ext(r.File))
}

// datasetsByID indexes the job's datasets by id.
func (j *Job) datasetsByID() map[string]DatasetSpec {
	m := make(map[string]DatasetSpec, len(j.Datasets))
	for _, d := range j.Datasets {
		m[d.ID] = d
	}
	return m
}

// loadRule returns the report's rule, built in or from its file.
func (j *Job) loadRule(r ReportSpec) (*rules.Rule, error) {
	if r.Rule != "" {
		return rules.Lookup(r.Rule)
	}
	return rules.Read(j.Path(r.File))
}

// check reads d's mapping, if any, and checks it against d's type and path.
func (d DatasetSpec) check(dir string) error {
	spec, err := d.input(dir)
	if err != nil {
		return err
	}
	sql := spec.Mapping != nil && spec.Mapping.Format == extract.FormatSQL
	switch {
	case d.Path == "" && !sql:
		return errors.New("path: required (or a mapping with a database source)")
	case d.Path != "" && sql:
		return errors.New("path: a mapping with a database source reads no file")
	}
	if spec.Mapping == nil {
		return nil
	}
	if ds, err := extract.Lookup(d.Type); err == nil {
		return spec.Mapping.CheckDataset(ds)
	}
	return nil
}

// plainName reports whether s can name a file in the output folder: no
// separators, no dots that could climb out of it.
func plainName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// firstRepeat returns the first id listed twice, or "".
func firstRepeat(ids []string) string {
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			return id
		}
		seen[id] = true
	}
	return ""
}
