package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// Parse reads one rule from YAML. Unknown keys and values of the wrong type
// are errors naming source and line. The rule is validated.
func Parse(data []byte, source string) (*Rule, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var r Rule
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrInvalidRule, source, err)
	}
	r.Source = source
	sum := sha256.Sum256(data)
	r.SHA256 = hex.EncodeToString(sum[:])
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// Load reads a rule file.
func Load(path string) (*Rule, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rule: %w", err)
	}
	return Parse(data, path)
}
