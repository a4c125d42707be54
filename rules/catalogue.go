package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed catalogue/*.yaml
var catalogue embed.FS

// Catalogue returns the built-in rules in id order.
func Catalogue() ([]*Rule, error) {
	entries, err := fs.ReadDir(catalogue, "catalogue")
	if err != nil {
		return nil, fmt.Errorf("read catalogue: %w", err)
	}
	var out []*Rule
	for _, e := range entries {
		data, err := catalogue.ReadFile(path.Join("catalogue", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read catalogue: %w", err)
		}
		r, err := Parse(data, path.Join("catalogue", e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Lookup returns the built-in rule with the given id.
func Lookup(id string) (*Rule, error) {
	all, err := Catalogue()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, r := range all {
		if r.ID == id {
			return r, nil
		}
		ids = append(ids, r.ID)
	}
	return nil, fmt.Errorf("no built-in rule %q (built in: %s)", id, strings.Join(ids, ", "))
}

// CatalogueText returns the YAML text of the built-in rule with the given
// id, as shipped.
func CatalogueText(id string) ([]byte, error) {
	r, err := Lookup(id)
	if err != nil {
		return nil, err
	}
	return catalogue.ReadFile(r.Source)
}
