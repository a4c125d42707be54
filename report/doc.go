// Package report writes match reports as Parquet files that analysts query
// in DuckDB.
//
// Every report has the same common columns (CommonColumns: report_id,
// report_name, match_id, score, match_probability, band, amount, reason,
// block_pass, comparisons, left_dataset, right_dataset, previous_outcome,
// previously_reviewed), then every field of the left record as
// left_<field> and of the right record as right_<field>, with real Parquet
// types: UTF8 text, DATE, DECIMAL(18,2) money, DOUBLE scores, NULL where a
// value is missing. The schema is versioned (SchemaVersion, in the file's
// key-value metadata) and documented in docs/reports.md. A report is
// written under a temporary name and renamed into place only when
// complete, so a failed run never leaves a file that looks finished.
package report
