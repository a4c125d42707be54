package outcome

import (
	"fmt"
	"strings"
)

// Kind is what an investigation of a match found.
type Kind string

// The outcomes an investigator records.
const (
	Fraud              Kind = "fraud"
	Error              Kind = "error"
	NoIssue            Kind = "no_issue"
	UnderInvestigation Kind = "under_investigation"
	Closed             Kind = "closed"
)

// Kinds lists every outcome in the order summaries show them.
var Kinds = []Kind{Fraud, Error, NoIssue, UnderInvestigation, Closed}

// ParseKind reads an outcome as an investigator writes it: any case, with
// spaces, hyphens or underscores ("No issue", "under-investigation").
func ParseKind(s string) (Kind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.NewReplacer(" ", "_", "-", "_").Replace(t)
	for _, k := range Kinds {
		if t == string(k) {
			return k, nil
		}
	}
	return "", fmt.Errorf("outcome %q is not one of fraud, error, no issue, under investigation, closed", s)
}

// Reviewed reports whether the outcome ends the review of a match: a match
// with such an outcome is marked previously reviewed when a later run
// finds it again, rather than raised as new. A match under investigation
// is still open.
func (k Kind) Reviewed() bool { return k != UnderInvestigation && k != "" }

// MayRecover reports whether an amount to recover fits the outcome: fraud
// and error find money, no issue finds none.
func (k Kind) MayRecover() bool { return k != NoIssue }

// Record is one match's recorded outcome.
type Record struct {
	MatchID string
	Report  string // the report the match is in, as named in the job
	Outcome Kind
	// Recover is the amount to recover in pence, never negative; HasRecover
	// is false when the investigator gave none.
	Recover    int64
	HasRecover bool
	// Date is the day the outcome was recorded, days since 1970-01-01.
	Date    int32
	HasDate bool
	Note    string
}
