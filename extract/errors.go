package extract

import (
	"errors"
	"fmt"
)

// ErrUnknownDataset is returned when a dataset type is not in the registry.
var ErrUnknownDataset = errors.New("unknown dataset type")

// ErrMissingColumn is returned when a file has no column for a required field.
var ErrMissingColumn = errors.New("required column missing")

// ParseError describes a problem with one value in one row of an input file.
// Line is 1-based and counts physical lines, as an editor shows them.
type ParseError struct {
	File  string
	Line  int
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: field %s: %v", e.File, e.Line, e.Field, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
