// Package extract reads council and central datasets into Apache Arrow record
// batches in a canonical schema per dataset type.
//
// A Dataset describes one type (pensions, deceased, ...): its fields, their
// kinds and the header names each field is recognised by. A source such as
// DelimitedReader maps an input file onto that schema, normalises every value
// once (names, NI numbers, postcodes, dates, money) and yields batches through
// the array.RecordReader interface. Every input row is either loaded or handed
// to a RejectSink with its line number, field and reason, so that
// Stats.Read == Stats.Loaded + Stats.Rejected for every file.
package extract
