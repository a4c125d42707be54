package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"github.com/nfimatch/nfimatch/internal/yamlcheck"
)

// Parse reads one rule from YAML. Unknown keys and values of the wrong type
// are errors naming the source, line and column, all listed at once. The
// rule's structure is then validated; Compile checks it against the
// datasets.
func Parse(data []byte, source string) (*Rule, error) {
	r, err := Decode(data, source)
	if err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

// Decode reads one rule from YAML without checking its structure, for a
// caller that compiles it next (matcher.CompileRule), so that every problem
// of the rule, structural or not, is listed in one pass. Unknown keys and
// values of the wrong type are errors, as in Parse.
func Decode(data []byte, source string) (*Rule, error) {
	var r Rule
	pos, err := yamlcheck.Decode(source, data, &r)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), yamlcheck.ErrInvalid.Error()+": ")
		return nil, fmt.Errorf("%w %s:\n  %s", ErrInvalidRule, source, strings.ReplaceAll(msg, "\n", "\n  "))
	}
	r.Source = source
	r.Positions = pos
	sum := sha256.Sum256(data)
	r.SHA256 = hex.EncodeToString(sum[:])
	return &r, nil
}

// Read reads a rule file with Decode: the caller compiles it.
func Read(path string) (*Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rule: %w", err)
	}
	return Decode(data, path)
}

// Load reads a rule file.
func Load(path string) (*Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rule: %w", err)
	}
	return Parse(data, path)
}
