package extract

import "errors"

// ErrUnknownDataset is returned when a dataset type is not in the registry.
var ErrUnknownDataset = errors.New("unknown dataset type")

// ErrMissingColumn is returned when a file has no column for a required field.
//
// Problems with single rows are not errors: they go to a RejectSink as a
// Reject with the file, line, field and reason.
var ErrMissingColumn = errors.New("required column missing")
