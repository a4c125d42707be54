// Package returns builds the Cabinet Office return from a run's reports
// and the investigators' outcomes.
//
// A return is one folder: summary.csv (per report: matches, by band, over-
// and under-payment), outcomes.csv (per report and outcome: matches and
// amount to recover), detail/<report>.csv (every match in the NFI file
// conventions: pipe-delimited, dates ddmmyyyy, money in whole pence) and
// manifest.json (the SHA-256, size and rows of every file). With a key,
// identifiers become keyed HMAC pseudonyms for sharing beyond the council.
// docs/return.md documents the layout.
package returns
