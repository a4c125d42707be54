package extract

import (
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// One fuzz target per normaliser, each asserting what the normaliser
// promises: it never panics; a valid output has the documented shape and
// normalises to itself; an error wraps the kind's sentinel and is one of a
// closed set of texts, so that it can never carry the value. go test runs
// the seeds; go test -fuzz FuzzX explores.

// errorTexts are the texts of every error the normalisers return.
var errorTexts = func() map[string]bool {
	m := map[string]bool{}
	for _, err := range []error{
		ErrInvalidDate, errDateLayout, errDateYear, errNoSuchDay, errDateSerial,
		ErrInvalidMoney, errMoneyForm, errMoneyLarge, ErrInvalidFrequency,
		ErrInvalidSortCode, errSortCodeDigits, errSortCodeDate, errSortCodeScientific,
		ErrInvalidAccount, errAccountShort, errAccountLong, errAccountForm, errAccountScientific,
		ErrInvalidNINO, errNINOForm, errNINOPrefix, ErrTemporaryNINO, ErrAdministrativeNINO,
		ErrInvalidPostcode, errPostcodeForm, errPostcodeLetters,
		ErrInvalidUPRN, errUPRNScientific, ErrInvalidVAT, errVATCheck,
		ErrInvalidFlag, ErrInvalidNumber, ErrInvalidEmail, ErrInvalidPhone, ErrInvalidSex,
	} {
		m[err.Error()] = true
	}
	return m
}()

// checkError fails unless err wraps kind and is one of errorTexts.
func checkError(t *testing.T, fn, in string, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s(%q) error %v does not wrap %v", fn, in, err, kind)
	}
	if !errorTexts[err.Error()] {
		t.Errorf("%s(%q) error %q is not a fixed text: it may carry the value", fn, in, err)
	}
}

// notes are the notes a repair may give.
var notes = []string{"", noteLostZero, noteSerial, noteSerialOrShort, noteYearFirst, notePostcodeDigit}

// checkText fails unless s is trimmed with single spaces.
func checkText(t *testing.T, fn, in, s string) {
	t.Helper()
	if strings.Contains(s, "  ") || strings.TrimSpace(s) != s {
		t.Errorf("%s(%q) = %q, has extra spaces", fn, in, s)
	}
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"", "O'Brien", "Mc Donald", "mac kenzie", "Smith-Jones", "Zoë  José", "Mc Mc O", "J.R.\t`x`", "Ǽsa O’Neill", "J.A.", "de la Cruz", "x\xf0é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeName(s)
		if twice := NormalizeName(once); twice != once {
			t.Errorf("NormalizeName(%q) = %q, want %q (NormalizeName(%q))", once, twice, once, s)
		}
		checkText(t, "NormalizeName", s, once)
		if strings.ContainsAny(once, "'’`.-,") {
			t.Errorf("NormalizeName(%q) = %q, has punctuation", s, once)
		}
	})
}

func FuzzNormalizeTitle(f *testing.F) {
	for _, s := range []string{"", "Mr", "Dr.", "Mister", "Rev'd", "Lt. Col.", "Señor"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		title := NormalizeTitle(s)
		if again := NormalizeTitle(title); again != title {
			t.Errorf("NormalizeTitle(%q) = %q, want %q (NormalizeTitle(%q))", title, again, title, s)
		}
		checkText(t, "NormalizeTitle", s, title)
	})
}

var suffixForms = []string{"JR", "SR", "II", "III", "IV"}

func FuzzSplitSuffix(f *testing.F) {
	for _, s := range []string{"", "SMITH JNR", "Smith, Jr.", "JUNIOR", "- JNR", "SMITH JR,", "SMITH-JONES III", "JOHN 3rd", " \t SR"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rest, suffix := SplitSuffix(s)
		trimmed := strings.TrimSpace(s)
		if suffix == "" {
			if rest != trimmed {
				t.Errorf("SplitSuffix(%q) = %q, %q, want the name trimmed", s, rest, suffix)
			}
			return
		}
		if !slices.Contains(suffixForms, suffix) {
			t.Errorf("SplitSuffix(%q) suffix %q, want one of %v", s, suffix, suffixForms)
		}
		if !strings.HasPrefix(trimmed, rest) || strings.TrimRight(rest, " \t,") != rest || strings.IndexFunc(rest, unicode.IsLetter) < 0 {
			t.Errorf("SplitSuffix(%q) rest %q, want a trimmed start of the name with a letter", s, rest)
		}
		if r2, s2 := SplitSuffix(rest + " " + suffix); r2 != rest || s2 != suffix {
			t.Errorf("SplitSuffix(%q) = %q, %q, want %q, %q", rest+" "+suffix, r2, s2, rest, suffix)
		}
	})
}

// nameChars counts the letters and digits of s, folded to upper case.
func nameChars(s string) map[rune]int {
	m := map[rune]int{}
	for _, r := range FoldText(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			m[r]++
		}
	}
	return m
}

func FuzzSplitFullName(f *testing.F) {
	for _, s := range []string{"", "MR JOHN A SMITH JNR", "SMITH, JOHN", "Dr. Mary-Ann O'Neill", "Maria de la Cruz", "SMITH, JOHN MR",
		"J.A. Smith", "Jane Smith, OBE", "Rev Dr John Smith III", "Smith, John (Mr)", "DE LA", "Mr", ", ,", "JOHN SMITH OBE JNR"} {
		f.Add(s)
	}
	titleForms := map[string]bool{}
	for _, v := range titles {
		titleForms[v] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		fn := SplitFullName(s)
		for _, p := range []string{fn.Title, fn.Forenames, fn.Middle, fn.Surname, fn.Suffix} {
			checkText(t, "SplitFullName", s, p)
			if strings.ContainsAny(p, ",()[]") {
				t.Errorf("SplitFullName(%q) = %+v, a part holds a comma or bracket", s, fn)
			}
		}
		for _, w := range strings.Fields(fn.Title) {
			if !titleForms[w] {
				t.Errorf("SplitFullName(%q) title %q, want standard titles", s, fn.Title)
			}
		}
		if fn.Suffix != "" && !slices.Contains(suffixForms, fn.Suffix) {
			t.Errorf("SplitFullName(%q) suffix %q, want one of %v", s, fn.Suffix, suffixForms)
		}
		if fn.Surname == "" && fn.Forenames+fn.Middle != "" || fn.Forenames == "" && fn.Middle != "" {
			t.Errorf("SplitFullName(%q) = %+v, want the surname filled first, then the forename", s, fn)
		}
		// The name parts hold only letters and digits of the input.
		have := nameChars(s)
		for r, n := range nameChars(fn.Forenames + " " + fn.Middle + " " + fn.Surname) {
			if have[r] < n {
				t.Errorf("SplitFullName(%q) = %+v, has %q not in the input", s, fn, r)
			}
		}
		// Written out in order, the parts split the same way.
		if !strings.ContainsAny(s, ",()[]") {
			var parts []string
			for _, p := range []string{fn.Title, fn.Forenames, fn.Middle, fn.Surname, fn.Suffix} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			if again := SplitFullName(strings.Join(parts, " ")); again != fn {
				t.Errorf("SplitFullName(%q) = %+v, but SplitFullName(%q) = %+v", s, fn, strings.Join(parts, " "), again)
			}
		}
	})
}

func FuzzNormalizeAddressLine(f *testing.F) {
	for _, s := range []string{"", "12 High St", "St Johns Rd", "Flat 3, 12 Mill Rd.", "Mill Road N", "N", "12/3 St", "Rue Léon W",
		"High St, St Albans", "Church St, Mill Rd", "Upper St Johns Rd", "X ST , , ST Y ROAD", "ST, ST ST", "00000\xf7Ǽ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := NormalizeAddressLine(s)
		if twice := NormalizeAddressLine(once); twice != once {
			t.Errorf("NormalizeAddressLine(%q) = %q, want %q (NormalizeAddressLine(%q))", once, twice, once, s)
		}
		checkText(t, "NormalizeAddressLine", s, once)
		if strings.ContainsAny(once, ",;.'") {
			t.Errorf("NormalizeAddressLine(%q) = %q, has punctuation", s, once)
		}
	})
}

func FuzzSplitPremises(f *testing.F) {
	f.Add("FLAT 3, 12 HIGH STREET", "")
	f.Add("3/12 High St", "Eastbrook")
	f.Add("Ground Floor Flat", "12A Mill Rd")
	f.Add("APARTMENT 4 THE MALTINGS", "PO Box 12")
	f.Add("Flat 2/1", "12-14 Byres Rd")
	f.Add("flat flat 3 / - 12", "\xff")
	f.Fuzz(func(t *testing.T, a, b string) {
		flat, number := SplitPremises([]string{a, b})
		folded := FoldText(a) + " " + FoldText(b)
		if number != "" && (!isHouseNumber(number) || !strings.Contains(folded, number)) {
			t.Errorf("SplitPremises(%q, %q) number %q, want a house number from the lines", a, b, number)
		}
		if flat == "" {
			return
		}
		words := strings.Fields(flat)
		switch {
		case len(words) == 1 && (isFlatID(flat) || strings.Contains(flat, "/")):
			if !strings.Contains(folded, flat) {
				t.Errorf("SplitPremises(%q, %q) flat %q, not from the lines", a, b, flat)
			}
		case len(words) > 1 && flatWords[words[len(words)-1]] && allFloorWords(words[:len(words)-1]):
		default:
			t.Errorf("SplitPremises(%q, %q) flat %q, want an identifier or a flat's place", a, b, flat)
		}
	})
}

// postcodeForm is a standard-form postcode with the letters of each place.
var postcodeForm = regexp.MustCompile(`^(([A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][ABCDEFGHJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA|BFPO [0-9]{1,4})$`)

func FuzzNormalizePostcode(f *testing.F) {
	for _, s := range []string{"", "m1 1ae", "b33 8th", "cr2 6xh", "dn55 1pt", "w1a 0ax", "ec1a 1bb", "SW1A1AA", "EB3-4QT", "MMM 1AE", "É1 1AE",
		"sw1a oaa", "GIR 0AA", "bfpo 12", "BFPO12345", "XM4 5HQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, note, err := normalizePostcode(s)
		if pub, perr := NormalizePostcode(s); pub != p || (perr == nil) != (err == nil) {
			t.Errorf("NormalizePostcode(%q) = %q, %v, want %q, %v", s, pub, perr, p, err)
		}
		if err != nil {
			checkError(t, "NormalizePostcode", s, err, ErrInvalidPostcode)
			if p != "" || note != "" {
				t.Errorf("normalizePostcode(%q) = %q, %q with an error", s, p, note)
			}
			return
		}
		if !postcodeForm.MatchString(p) {
			t.Errorf("NormalizePostcode(%q) = %q, not in standard form", s, p)
		}
		if !slices.Contains(notes, note) {
			t.Errorf("normalizePostcode(%q) note %q, not a known note", s, note)
		}
		if again, note, err := normalizePostcode(p); again != p || note != "" || err != nil {
			t.Errorf("normalizePostcode(%q) = %q, %q, %v, want %q, \"\", nil", p, again, note, err, p)
		}
	})
}

var ninoForm = regexp.MustCompile(`^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]?$`)

func FuzzNormalizeNINO(f *testing.F) {
	for _, s := range []string{"", "AB123456C", "ab 12 34 56 d", "AB123456", "TN123456A", "AO123456A", "AB123456E", "TN010180M", "12345678A", "PP123456A", "OO123456"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeNINO(s)
		if err != nil {
			checkError(t, "NormalizeNINO", s, err, ErrInvalidNINO)
			if n != "" {
				t.Errorf("NormalizeNINO(%q) = %q with an error", s, n)
			}
			return
		}
		if !ninoForm.MatchString(n) || ninoBadPrefix[n[:2]] || ninoAdminPrefix[n[:2]] {
			t.Errorf("NormalizeNINO(%q) = %q, not a valid NI number", s, n)
		}
		if again, err := NormalizeNINO(n); again != n || err != nil {
			t.Errorf("NormalizeNINO(%q) = %q, %v, want %q, nil", n, again, err, n)
		}
	})
}

// FuzzParseDate checks that a date that parses is a real day from 1850 to
// 2200 and that writing it back as ddmmyyyy gives the same day, unrepaired.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"01031950", "010130", "1/3/50", "1950-03-01", "1031950", "31041950", "abc", "+1/3/1950",
		"44927", "10350", "44927.5", "19500301", "12-Mar-1950", "1st March 1950", "01-FEB-03", "09999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, note, err := parseDate(s, pivot2026)
		if pub, perr := ParseDate(s, pivot2026); pub != days || (perr == nil) != (err == nil) {
			t.Errorf("ParseDate(%q) = %d, %v, want %d, %v", s, pub, perr, days, err)
		}
		if err != nil {
			checkError(t, "ParseDate", s, err, ErrInvalidDate)
			return
		}
		if days < epochDays(1850, 1, 1) || days > epochDays(2200, 12, 31) {
			t.Fatalf("ParseDate(%q) = %d, outside 1850-2200", s, days)
		}
		if !slices.Contains(notes, note) {
			t.Errorf("parseDate(%q) note %q, not a known note", s, note)
		}
		text := dateText(days)
		if again, note, err := parseDate(text, pivot2026); again != days || note != "" || err != nil {
			t.Errorf("parseDate(%q) = %d, %q, %v, want %d, \"\", nil (from %q)", text, again, note, err, days, s)
		}
	})
}

// dateText writes days since 1970-01-01 as ddmmyyyy.
func dateText(days int32) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format("02012006")
}

func FuzzParseExcelDate(f *testing.F) {
	for _, s := range []string{"1", "59", "60", "61", "25569", "44927", "44927.5", "109574", "109575", "0", "1e4", "-1", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseExcelDate(s)
		if err != nil {
			checkError(t, "ParseExcelDate", s, err, ErrInvalidDate)
			return
		}
		if days < epochDays(1900, 1, 1) || days > epochDays(2199, 12, 31) {
			t.Fatalf("ParseExcelDate(%q) = %d, outside 1900-2199", s, days)
		}
		serial := int(days) + serialEpoch
		if days < epochDays(1900, time.March, 1) {
			serial-- // before Excel's 29 February 1900
		}
		if again, err := ParseExcelDate(strconv.Itoa(serial)); again != days || err != nil {
			t.Errorf("ParseExcelDate(%d) = %d, %v, want %d, nil (from %q)", serial, again, err, days, s)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"12345", "-500", "(100)", "1,234", "123.45", "£1,234.5", "-£2.05", "(£1.50)", "100000000001", "12.345", "", "£", "()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, inPounds, err := ParseMoney(s)
		if err != nil {
			checkError(t, "ParseMoney", s, err, ErrInvalidMoney)
			if v != 0 || inPounds {
				t.Errorf("ParseMoney(%q) = %d, %v with an error", s, v, inPounds)
			}
			return
		}
		if v > maxPence || v < -maxPence {
			t.Errorf("ParseMoney(%q) = %d, beyond £1bn", s, v)
		}
		text := strconv.FormatInt(v, 10)
		if again, p, err := ParseMoney(text); again != v || p || err != nil {
			t.Errorf("ParseMoney(%q) = %d, %v, %v, want %d, false, nil (from %q)", text, again, p, err, v, s)
		}
	})
}

func FuzzParsePounds(f *testing.F) {
	for _, s := range []string{"123.45", "12", "(12)", "-12", "£1,234.5", "(12.00)", "", ")", "("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParsePounds(s)
		if err != nil {
			checkError(t, "ParsePounds", s, err, ErrInvalidMoney)
			return
		}
		if v > maxPence || v < -maxPence {
			t.Errorf("ParsePounds(%q) = %d, beyond £1bn", s, v)
		}
		abs := v
		if abs < 0 {
			abs = -abs
		}
		text := strconv.FormatInt(abs/100, 10) + "." + strconv.FormatInt(100+abs%100, 10)[1:]
		if v < 0 {
			text = "-" + text
		}
		if again, err := ParsePounds(text); again != v || err != nil {
			t.Errorf("ParsePounds(%q) = %d, %v, want %d, nil (from %q)", text, again, err, v, s)
		}
	})
}

func FuzzNormalizeSortCode(f *testing.F) {
	for _, s := range []string{"12-34-56", "12 34 56", "40004", "12/03/1956", "01-Feb-03", "1.23E+05", "1234567", "", "1-23-45"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, note, err := normalizeSortCode(s)
		if pub, perr := NormalizeSortCode(s); pub != v || (perr == nil) != (err == nil) {
			t.Errorf("NormalizeSortCode(%q) = %q, %v, want %q, %v", s, pub, perr, v, err)
		}
		if err != nil {
			checkError(t, "NormalizeSortCode", s, err, ErrInvalidSortCode)
			return
		}
		if len(v) != 6 || !allDigits(v) || !slices.Contains(notes, note) {
			t.Errorf("normalizeSortCode(%q) = %q, %q, want six digits and a known note", s, v, note)
		}
		if again, note, err := normalizeSortCode(v); again != v || note != "" || err != nil {
			t.Errorf("normalizeSortCode(%q) = %q, %q, %v, want %q, \"\", nil", v, again, note, err, v)
		}
	})
}

func FuzzNormalizeAccount(f *testing.F) {
	for _, s := range []string{"12345678", "1234567", "123456", "12345", "123456789", "1.2345678E+07", "1234-5678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizeAccount(s)
		if err != nil {
			checkError(t, "NormalizeAccount", s, err, ErrInvalidAccount)
			return
		}
		if len(v) != 8 || !allDigits(v) {
			t.Errorf("NormalizeAccount(%q) = %q, want eight digits", s, v)
		}
		if again, err := NormalizeAccount(v); again != v || err != nil {
			t.Errorf("NormalizeAccount(%q) = %q, %v, want %q, nil", v, again, err, v)
		}
	})
}

var vatForm = regexp.MustCompile(`^GB([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})$`)

func FuzzNormalizeVAT(f *testing.F) {
	for _, s := range []string{"GB 980 7806 84", "980780684", "GB980780684001", "GBGD001", "HA500", "GB980780685", "GBGB980780684", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizeVAT(s)
		if err != nil {
			checkError(t, "NormalizeVAT", s, err, ErrInvalidVAT)
			return
		}
		if !vatForm.MatchString(v) {
			t.Errorf("NormalizeVAT(%q) = %q, not GB and nine or twelve digits, GD or HA", s, v)
		}
		if again, err := NormalizeVAT(v); again != v || err != nil {
			t.Errorf("NormalizeVAT(%q) = %q, %v, want %q, nil", v, again, err, v)
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"020 7946 0000", "+44 (0)20 7946 0000", "0044 20 7946 0000", "442079460000", "+440441234567", "00441234567", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizePhone(s)
		if err != nil {
			checkError(t, "NormalizePhone", s, err, ErrInvalidPhone)
			return
		}
		if len(v) < 10 || len(v) > 11 || !allDigits(v) || v[0] != '0' || v[1] == '0' {
			t.Errorf("NormalizePhone(%q) = %q, want 10 or 11 digits starting 0 and then not 0", s, v)
		}
		if again, err := NormalizePhone(v); again != v || err != nil {
			t.Errorf("NormalizePhone(%q) = %q, %v, want %q, nil", v, again, err, v)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Ann.Lee@Example.org", " a@b.co ", "ann", "a@b@c.d", "É@X.UK", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizeEmail(s)
		if err != nil {
			checkError(t, "NormalizeEmail", s, err, ErrInvalidEmail)
			return
		}
		if strings.Count(v, "@") != 1 || strings.ToLower(v) != v || strings.TrimSpace(v) != v {
			t.Errorf("NormalizeEmail(%q) = %q, want one @, lower case, trimmed", s, v)
		}
		if again, err := NormalizeEmail(v); again != v || err != nil {
			t.Errorf("NormalizeEmail(%q) = %q, %v, want %q, nil", v, again, err, v)
		}
	})
}

func FuzzNormalizeUPRN(f *testing.F) {
	for _, s := range []string{"100023336956", "000012345", "1.00023E+11", "0", "1000233369561", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizeUPRN(s)
		if err != nil {
			checkError(t, "NormalizeUPRN", s, err, ErrInvalidUPRN)
			return
		}
		if len(v) > 12 || !allDigits(v) || v[0] == '0' {
			t.Errorf("NormalizeUPRN(%q) = %q, want up to 12 digits without a leading zero", s, v)
		}
		if again, err := NormalizeUPRN(v); again != v || err != nil {
			t.Errorf("NormalizeUPRN(%q) = %q, %v, want %q, nil", v, again, err, v)
		}
	})
}

func FuzzNormalizeFrequency(f *testing.F) {
	for _, s := range []string{"M", "4 weekly", "Bi-Weekly", "FOUR_WEEKLY", "daily", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizeFrequency(s)
		if err != nil {
			checkError(t, "NormalizeFrequency", s, err, ErrInvalidFrequency)
			return
		}
		if again, err := NormalizeFrequency(v); again != v || err != nil {
			t.Errorf("NormalizeFrequency(%q) = %q, %v, want %q, nil", v, again, err, v)
		}
	})
}

func FuzzNormalizeSex(f *testing.F) {
	for _, s := range []string{"M", "female", "Not  known", "x", "?", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := NormalizeSex(s)
		if err != nil {
			checkError(t, "NormalizeSex", s, err, ErrInvalidSex)
			return
		}
		if v != "M" && v != "F" && v != "X" {
			t.Errorf("NormalizeSex(%q) = %q, want M, F or X", s, v)
		}
	})
}

func FuzzParseFlag(f *testing.F) {
	for _, s := range []string{"Y", "no", " True ", "1", "maybe", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseFlag(s)
		if err != nil {
			checkError(t, "ParseFlag", s, err, ErrInvalidFlag)
			return
		}
		if again, err := ParseFlag(strconv.FormatBool(v)); again != v || err != nil {
			t.Errorf("ParseFlag(%v) = %v, %v, want %v, nil (from %q)", v, again, err, v, s)
		}
	})
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"3750", "-12", "1,000", "", "1e3", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseInt(s)
		if err != nil {
			checkError(t, "ParseInt", s, err, ErrInvalidNumber)
			return
		}
		if again, err := ParseInt(strconv.FormatInt(v, 10)); again != v || err != nil {
			t.Errorf("ParseInt(%d) = %d, %v, want %d, nil (from %q)", v, again, err, v, s)
		}
	})
}
