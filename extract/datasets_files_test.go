package extract

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// datasetFile is what loading testdata/datasets/<typ>.csv must give. Every
// file holds good rows, a row without a required value, a row with a bad
// optional value (loaded as NULL with a warning) and a repeated record_id.
// The person files have no flat or house number column: the wanted flat and
// house_number of some rows check that they are derived from the address
// lines.
type datasetFile struct {
	typ                    string
	read, loaded, rejected int64
	rejects                []rejectAt       // in file order
	warnings               map[string]int64 // exactly these
	want                   map[string]row   // by record_id: the columns to check; nil is NULL
}

// rejectAt is where a row was rejected and the field at fault.
type rejectAt struct {
	line  int
	field string
}

// surnameAndRepeat are the rejects of a file whose fourth line has no
// surname and whose sixth repeats the first record_id.
var surnameAndRepeat = []rejectAt{{4, "surname"}, {6, "record_id"}}

func blank(field, reason string) string { return field + ": " + reason + ", loaded as blank" }
func inPounds(field string) string      { return field + ": given in pounds, not pence, loaded as pounds" }

var datasetFiles = []datasetFile{
	{typ: "payroll", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{
			inPounds("gross_pay_to_date"):                            1,
			blank("standard_weekly_hours", ErrInvalidNumber.Error()): 1,
			blank("sort_code", ErrInvalidSortCode.Error()):           1,
		},
		want: map[string]row{
			"E1001": {"title": "MR", "forenames": "ARTHUR", "middle_names": "J", "surname": "PENHALLOW",
				"date_of_birth": epochDays(1971, time.July, 14), "ni_number": "AB123456C", "address_1": "12 MILL ROAD",
				"flat": nil, "house_number": "12", "postcode": "EB1 2AB", "name_suffix": "JR", "uprn": "100023456789", "post_number": "P-220",
				"department": "Finance & Procurement", "sex": "M", "phone": "01632960001", "email": "a.penhallow@example.org",
				"passport_number": "123456789", "date_started": epochDays(2005, time.September, 1), "date_left": nil,
				"leaver": false, "employment_basis": "FT", "gross_pay_to_date": int64(2345678), "standard_weekly_hours": int64(3700),
				"date_last_paid": epochDays(2026, time.February, 28), "teacher": false, "sort_code": "123456", "bank_account": "12345678"},
			"E1002": {"surname": "CASTELLAN VANE", "date_of_birth": epochDays(1985, time.February, 3), "ni_number": "CE654321A",
				"address_1": "FLAT 4", "address_2": "22 STATION STREET", "flat": "4", "house_number": "22",
				"postcode": "EB1 2BD", "name_suffix": nil, "sex": "F", "phone": "07700900123",
				"email": nil, "leaver": false, "employment_basis": "PT", "gross_pay_to_date": int64(123456),
				"gross_pay_to_date_original": "1234.56", "standard_weekly_hours": int64(1850), "teacher": true,
				"sort_code": "401162", "bank_account": "01234567", "bank_account_original": "1234567"},
			"E1004": {"employment_basis": "C", "standard_weekly_hours": nil, "standard_weekly_hours_original": "37.5",
				"sort_code": nil, "sort_code_original": "12-34", "bank_account": "22223333"},
		}},
	{typ: "pensions", read: 5, loaded: 3, rejected: 2, rejects: []rejectAt{{4, "record_id"}, {6, "record_id"}},
		warnings: map[string]int64{
			inPounds("pension_amount"):                              1,
			blank("payment_frequency", ErrInvalidFrequency.Error()): 1,
			blank("postcode", ErrInvalidPostcode.Error()):           1,
			blank("survivor", ErrInvalidFlag.Error()):               1,
		},
		want: map[string]row{
			"P5001": {"survivor": false, "ill_health": true, "ill_health_original": "Y", "title": "MRS", "forenames": "DOROTHY", "middle_names": "A", "surname": "QUENBY",
				"date_of_birth": epochDays(1948, time.November, 2), "ni_number": "JG102030B", "address_1": "7 ORCHARD LANE",
				"flat": nil, "house_number": "7", "postcode": "EB3 4QT", "uprn": "123456",
				"pension_start_date": epochDays(2008, time.December, 1), "pension_amount": int64(123456), "payment_frequency": Monthly,
				"date_last_paid": epochDays(2026, time.February, 28), "sex": "F", "phone": "01632960002", "email": "d.quenby@example.com",
				"date_employment_ended": epochDays(2008, time.November, 30), "employer": "Eastbrook Borough Council",
				"sort_code": "200000", "bank_account": "55779911"},
			"P5002": {"date_of_birth": epochDays(1950, time.June, 17), "ni_number": "PR654321B", "address_1": "FLAT 2 THE MALTINGS",
				"flat": "2", "house_number": nil, "flat_original": nil, "house_number_original": nil,
				"name_suffix": "SR", "uprn": nil, "survivor": true, "ill_health": nil, "pension_start_date": epochDays(2010, time.April, 1), "pension_amount": int64(123450),
				"payment_frequency": FourWeekly, "sex": "M", "phone": nil, "sort_code": "309950"},
			"P5004": {"survivor": nil, "survivor_original": "maybe", "ill_health": false, "payment_frequency": nil, "payment_frequency_original": "every so often", "postcode": nil,
				"postcode_original": "EB3", "pension_amount": int64(65432)},
		}},
	{typ: "pensions_deferred", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{
			blank("date_employment_ended", ErrInvalidDate.Error()): 1,
			blank("ni_number", ErrInvalidNINO.Error()):             1,
		},
		want: map[string]row{
			"D7001": {"title": "MS", "surname": "OAKSHOTT", "ni_number": "SC112233D", "uprn": "10001234", "sex": "F",
				"phone": "01632960003", "date_employment_ended": epochDays(2015, time.August, 31), "deferred_pension_amount": int64(456789),
				"deferred_lump_sum": int64(1370367), "pension_due_date": epochDays(2046, time.May, 22), "employer": "Eastbrook Borough Council"},
			"D7002": {"title": "DR", "surname": "MACASKILL", "date_of_birth": epochDays(1980, time.January, 9), "ni_number": "WL998877A",
				"postcode": "EB2 8JL", "name_suffix": "III", "sex": "X", "email": "g.macaskill@example.org", "deferred_lump_sum": nil,
				"pension_due_date": epochDays(2047, time.January, 9), "employer": "Eastbrook Fire Authority"},
			"D7004": {"ni_number": nil, "ni_number_original": "QQ123456C", "date_employment_ended": nil,
				"date_employment_ended_original": "31/02/2016", "deferred_pension_amount": int64(80000)},
		}},
	{typ: "pensions_gratuity", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("bank_account", ErrInvalidAccount.Error()): 1},
		want: map[string]row{
			"G301": {"ni_number": "AB987654C", "sex": "M", "gratuity_start_date": epochDays(2011, time.October, 1),
				"gratuity_amount": int64(25000), "payment_frequency": Quarterly, "date_last_paid": epochDays(2025, time.December, 31),
				"date_employment_ended": epochDays(2011, time.September, 30), "sort_code": "090128", "bank_account": "24681357"},
			"G302": {"middle_names": "M", "uprn": "100023450002", "gratuity_amount": int64(120000), "payment_frequency": Annual,
				"employer": nil, "sort_code": "090128", "bank_account": "01357924"},
			"G304": {"bank_account": nil, "bank_account_original": "12AB5678", "payment_frequency": Monthly, "sort_code": "608371"},
		}},
	{typ: "deceased", read: 5, loaded: 3, rejected: 2, rejects: []rejectAt{{4, "date_of_death"}, {6, "record_id"}},
		warnings: map[string]int64{blank("date_of_birth", ErrInvalidDate.Error()): 1},
		want: map[string]row{
			"DWP01": {"surname": "TREMAYNE", "date_of_birth": epochDays(1939, time.March, 5), "ni_number": "AB123456C",
				"address_1": "7 ORCHARD LANE", "flat": nil, "house_number": "7",
				"date_of_death": epochDays(2026, time.January, 14)},
			"DWP02": {"surname": "MCINTYRE", "middle_names": "ANN", "address_1": "12 MILL ROAD", "date_of_death": epochDays(2026, time.February, 3)},
			"DWP04": {"date_of_birth": nil, "date_of_birth_original": "31/04/1950", "date_of_death": epochDays(2026, time.February, 9)},
		}},
	{typ: "creditors_history", read: 6, loaded: 3, rejected: 3,
		rejects:  []rejectAt{{4, "creditor_reference"}, {6, "invoice_total"}, {7, "record_id"}},
		warnings: map[string]int64{blank("vat_amount", ErrInvalidMoney.Error()): 1},
		want: map[string]row{
			"T900001": {"creditor_reference": "CR0042", "creditor_name": "Eastbrook Office Supplies Ltd", "site": "01",
				"invoice_number": "INV-10023", "invoice_date": epochDays(2025, time.February, 3), "due_date": epochDays(2025, time.March, 5),
				"payment_date": epochDays(2025, time.March, 4), "invoice_total": int64(120000), "vat_amount": int64(20000),
				"payment_method": "BACS", "payment_reference": "BACS-2025-0304", "remarks": "Toner, paper"},
			"T900002": {"invoice_number": "INV10023", "payment_date": nil, "payment_method": nil, "payment_reference": nil,
				"invoice_total": int64(120000)},
			"T900004": {"site": nil, "invoice_date": epochDays(2025, time.April, 15), "invoice_total": int64(-4500), "vat_amount": nil,
				"vat_amount_original": "twenty", "payment_method": "CHEQUE", "payment_reference": "CHQ 004417"},
		}},
	{typ: "creditors_standing", read: 5, loaded: 3, rejected: 2, rejects: []rejectAt{{4, "creditor_name"}, {6, "record_id"}},
		warnings: map[string]int64{
			blank("vat_number", ErrInvalidVAT.Error()): 1,
			blank("email", ErrInvalidEmail.Error()):    1,
		},
		want: map[string]row{
			"CR0042": {"creditor_name": "Eastbrook Office Supplies Ltd", "creditor_type": "COMPANY", "site": "01",
				"address_1": "UNIT 5 MILL ROAD INDUSTRIAL ESTATE", "postcode": "EB4 1LP", "phone": "01632960100",
				"email": "accounts@eastbrook-office.example.com", "vat_number": "GB123456782", "company_number": "01234567",
				"sort_code": "204577", "bank_account": "11223344"},
			"CR0077": {"creditor_type": "SOLE TRADER", "address_1": "12 MILL ROAD", "phone": "07700900456", "vat_number": "GB234567847",
				"company_number": nil, "bank_account": "01234567"},
			"CR0101": {"vat_number": nil, "vat_number_original": "GB123456789", "email": nil, "company_number": "09876543"},
		}},
	{typ: "council_tax", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{
			blank("date_of_birth", ErrInvalidDate.Error()): 1,
			blank("uprn", ErrInvalidUPRN.Error()):          1,
		},
		want: map[string]row{
			"CT1001": {"title": "MRS", "forenames": "GWENDOLEN", "surname": "ASHWORTH", "date_of_birth": epochDays(1962, time.August, 12),
				"uprn": "100023400001", "second_liable_surname": nil, "property_reference": "PR-14MR", "band": "C",
				"liability_start_date": epochDays(2012, time.April, 1), "full_liability": int64(185432), "discount_amount": int64(46358),
				"discount_type": "SPD", "discount_start_date": epochDays(2012, time.April, 1), "discount_end_date": nil,
				"benefit_recipient": false},
			"CT1002": {"middle_names": "J", "second_liable_title": "MRS", "second_liable_forenames": "IMELDA",
				"second_liable_surname": "BRACKENBURY", "second_liable_date_of_birth": epochDays(1966, time.September, 9), "band": "D",
				"discount_amount": nil, "discount_type": nil, "disregard_type": "STU", "disregard_start_date": epochDays(2024, time.September, 1),
				"disregard_end_date": epochDays(2027, time.June, 30), "benefit_recipient": true},
			"CT1004": {"date_of_birth": nil, "uprn": nil, "uprn_original": "ABC123", "exemption_type": "C",
				"exemption_start_date": epochDays(2018, time.February, 1), "exemption_end_date": epochDays(2018, time.July, 31),
				"benefit_recipient": false},
		}},
	{typ: "council_tax_reduction", read: 5, loaded: 3, rejected: 2, rejects: []rejectAt{{4, "record_id"}, {6, "record_id"}},
		warnings: map[string]int64{
			blank("partner_date_of_birth", ErrInvalidDate.Error()): 1,
			blank("claimant_earnings", ErrInvalidMoney.Error()):    1,
		},
		want: map[string]row{
			"CTR501": {"surname": "FAIRBAIRN", "ni_number": "HJ246810C", "partner_title": "MRS", "partner_forenames": "KEZIA",
				"partner_middle_names": "L", "partner_surname": "FAIRBAIRN", "partner_date_of_birth": epochDays(1986, time.June, 30),
				"partner_ni_number": "KL135791D", "claim_start_date": epochDays(2025, time.January, 6), "claimant_earnings": int64(25000),
				"partner_earnings": int64(0), "other_income": int64(1500), "reduction_amount": int64(1234), "amount_frequency": Weekly},
			"CTR502": {"partner_surname": nil, "partner_ni_number": nil, "partner_earnings": nil, "claimant_earnings": int64(18050),
				"amount_frequency": Weekly, "claim_start_date": epochDays(2024, time.October, 1)},
			"CTR504": {"ni_number": "AB112233A", "claimant_earnings": nil, "claimant_earnings_original": "N/A",
				"partner_forenames": "OSRIC", "partner_date_of_birth": nil, "partner_earnings": int64(30000)},
		}},
	{typ: "electoral_register", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("registration_date", ErrInvalidDate.Error()): 1},
		want: map[string]row{
			"AB-101": {"surname": "PETTIGREW", "date_of_birth": nil, "uprn": "100023400001", "polling_district": "AB",
				"attainment_date": nil, "registration_date": epochDays(2023, time.December, 1)},
			"AB-102": {"title": "MISS", "date_of_birth": epochDays(2008, time.June, 2), "attainment_date": epochDays(2026, time.June, 2)},
			"AB-104": {"registration_date": nil, "registration_date_original": "sometime"},
		}},
	{typ: "housing_tenants", read: 5, loaded: 3, rejected: 2, rejects: []rejectAt{{4, "tenancy_reference"}, {6, "record_id"}},
		warnings: map[string]int64{blank("phone", ErrInvalidPhone.Error()): 1},
		want: map[string]row{
			"HT-1-1": {"surname": "CROSSTHWAITE", "address_1": "FLAT 12 KESTREL HOUSE", "flat": "12", "house_number": nil, "uprn": "100023400010", "tenancy_reference": "TEN0001", "tenant_role": "FIRST",
				"property_reference": "PROP-0457", "tenancy_start_date": epochDays(1997, time.March, 3), "phone": "01632960200",
				"right_to_buy_stage": nil, "right_to_buy_discount": nil},
			"HT-1-2": {"tenancy_reference": "TEN0001", "tenant_role": "JOINT", "email": "o.crossthwaite@example.net",
				"right_to_buy_stage": "OFFER", "right_to_buy_discount": int64(3850000)},
			"HT-3-1": {"phone": nil, "phone_original": "12345", "tenancy_reference": "TEN0003"},
		}},
	{typ: "housing_waiting_list", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("application_date", ErrInvalidDate.Error()): 1},
		want: map[string]row{
			"HR2024-0001": {"ni_number": "SC998877B", "address_1": "FLAT 3 40 HIGH STREET", "flat": "3", "house_number": "40", "application_date": epochDays(2024, time.March, 12),
				"band": "A", "application_status": "LIVE", "phone": "07700900789", "email": "r.thackeray@example.org"},
			"HR2024-0002": {"date_of_birth": epochDays(1988, time.February, 29), "uprn": "100023400020",
				"application_date": epochDays(2024, time.July, 1), "band": "C", "application_status": "SUSPENDED"},
			"HR2024-0004": {"application_date": nil, "application_date_original": "2024-02-30", "band": "B"},
		}},
	{typ: "right_to_buy", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("property_value", ErrInvalidMoney.Error()): 1},
		want: map[string]row{
			"RTB-0031": {"ni_number": "WL135790A", "tenancy_reference": "TEN0412", "property_reference": "PROP-0612",
				"application_date": epochDays(2024, time.September, 2), "stage": "COMPLETED", "property_value": int64(18500000),
				"discount_amount": int64(8700000), "completion_date": epochDays(2025, time.March, 14)},
			"RTB-0032": {"middle_names": "E", "stage": "OFFER MADE", "property_value": int64(17250000), "completion_date": nil},
			"RTB-0034": {"property_value": nil, "property_value_original": "£ 185k", "stage": "RECEIVED"},
		}},
	{typ: "blue_badges", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("expiry_date", ErrInvalidDate.Error()): 1},
		want: map[string]row{
			"BB-5501": {"ni_number": "AB246802D", "badge_number": "EB1234567890A", "issue_date": epochDays(2023, time.May, 1),
				"expiry_date": epochDays(2026, time.April, 30)},
			"BB-5502": {"house_number": "29", "postcode": "EB8 1JL", "uprn": "100023400040", "expiry_date": epochDays(2027, time.June, 14)},
			"BB-5504": {"issue_date": epochDays(2024, time.August, 1), "expiry_date": nil, "expiry_date_original": "not known"},
		}},
	{typ: "concessionary_passes", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("date_of_birth", ErrInvalidDate.Error()): 1},
		want: map[string]row{
			"CP-0901": {"title": "MR", "surname": "FOTHERGILL", "pass_number": "633597011234567890",
				"issue_date": epochDays(2021, time.February, 1), "expiry_date": epochDays(2026, time.January, 31)},
			"CP-0902": {"title": "MISS", "date_of_birth": epochDays(1957, time.December, 19), "expiry_date": epochDays(2027, time.July, 16)},
			"CP-0904": {"date_of_birth": nil, "pass_number": "633597011234567893"},
		}},
	{typ: "resident_parking_permits", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("uprn", ErrInvalidUPRN.Error()): 1},
		want: map[string]row{
			"RP-3301": {"date_of_birth": epochDays(1962, time.October, 3), "uprn": "100023400050", "permit_number": "ZONE-A-0457",
				"issue_date": epochDays(2025, time.April, 1), "expiry_date": epochDays(2026, time.March, 31)},
			"RP-3302": {"date_of_birth": nil, "issue_date": epochDays(2025, time.April, 1), "issue_date_original": "1/4/25",
				"expiry_date": epochDays(2026, time.March, 31)},
			"RP-3304": {"uprn": nil, "uprn_original": "12345678901234"},
		}},
	{typ: "personal_budgets", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("payment_frequency", ErrInvalidFrequency.Error()): 1},
		want: map[string]row{
			"SC-20011": {"ni_number": "CE246813A", "budget_start_date": epochDays(2022, time.June, 1), "payment_amount": int64(48500),
				"payment_frequency": FourWeekly, "date_last_paid": epochDays(2026, time.February, 20), "sort_code": "404784",
				"bank_account": "31926819"},
			"SC-20012": {"payment_amount": int64(125000), "payment_frequency": Monthly, "sort_code": "203206", "bank_account": "07654321"},
			"SC-20014": {"payment_frequency": nil, "payment_frequency_original": "sometimes", "bank_account": nil},
		}},
	{typ: "residential_care", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{
			inPounds("weekly_charge"):                       1,
			blank("date_last_paid", ErrInvalidDate.Error()): 1,
		},
		want: map[string]row{
			"RC-7001": {"date_of_birth": epochDays(1932, time.May, 17), "address_1": "MEADOWVIEW CARE HOME", "address_2": "1 MEADOW LANE",
				"flat": nil, "house_number": "1", "care_home": "Meadowview Care Home",
				"care_home_reference": "HOME-014", "placement_start_date": epochDays(2024, time.November, 4), "weekly_charge": int64(98750),
				"date_last_paid": epochDays(2026, time.February, 23)},
			"RC-7002": {"weekly_charge": int64(101240), "weekly_charge_original": "1,012.40"},
			"RC-7004": {"care_home": "Riverside Lodge", "date_last_paid": nil, "date_last_paid_original": "yesterday"},
		}},
	{typ: "licences", read: 5, loaded: 3, rejected: 2, rejects: surnameAndRepeat,
		warnings: map[string]int64{blank("email", ErrInvalidEmail.Error()): 1},
		want: map[string]row{
			"TX/0457": {"ni_number": "JG987654D", "licence_type": "TAXI", "issue_date": epochDays(2024, time.June, 1),
				"expiry_date": epochDays(2027, time.May, 31), "phone": "07700900321", "email": "u.varley@example.com"},
			"PA/1123": {"licence_type": "PERSONAL_ALCOHOL", "issue_date": epochDays(2015, time.January, 12), "expiry_date": nil},
			"MT/0091": {"licence_type": "MARKET_TRADER", "email": nil, "email_original": "x.yelland(at)example.com"},
		}},
	// A foreign person file: a record without a family name is loaded, the
	// Australian postcode and the state are kept as codes.
	{typ: "person", read: 5, loaded: 3, rejected: 2, rejects: []rejectAt{{4, "record_id"}, {6, "record_id"}},
		warnings: map[string]int64{blank("email", ErrInvalidEmail.Error()): 1},
		want: map[string]row{
			"P1": {"given_name": "MICHAELA", "family_name": "NEUMANN", "date_of_birth": epochDays(1915, time.November, 11),
				"identifier": "5304218", "street_number": "8", "address_1": "STANLEY STREET", "locality": "WINSTON HILLS",
				"postal_code": "4223", "region": "NSW", "email": "m.neumann@example.com"},
			"P2": {"family_name": nil, "address_1": "LIGHT SETREET", "postal_code": "3212"},
			"P4": {"family_name": "OBRIEN PAINTER", "email": nil, "email_original": "not an email"},
		}},
}

// TestDatasetFiles loads the test file of every dataset type and checks the
// counts, the rejects, the warnings and normalised values.
func TestDatasetFiles(t *testing.T) {
	cases := map[string]datasetFile{}
	for _, tc := range datasetFiles {
		cases[tc.typ] = tc
	}
	for _, name := range Types() {
		t.Run(name, func(t *testing.T) {
			tc, ok := cases[name]
			if !ok {
				t.Fatalf("no case for dataset %s in datasetFiles", name)
			}
			ds, _ := Lookup(name)
			file := filepath.Join("testdata", "datasets", name+".csv")
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := load(t, ds, name+".csv", string(text), DelimitedConfig{BatchSize: 2})
			if got.err != nil {
				t.Fatalf("Err() = %v", got.err)
			}
			checkCounts(t, got.stats, tc.read, tc.loaded, tc.rejected)
			if len(got.rejects) != len(tc.rejects) {
				t.Errorf("rejects %+v, want %d", got.rejects, len(tc.rejects))
			}
			for i, w := range tc.rejects[:min(len(tc.rejects), len(got.rejects))] {
				if r := got.rejects[i]; r.Line != w.line || r.Field != w.field {
					t.Errorf("reject %d at line %d field %q (%s), want line %d field %q", i, r.Line, r.Field, r.Reason, w.line, w.field)
				}
			}
			if !maps.Equal(got.stats.Warnings, tc.warnings) {
				t.Errorf("warnings %v, want %v", got.stats.Warnings, tc.warnings)
			}
			byID := map[string]row{}
			for _, r := range got.rows {
				byID[r["record_id"].(string)] = r
				if r[BodyField] != testBody {
					t.Errorf("%v: %s = %v, want %q", r["record_id"], BodyField, r[BodyField], testBody)
				}
			}
			for id, want := range tc.want {
				r, ok := byID[id]
				if !ok {
					t.Errorf("record %s not loaded", id)
					continue
				}
				for col, w := range want {
					g, ok := r[col]
					if !ok {
						t.Errorf("%s: no column %s", id, col)
					} else if g != w {
						t.Errorf("%s: %s = %#v, want %#v", id, col, g, w)
					}
				}
			}
		})
	}
}

// TestLicenceTypeFromMapping reads a file of one licence type that has no
// type column, as the licence_type Doc says: a mapping constant gives the
// type and a code table turns a local code into the canonical one.
func TestLicenceTypeFromMapping(t *testing.T) {
	text := "Licence No,Surname\nTX/1,Varley\nTX/2,Yelland\n"
	got := loadMapped(t, Licences, text, &Mapping{Constants: map[string]string{"licence_type": "TAXI"}}, DelimitedConfig{})
	checkCounts(t, got.stats, 2, 2, 0)
	for _, r := range got.rows {
		if r["licence_type"] != "TAXI" {
			t.Errorf("%v: licence_type = %v, want TAXI", r["record_id"], r["licence_type"])
		}
	}
	m := &Mapping{Fields: map[string]FieldMapping{
		"licence_type": {Column: "Type", Codes: map[string]string{"HC": "TAXI", "PAL": "PERSONAL_ALCOHOL"}},
	}}
	got = loadMapped(t, Licences, "Licence No,Surname,Type\nTX/1,Varley,hc\nPA/1,Westmacott,PAL\nPA/2,Yelland,XX\n", m, DelimitedConfig{})
	want := []any{"TAXI", "PERSONAL_ALCOHOL", nil}
	if len(got.rows) != len(want) {
		t.Fatalf("loaded %d rows, want %d", len(got.rows), len(want))
	}
	for i, w := range want {
		if g := got.rows[i]["licence_type"]; g != w {
			t.Errorf("row %d: licence_type = %#v, want %#v", i, g, w)
		}
	}
}
