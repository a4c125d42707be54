package rules_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/rules"
)

// TestDocsCoverLanguage checks that docs/rules.md names every key of a
// rule file, every key function, every comparison kind and every level, so
// that what the language gains cannot go undocumented.
func TestDocsCoverLanguage(t *testing.T) {
	doc, err := os.ReadFile("../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	var want []string
	for _, typ := range []reflect.Type{
		reflect.TypeFor[rules.Rule](), reflect.TypeFor[rules.Comparison](), reflect.TypeFor[rules.Level](),
	} {
		for _, k := range yamlKeys(typ) {
			want = append(want, "`"+k+"`")
		}
	}
	for _, f := range rules.KeyFuncs() {
		name, _, _ := strings.Cut(f, "(")
		want = append(want, "`"+name+"(")
	}
	for kind, levels := range levelEnums(t) {
		want = append(want, "`"+kind+"`")
		for _, l := range levels {
			want = append(want, "`"+l+"`")
		}
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("docs/rules.md does not mention %s", w)
		}
	}
}
