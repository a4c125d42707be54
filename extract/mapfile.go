package extract

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/nfimatch/nfimatch/internal/yamlcheck"
	"gopkg.in/yaml.v3"
)

// Input formats a mapping file can declare.
const (
	FormatDelimited = "delimited"
	FormatFixed     = "fixed"
	FormatParquet   = "parquet"
	FormatJSONLines = "jsonl"
	FormatSQL       = "sql"
)

// MappingFile is a mapping file as written: how to read one council export
// (its format, encoding and layout) and how its columns become a dataset's
// fields. See docs/mapping.md.
type MappingFile struct {
	Version      int                  `yaml:"version"`
	Dataset      string               `yaml:"dataset"`
	Format       string               `yaml:"format"`
	Encoding     string               `yaml:"encoding"`
	Delimiter    string               `yaml:"delimiter"`
	Header       *bool                `yaml:"header"`
	RecordLength int                  `yaml:"record_length"`
	PivotYear    int                  `yaml:"pivot_year"`
	Columns      []ColumnSpec         `yaml:"columns"`
	SQL          *SQLSpec             `yaml:"sql"`
	Fields       map[string]FieldSpec `yaml:"fields"`
	Constants    map[string]string    `yaml:"constants"`

	// Path is the file the mapping was read from.
	Path string `yaml:"-"`
	pos  yamlcheck.Positions
}

// ColumnSpec names one column of a file without a header row; for a
// fixed-width file it also gives the column's place, from Start (the first
// character, counting from 1) for Width characters, or to End inclusive.
type ColumnSpec struct {
	Name  string `yaml:"name"`
	Start int    `yaml:"start"`
	Width int    `yaml:"width"`
	End   int    `yaml:"end"`
}

// SQLSpec is a database source: the driver, the environment variable that
// holds the connection string (never the string itself, which holds a
// password), and the query.
type SQLSpec struct {
	Driver string `yaml:"driver"`
	DSNEnv string `yaml:"dsn_env"`
	Query  string `yaml:"query"`
}

// FieldSpec is one entry of a mapping's fields: the column that holds the
// field and how to read it. It may be written as the column name alone.
type FieldSpec struct {
	Column     string            `yaml:"column"`
	DateFormat string            `yaml:"date_format"`
	Money      string            `yaml:"money"`
	Codes      map[string]string `yaml:"codes"`
}

// ShortForm marks FieldSpec as writable as a plain column name.
func (FieldSpec) ShortForm() {}

// UnmarshalYAML reads either form.
func (f *FieldSpec) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		f.Column = n.Value
		return nil
	}
	type plain FieldSpec
	return n.Decode((*plain)(f))
}

// ErrInvalidMapping is wrapped by every error about a mapping file's contents.
var ErrInvalidMapping = errors.New("invalid mapping")

// LoadMapping reads and checks a mapping file.
func LoadMapping(path string) (*MappingFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read mapping: %w", err)
	}
	return ParseMapping(path, data)
}

// ParseMapping reads a mapping file's contents. Unknown keys, values of the
// wrong shape and settings that contradict each other are errors, each with
// the file, line and column, all listed at once.
func ParseMapping(path string, data []byte) (*MappingFile, error) {
	var m MappingFile
	pos, err := yamlcheck.Decode(path, data, &m)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidMapping, err)
	}
	m.Path, m.pos = path, pos
	if m.Format == "" {
		m.Format = FormatDelimited
		if m.SQL != nil {
			m.Format = FormatSQL
		}
	}
	if problems := m.check(); len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrInvalidMapping, strings.Join(problems, "\n"))
	}
	return &m, nil
}

// at says where path is in the file.
func (m *MappingFile) at(path string) string { return m.pos.At(m.Path, path) }

// check finds the settings that cannot work together.
func (m *MappingFile) check() []string {
	var p []string
	add := func(path, format string, args ...any) {
		p = append(p, m.at(path)+": "+fmt.Sprintf(format, args...))
	}
	if m.Version != 1 {
		add("version", "version: want 1 (the only mapping version)")
	}
	if m.Dataset != "" {
		if _, err := Lookup(m.Dataset); err != nil {
			add("dataset", "dataset: %v", err)
		}
	}
	switch m.Format {
	case FormatDelimited, FormatFixed, FormatParquet, FormatJSONLines, FormatSQL:
	default:
		add("format", "format %q: want delimited, fixed, parquet, jsonl or sql", m.Format)
	}
	if m.Encoding != "" {
		if _, err := canonicalEncoding(m.Encoding); err != nil {
			add("encoding", "%v", err)
		}
		if m.Format == FormatParquet || m.Format == FormatSQL {
			add("encoding", "encoding: only for text files (delimited, fixed, jsonl)")
		}
	}
	if m.Delimiter != "" {
		if _, err := ParseDelimiter(m.Delimiter); err != nil {
			add("delimiter", "%v", err)
		}
		if m.Format != FormatDelimited {
			add("delimiter", "delimiter: only for delimited files")
		}
	}
	if m.Header != nil && m.Format != FormatDelimited && m.Format != FormatFixed {
		add("header", "header: only for delimited and fixed-width files")
	}
	if m.RecordLength != 0 && (m.Format != FormatFixed || m.RecordLength < 0) {
		add("record_length", "record_length: a positive length, for fixed-width files only")
	}
	if m.PivotYear != 0 && (m.PivotYear < 1900 || m.PivotYear > 2200) {
		add("pivot_year", "pivot_year %d: want a year such as 2026", m.PivotYear)
	}
	p = append(p, m.checkColumns()...)
	switch {
	case m.Format == FormatSQL && m.SQL == nil:
		add("format", "format sql: give sql: with driver, dsn_env and query")
	case m.Format != FormatSQL && m.SQL != nil:
		add("sql", "sql: only with format sql")
	case m.SQL != nil:
		if m.SQL.Driver == "" {
			add("sql", "sql: give the driver (postgres or sqlserver)")
		}
		if m.SQL.DSNEnv == "" {
			add("sql", "sql: give dsn_env, the environment variable holding the connection string")
		}
		if strings.TrimSpace(m.SQL.Query) == "" {
			add("sql", "sql: give the query")
		}
	}
	for name, fs := range m.Fields {
		if fs.Column == "" {
			add("fields."+name, "fields.%s: give the column that holds it", name)
		}
	}
	return p
}

// checkColumns checks the columns list against the format.
func (m *MappingFile) checkColumns() []string {
	var p []string
	add := func(path, format string, args ...any) {
		p = append(p, m.at(path)+": "+fmt.Sprintf(format, args...))
	}
	noHeader := m.Header != nil && !*m.Header && m.Format == FormatDelimited
	switch {
	case m.Format == FormatFixed && len(m.Columns) == 0:
		add("format", "format fixed: give the columns with name, start and width")
	case noHeader && len(m.Columns) == 0:
		add("header", "header false: give the columns, in order")
	case len(m.Columns) > 0 && m.Format == FormatDelimited && !noHeader:
		add("columns", "columns: for a delimited file, only with header: false")
	case len(m.Columns) > 0 && m.Format != FormatDelimited && m.Format != FormatFixed:
		add("columns", "columns: only for delimited and fixed-width files")
	}
	names := map[string]bool{}
	for i, c := range m.Columns {
		path := fmt.Sprintf("columns[%d]", i)
		if c.Name == "" {
			add(path, "%s: give the column a name", path)
		} else if names[headerKey(c.Name)] {
			add(path, "%s: column %q named twice", path, c.Name)
		}
		names[headerKey(c.Name)] = true
		if m.Format != FormatFixed {
			if c.Start != 0 || c.Width != 0 || c.End != 0 {
				add(path, "%s: start, width and end are for fixed-width files", path)
			}
			continue
		}
		switch {
		case c.Start < 1:
			add(path, "%s: start must be 1 or more (the first character is 1)", path)
		case c.Width != 0 && c.End != 0:
			add(path, "%s: give width or end, not both", path)
		case c.Width < 0 || c.End < 0 || (c.Width == 0 && c.End == 0):
			add(path, "%s: give a positive width (or end)", path)
		case c.End != 0 && c.End < c.Start:
			add(path, "%s: end %d is before start %d", path, c.End, c.Start)
		}
	}
	return p
}

// FixedWidth returns the number of characters of a fixed-width column.
func (c ColumnSpec) FixedWidth() int {
	if c.End != 0 {
		return c.End - c.Start + 1
	}
	return c.Width
}

// Mapping returns the field mapping the Reader applies.
func (m *MappingFile) Mapping() *Mapping {
	out := &Mapping{Fields: map[string]FieldMapping{}, Constants: m.Constants}
	for name, fs := range m.Fields {
		out.Fields[name] = FieldMapping{Column: fs.Column, DateFormat: fs.DateFormat, Money: fs.Money, Codes: fs.Codes}
	}
	return out
}

// CheckDataset checks the mapping's fields against ds, with the place of each
// problem in the file.
func (m *MappingFile) CheckDataset(ds *Dataset) error {
	if m.Dataset != "" && m.Dataset != ds.Type {
		return fmt.Errorf("%w: %s: the mapping is for %s, not %s", ErrInvalidMapping, m.at("dataset"), m.Dataset, ds.Type)
	}
	var p []string
	fields := m.Mapping().Fields
	for _, name := range sortedKeys(fields) {
		one := Mapping{Fields: map[string]FieldMapping{name: fields[name]}}
		if err := one.Validate(ds); err != nil {
			p = append(p, m.at("fields."+name)+": "+strings.TrimPrefix(err.Error(), "mapping for "+ds.Type+": "))
		}
	}
	for _, name := range sortedKeys(m.Constants) {
		one := Mapping{Constants: map[string]string{name: m.Constants[name]}}
		if err := one.Validate(ds); err != nil {
			p = append(p, m.at("constants."+name)+": "+strings.TrimPrefix(err.Error(), "mapping for "+ds.Type+": "))
		} else if _, clash := m.Fields[name]; clash {
			p = append(p, m.at("constants."+name)+": "+name+": both a column and a constant")
		}
	}
	if len(p) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalidMapping, strings.Join(p, "\n"))
	}
	return nil
}

// ParseDelimiter reads a delimiter as written in a job or mapping file: one
// of , | ~ ; or "tab".
func ParseDelimiter(s string) (rune, error) {
	switch s {
	case "":
		return 0, nil
	case "tab", `\t`, "\t":
		return '\t', nil
	case ",", "|", "~", ";":
		return rune(s[0]), nil
	}
	return 0, fmt.Errorf("delimiter %q: want , | ~ ; or tab", s)
}
