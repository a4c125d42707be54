package extract

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// containsAny reports whether s contains any of subs that is not empty.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestIsScientific(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"1.23E+05", true},
		{"1.23e+05", true},
		{"1E5", true},
		{"1.00023E+11", true},
		{"4.5E-3", true},
		{"1.E+05", true},
		{"", false},
		{"E+05", false},
		{".5E+05", false},
		{"1.23E+", false},
		{"1.23E+0x", false},
		{"1.2.3E+05", false},
		{"12E", false},
		{"123456", false},
		{"-1.2E+05", false},
		{"JE3 4QT", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isScientific(tt.in); got != tt.want {
				t.Errorf("isScientific(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestValueError(t *testing.T) {
	err := damaged(ErrInvalidUPRN, "UPRN in scientific notation (spreadsheet damage)")
	if !errors.Is(err, ErrInvalidUPRN) || !errors.Is(err, ErrSpreadsheetDamage) {
		t.Errorf("damaged(ErrInvalidUPRN, ...) = %v, want it to wrap ErrInvalidUPRN and ErrSpreadsheetDamage", err)
	}
	if got := reasonOf(err); got != "UPRN in scientific notation (spreadsheet damage)" {
		t.Errorf("reasonOf(%v) = %q, want the reason", err, got)
	}
	plain := invalid(ErrInvalidNINO, "temporary NI number")
	if errors.Is(plain, ErrSpreadsheetDamage) || !errors.Is(plain, ErrInvalidNINO) {
		t.Errorf("invalid(ErrInvalidNINO, ...) = %v, want it to wrap ErrInvalidNINO alone", plain)
	}
	if got := reasonOf(errNoSuchDay); got != ErrInvalidDate.Error() {
		t.Errorf("reasonOf(%v) = %q, want %q: details other than a valueError's stay out of warnings", errNoSuchDay, got, ErrInvalidDate.Error())
	}
}

// repairs is a test dataset with one field of each kind that repairs or
// detects damage; it is not registered.
var repairs = &Dataset{
	Type: "repairs_test",
	Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true},
		{Name: "date_of_birth", Kind: KindDate},
		{Name: "postcode", Kind: KindPostcode},
		{Name: "ni_number", Kind: KindNINO},
		{Name: "sort_code", Kind: KindSortCode},
		{Name: "account", Kind: KindAccount},
		{Name: "uprn", Kind: KindUPRN},
		{Name: "amount", Kind: KindMoney},
	},
}

// TestReaderCountsRepairs reads a file with one repair or piece of damage
// a row, and checks each is loaded as it should be, counted once under a
// key that holds no value, and kept as supplied in <field>_original.
func TestReaderCountsRepairs(t *testing.T) {
	in := "record_id,date_of_birth,postcode,ni_number,sort_code,account,uprn,amount\n" +
		"R1,01031950,EB3 4QT,AB123456C,12-34-56,12345678,100023336956,12345\n" + // sound
		"R2,44927,,,,,,\n" + // serial date
		"R3,19500301,,,,,,\n" + // yyyymmdd
		"R4,1031950,,,,,,\n" + // date lost its leading zero
		"R5,,sw1a oaa,,,,,\n" + // letter O in the inward code
		"R6,,,TN010180M,,,,\n" + // temporary NI number
		"R7,,,12345678A,,,,\n" + // local temporary reference
		"R8,,,PP123456A,,,,\n" + // administrative NI number
		"R9,,,,40004,,,\n" + // sort code lost its leading zero
		"R10,,,,12/03/1956,,,\n" + // sort code made a date
		"R11,,,,1.23E+05,,,\n" + // sort code in scientific notation
		"R12,,,,,1.2345678E+07,,\n" + // account in scientific notation
		"R13,,,,,123456789,,\n" + // account too long
		"R14,,,,,,1.00023E+11,\n" + // UPRN in scientific notation
		"R15,,,,,1234567,,123.45\n" // seven-digit account, padded silently; pounds
	got := load(t, repairs, "repairs.csv", in, DelimitedConfig{})
	if got.err != nil || len(got.rejects) != 0 {
		t.Fatalf("Err() = %v, rejects %v, want nil and none", got.err, got.rejects)
	}
	checkCounts(t, got.stats, 15, 15, 0)
	wantWarnings := map[string]int64{
		"date_of_birth: spreadsheet serial number, converted":                                  1,
		"date_of_birth: yyyymmdd, not ddmmyyyy, read as yyyymmdd":                              1,
		"date_of_birth: leading zero lost (spreadsheet damage), restored":                      1,
		"postcode: letter O or I for the digit of the inward code, repaired":                   1,
		"ni_number: temporary NI number, loaded as blank":                                      2,
		"ni_number: administrative NI number (not a person's), loaded as blank":                1,
		"sort_code: leading zero lost (spreadsheet damage), restored":                          1,
		"sort_code: sort code looks like a date (spreadsheet damage), loaded as blank":         1,
		"sort_code: sort code in scientific notation (spreadsheet damage), loaded as blank":    1,
		"account: account number in scientific notation (spreadsheet damage), loaded as blank": 1,
		"account: not a valid bank account number, loaded as blank":                            1,
		"uprn: UPRN in scientific notation (spreadsheet damage), loaded as blank":              1,
		"amount: given in pounds, not pence, loaded as pounds":                                 1,
	}
	if !reflect.DeepEqual(got.stats.Warnings, wantWarnings) {
		t.Errorf("Stats.Warnings =\n%v\nwant\n%v", got.stats.Warnings, wantWarnings)
	}
	for key := range got.stats.Warnings {
		if containsAny(key, "44927", "19500301", "TN010180M", "12345678A", "PP123456A", "40004", "12/03/1956", "1.2", "123456789", "SW1A") {
			t.Errorf("warning %q holds a value", key)
		}
	}
	checkRows(t, repairs, got.rows, []row{
		{"record_id": "R1", "date_of_birth": epochDays(1950, time.March, 1), "postcode": "EB3 4QT", "ni_number": "AB123456C",
			"sort_code": "123456", "account": "12345678", "uprn": "100023336956", "amount": int64(12345)},
		{"record_id": "R2", "date_of_birth": epochDays(2023, time.January, 1)},
		{"record_id": "R3", "date_of_birth": epochDays(1950, time.March, 1)},
		{"record_id": "R4", "date_of_birth": epochDays(1950, time.March, 1)},
		{"record_id": "R5", "postcode": "SW1A 0AA"},
		{"record_id": "R6"},
		{"record_id": "R7"},
		{"record_id": "R8"},
		{"record_id": "R9", "sort_code": "040004"},
		{"record_id": "R10"},
		{"record_id": "R11"},
		{"record_id": "R12"},
		{"record_id": "R13"},
		{"record_id": "R14"},
		{"record_id": "R15", "account": "01234567", "amount": int64(12345)},
	})
	originals := map[string]struct{ field, want string }{
		"R2": {"date_of_birth_original", "44927"}, "R3": {"date_of_birth_original", "19500301"},
		"R4": {"date_of_birth_original", "1031950"}, "R5": {"postcode_original", "sw1a oaa"},
		"R6": {"ni_number_original", "TN010180M"}, "R8": {"ni_number_original", "PP123456A"},
		"R9": {"sort_code_original", "40004"}, "R10": {"sort_code_original", "12/03/1956"},
		"R11": {"sort_code_original", "1.23E+05"}, "R14": {"uprn_original", "1.00023E+11"},
		"R15": {"account_original", "1234567"},
	}
	for _, r := range got.rows {
		o, ok := originals[r["record_id"].(string)]
		if !ok {
			continue
		}
		if g := r[o.field]; g != o.want {
			t.Errorf("%s: %s = %#v, want %q", r["record_id"], o.field, g, o.want)
		}
	}
}

// TestRequiredRepairedLoads checks that a repair of a required value
// loads the row with a warning, and that damage to one rejects the row
// with the damage as its reason.
func TestRequiredRepairedLoads(t *testing.T) {
	ds := &Dataset{Type: "required_test", Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true},
		{Name: "sort_code", Kind: KindSortCode, Required: true},
	}}
	got := load(t, ds, "r.csv", "record_id,sort_code\nA,40004\nB,01-Feb-03\n", DelimitedConfig{})
	checkCounts(t, got.stats, 2, 1, 1)
	if n := got.stats.Warnings["sort_code: leading zero lost (spreadsheet damage), restored"]; n != 1 {
		t.Errorf("warnings %v, want one lost zero", got.stats.Warnings)
	}
	if len(got.rejects) != 1 || got.rejects[0].Reason != "sort code looks like a date (spreadsheet damage)" {
		t.Errorf("rejects %+v, want B rejected as a date", got.rejects)
	}
}
