package matcher

// levelCode is a level name compiled to a small number, so that a scorer
// tries its levels per pair without comparing level names.
type levelCode uint8

const (
	lvOther levelCode = iota // missing, and names the scorer does not know
	lvElse
	lvExact
	lvFirst
	lvNickname
	lvSwapped
	lvJaroWinkler
	lvMetaphone
	lvToken
	lvInitial
	lvOneDigit
	lvWithinDays
	lvYear
	lvOneChar
	lvFull
	lvSector
	lvDistrict
	lvArea
	lvNumberAndStreet
	lvTokens
	lvWithin
	lvPercent
	lvNormalised
	lvEditDistance
	lvTransposed
	lvAccount
)

var levelCodes = map[string]levelCode{
	"else": lvElse, "exact": lvExact, "first": lvFirst, "nickname": lvNickname, "swapped": lvSwapped,
	"jaro_winkler": lvJaroWinkler, "metaphone": lvMetaphone, "token": lvToken, "initial": lvInitial,
	"one_digit": lvOneDigit, "within_days": lvWithinDays, "year": lvYear, "one_char": lvOneChar,
	"full": lvFull, "sector": lvSector, "district": lvDistrict, "area": lvArea,
	"number_and_street": lvNumberAndStreet, "tokens": lvTokens, "within": lvWithin, "percent": lvPercent,
	"normalised": lvNormalised, "edit_distance": lvEditDistance, "transposed": lvTransposed, "account": lvAccount,
}

// level is a rule level ready for per-pair use: its code and parameters
// in the units the scorers compare.
type level struct {
	code      levelCode
	min       float64   // similarity threshold
	jw        *jwLimits // jaro_winkler: the threshold's limits
	days      int64     // within_days
	max       int       // edit_distance
	tolerance float64   // within: pence
	percent   float64
}

// compileLevels compiles c's levels, in order: a scorer's outcome is the
// index of the first that holds.
func compileLevels(c *Comparison) []level {
	out := make([]level, len(c.Levels))
	for i, l := range c.Levels {
		out[i] = level{code: levelCodes[l.Level], min: l.Min, days: int64(l.Days), max: l.Max,
			tolerance: l.Tolerance*100 + 1e-6, percent: l.Percent}
		if out[i].code == lvJaroWinkler {
			out[i].jw = jwLimitsFor(l.Min)
		}
	}
	return out
}

// has reports whether levels include code.
func has(levels []level, code levelCode) bool {
	for _, l := range levels {
		if l.code == code {
			return true
		}
	}
	return false
}
