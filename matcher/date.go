package matcher

import (
	"math/bits"
	"time"
)

// dateFeat is a date prepared for comparison, packed into 8 bytes so that
// a pass copies and reads a third of what the date in full (civilDay)
// takes: the days from 1970-01-01 and, in ymd, the year, month and day.
// ymd is 0 for a missing date. A date whose year does not fit ymd (beyond
// 2^21 years either side of year 0) is far: ymd is farDate and days its
// index in the scorer's side table of far dates, held in full.
type dateFeat struct {
	days int32
	// ymd holds the day in bits 0-4, the month in bits 5-8 and the year
	// plus dateYearBias in bits 9-30.
	ymd uint32
}

const (
	dateYearBias = 1 << 21
	farDate      = 1 << 31
)

// civilDay is a date in full, as the levels compare it; ok is false when
// missing.
type civilDay struct {
	days int64
	y    int32
	m, d uint8
	ok   bool
	// odd marks a year outside 0-9999, whose ddmmyyyy is not eight
	// digits: one_digit compares the text instead.
	odd bool
}

// dateFeatures returns every row's date in column col, and the far dates
// in full that the rows' features point to.
func dateFeatures(t *Table, col int) ([]dateFeat, []civilDay) {
	c := &t.Cols[col]
	out := make([]dateFeat, t.Len)
	var far []civilDay
	for r := range out {
		if !c.Valid[r] {
			continue
		}
		y, m, d := civilDate(c.Num[r])
		if y < -dateYearBias || y >= dateYearBias {
			far = append(far, civilDay{days: c.Num[r], y: int32(y), m: uint8(m), d: uint8(d), ok: true, odd: true})
			out[r] = dateFeat{days: int32(len(far) - 1), ymd: farDate}
			continue
		}
		// |days| < 2^21 * 366 < 2^31: the day count fits.
		out[r] = dateFeat{days: int32(c.Num[r]), ymd: uint32(y+dateYearBias)<<9 | uint32(m)<<5 | uint32(d)}
	}
	return out, far
}

// full returns the date f packs, or the far date it points to in far.
func (f dateFeat) full(far []civilDay) civilDay {
	if f.ymd&farDate != 0 {
		return far[f.days]
	}
	y := int32(f.ymd>>9) - dateYearBias
	return civilDay{days: int64(f.days), y: y, m: uint8(f.ymd>>5) & 15, d: uint8(f.ymd) & 31,
		ok: f.ymd != 0, odd: y < 0 || y > 9999}
}

// civilDate returns the proleptic Gregorian year, month and day of a day
// counted from 1970-01-01, as time.Unix(days*86400, 0).UTC().Date() does,
// by arithmetic on 400-year eras (H. Hinnant's civil_from_days)
// rather than through a time.Time a row.
func civilDate(days int64) (year int64, month, day int) {
	z := days + 719468 // days from 0000-03-01
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365], from March 1
	mp := (5*doy + 2) / 153                                // [0, 11], March first
	day = int(doy - (153*mp+2)/5 + 1)
	month = int(mp + 3)
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// dateDigits is a date as ddmmyyyy text.
func dateDigits(days int64) string { return time.Unix(days*86400, 0).UTC().Format("02012006") }

// digits packs the date's ddmmyyyy, one ASCII digit a byte, first digit
// lowest; the year must be in 0-9999.
func (f *civilDay) digits() uint64 {
	var x uint64
	for k, v := range [4]int{int(f.d), int(f.m), int(f.y) / 100, int(f.y) % 100} {
		x |= uint64('0'+v/10)<<(16*k) | uint64('0'+v%10)<<(16*k+8)
	}
	return x
}

// oneDigitOff reports whether the dates' ddmmyyyy texts differ in exactly
// one place.
func oneDigitOff(a, b *civilDay) bool {
	if a.odd || b.odd {
		return hamming(dateDigits(a.days), dateDigits(b.days)) == 1
	}
	// Fold each differing byte onto its lowest bit and count them.
	x := a.digits() ^ b.digits()
	x |= x >> 4
	x |= x >> 2
	x |= x >> 1
	return bits.OnesCount64(x&0x0101010101010101) == 1
}

// dateScorer compares dates. lfar and rfar hold the sides' far dates.
type dateScorer struct {
	c          *Comparison
	lv         []level
	l, r       []dateFeat
	lfar, rfar []civilDay
}

// outcome reads the packed dates as they are, unpacking them only for
// one_digit or when one is far.
func (s *dateScorer) outcome(i, j int) int {
	a, b := s.l[i], s.r[j]
	if a.ymd == 0 || b.ymd == 0 {
		return s.c.missing
	}
	if (a.ymd|b.ymd)&farDate != 0 {
		return s.farOutcome(a.full(s.lfar), b.full(s.rfar))
	}
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = a.days == b.days
		case lvSwapped:
			ad, am, bd, bm := a.ymd&31, a.ymd>>5&15, b.ymd&31, b.ymd>>5&15
			hit = a.ymd>>9 == b.ymd>>9 && ad == bm && am == bd && ad != am
		case lvOneDigit:
			x, y := a.full(nil), b.full(nil)
			hit = oneDigitOff(&x, &y)
		case lvWithinDays:
			diff := int64(a.days) - int64(b.days)
			hit = diff <= lv.days && diff >= -lv.days
		case lvYear:
			hit = a.ymd>>9 == b.ymd>>9
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}

// farOutcome is outcome for two present dates in full, one of them far.
func (s *dateScorer) farOutcome(a, b civilDay) int {
	for k := range s.lv {
		lv := &s.lv[k]
		var hit bool
		switch lv.code {
		case lvExact:
			hit = a.days == b.days
		case lvSwapped:
			hit = a.y == b.y && a.d == b.m && a.m == b.d && a.d != a.m
		case lvOneDigit:
			hit = oneDigitOff(&a, &b)
		case lvWithinDays:
			diff := a.days - b.days
			hit = diff <= lv.days && diff >= -lv.days
		case lvYear:
			hit = a.y == b.y
		case lvElse:
			return k
		}
		if hit {
			return k
		}
	}
	return s.c.elseAt
}
