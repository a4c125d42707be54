// Package yamlcheck decodes YAML strictly, reporting every unknown key and
// every value of the wrong shape with its file, line and column, so that a
// data analyst editing a mapping or rule file sees all the problems at once
// and where each one is.
package yamlcheck

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrInvalid is wrapped by every error Decode returns for a file that is not
// well formed or does not fit the target type.
var ErrInvalid = errors.New("invalid YAML")

// Pos is a place in a YAML file.
type Pos struct {
	Line, Column int
}

// Positions maps a dotted path ("fields.surname", "columns[2].start") to
// where its value starts, so that later checks can say where a problem is.
type Positions map[string]Pos

// At formats path's place in file as "file:line:col", or file alone when the
// path is not known.
func (p Positions) At(file, path string) string {
	if pos, ok := p[path]; ok {
		return fmt.Sprintf("%s:%d:%d", file, pos.Line, pos.Column)
	}
	return file
}

// Decode reads data, the contents of file, into v (a pointer to a struct).
// Every key must be a yaml tag of the struct it is in, and every value must
// have the shape of its Go type; each problem is reported as
// "file:line:col: what is wrong", all of them joined in one error.
func Decode(file string, data []byte, v any) (Positions, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%w: %s: the file is empty", ErrInvalid, file)
	}
	c := &checker{file: file, pos: Positions{}}
	root := doc.Content[0]
	c.check(root, reflect.TypeOf(v).Elem(), "")
	if len(c.problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, strings.Join(c.problems, "\n"))
	}
	if err := root.Decode(v); err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrInvalid, file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return c.pos, nil
}

type checker struct {
	file     string
	pos      Positions
	problems []string
}

func (c *checker) problem(n *yaml.Node, format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf("%s:%d:%d: %s", c.file, n.Line, n.Column, fmt.Sprintf(format, args...)))
}

var unmarshaler = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// ScalarOrMapping is implemented by a struct type that may also be written
// as a single scalar (a short form), such as a field mapping written as just
// its column name.
type ScalarOrMapping interface {
	ShortForm()
}

var shortForm = reflect.TypeOf((*ScalarOrMapping)(nil)).Elem()

func (c *checker) check(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	c.pos[path] = Pos{n.Line, n.Column}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the zero value
	}
	if (reflect.PointerTo(t).Implements(shortForm) || t.Implements(shortForm)) && n.Kind == yaml.ScalarNode {
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		c.checkStruct(n, t, path)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			c.problem(n, "%s: want a list of key: value pairs, found %s", name(path), shape(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				c.problem(k, "%s: a key must be a plain value", name(path))
				continue
			}
			c.check(val, t.Elem(), join(path, k.Value))
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			c.problem(n, "%s: want a list (lines starting with -), found %s", name(path), shape(n))
			return
		}
		for i, item := range n.Content {
			c.check(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			c.problem(n, "%s: want text, found %s", name(path), shape(n))
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			c.problem(n, "%s: want true or false, found %s", name(path), shape(n))
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			c.problem(n, "%s: want a whole number, found %s", name(path), shape(n))
		}
	case reflect.Float32, reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
			c.problem(n, "%s: want a number, found %s", name(path), shape(n))
		}
	}
}

func (c *checker) checkStruct(n *yaml.Node, t reflect.Type, path string) {
	if reflect.PointerTo(t).Implements(unmarshaler) && !reflect.PointerTo(t).Implements(shortForm) {
		return // the type checks itself
	}
	if n.Kind != yaml.MappingNode {
		c.problem(n, "%s: want key: value pairs, found %s", name(path), shape(n))
		return
	}
	fields := map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		fields[tag] = f
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		f, ok := fields[k.Value]
		if !ok {
			c.problem(k, "unknown key %q%s (known keys: %s)", k.Value, in(path), strings.Join(known(fields), ", "))
			continue
		}
		if seen[k.Value] {
			c.problem(k, "key %q given twice%s", k.Value, in(path))
			continue
		}
		seen[k.Value] = true
		c.check(val, f.Type, join(path, k.Value))
	}
}

func known(fields map[string]reflect.StructField) []string {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func name(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

func in(path string) string {
	if path == "" {
		return ""
	}
	return " in " + path
}

// shape describes a node for a message without quoting long values.
func shape(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "key: value pairs"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int":
			return "the number " + n.Value
		case "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "..."
		}
		return fmt.Sprintf("the text %q", v)
	}
	return "something else"
}
