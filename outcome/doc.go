// Package outcome records what investigators found for each match.
//
// Investigators fill in a CSV, one row per match id: the outcome (fraud,
// error, no issue, under investigation, closed), the amount to recover in
// pounds, the date and a note. Import checks every row against the match
// ids of the reports and lists every problem with its line number; when
// any row is wrong nothing is stored. Accepted rows are merged into the
// store, outcomes.csv beside the reports folder, a later row for a match
// replacing an earlier one. A later run reads the store and marks the
// matches whose review has ended as previously reviewed, and the Cabinet
// Office return summarises it.
package outcome
