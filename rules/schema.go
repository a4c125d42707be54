package rules

import (
	"bytes"
	_ "embed"
)

//go:embed schema.json
var schema []byte

// Schema returns the JSON Schema (draft 2020-12) of a rule file, for editors
// that check YAML as it is typed. It checks the shape of a rule: keys, value
// types, kinds, level names and their parameters. What needs the datasets or
// the expressions (field names, types in a condition, unreachable levels) is
// checked by Parse and Compile only. The slice is the caller's own copy.
func Schema() []byte { return bytes.Clone(schema) }
