// Package rules holds nfimatch's rule language and the built-in catalogue of
// NFI match types.
//
// A Rule, read from YAML by Parse or taken from the catalogue by Lookup, names
// the datasets it links, its blocking passes (lists of key expressions such as
// "metaphone(surname)"), its comparisons and their levels and weights, the
// score bands, a condition over both records and the amount formula.
// Conditions and amounts are expressions in github.com/expr-lang/expr,
// compiled and type-checked against the datasets' canonical schemas once per
// run by Compile.
package rules
