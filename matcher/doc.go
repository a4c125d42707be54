// Package matcher is nfimatch's rule-driven matching core.
//
// NewTable reads a dataset's Arrow record batches once into columns. Compile
// turns a compiled rule into a Plan: its comparisons bound to comparator
// kinds and levels. Engine.Run then prepares per-record features once (name
// tokens, phonetic codes, nickname groups, parsed dates, address tokens),
// blocks both tables on every pass's keys, and scores the candidate pairs on
// a bounded pool of workers, each pair once however many passes produced it.
// A pair whose score reaches the rule's floor and that meets its condition
// becomes a Match, with every comparison's level and weight, the amount and
// the reason in words. The matches come out in the same order whatever the
// number of workers.
package matcher
