// Package batch runs a job: the datasets to extract, the reports to match
// and where to write them, as described in a YAML job file.
//
// Run compiles every rule first, so a mistake in a rule fails before any
// data is read; then it extracts each dataset once into a matcher.Table
// (rejects to out/rejects/ID.csv), runs each report's rule with the matcher
// and writes its Parquet file to out/reports/NAME.parquet. It profiles each
// input as it reads it, then writes the run's summary page, out/summary.html
// (see package summary), and the manifest, out/manifest.json.
package batch
