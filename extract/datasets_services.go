package extract

import "slices"

// serviceReferenceAliases are the header names of a council service's own
// reference for the person it serves.
var serviceReferenceAliases = []string{
	"reference", "internal reference", "customer reference", "customer number", "applicant reference", "client reference", "case reference",
}

// numberField is the number printed on a badge, pass or permit, which is not
// the system's reference for the person.
func numberField(name, what string, aliases ...string) Field {
	return Field{Name: name, Kind: KindID, Doc: "number of the " + what + ", as printed on it", Aliases: aliases}
}

// BlueBadges is the blue badge dataset: disabled persons' parking badges.
var BlueBadges = &Dataset{
	Type: "blue_badges",
	Doc:  "blue badges: one record per badge holder, with badge number and issue and expiry dates; the reason for eligibility is health data and is not held",
	Fields: slices.Concat(
		alsoPrefixed(personFields("the council's reference for the badge holder or application, unique within the file", serviceReferenceAliases...),
			"holder", "badge holder"),
		[]Field{numberField("badge_number", "blue badge", "badge no", "blue badge number", "badge serial number", "serial number")},
		issueFields("badge"),
	),
}

// ConcessionaryPasses is the concessionary travel dataset: bus passes for
// older and disabled people.
var ConcessionaryPasses = &Dataset{
	Type: "concessionary_passes",
	Doc:  "concessionary travel passes: one record per pass holder, with pass number and issue and expiry dates",
	Fields: slices.Concat(
		alsoPrefixed(personFields("the council's reference for the pass holder or application, unique within the file", serviceReferenceAliases...),
			"holder", "pass holder"),
		[]Field{numberField("pass_number", "pass", "pass no", "card number", "card no", "smartcard number", "isrn")},
		issueFields("pass"),
	),
}

// ResidentParkingPermits is the resident parking permit dataset.
var ResidentParkingPermits = &Dataset{
	Type: "resident_parking_permits",
	Doc:  "resident parking permits: one record per permit holder, with permit number and issue and expiry dates",
	Fields: slices.Concat(
		alsoPrefixed(personFields("the council's reference for the permit holder or application, unique within the file", serviceReferenceAliases...),
			"holder", "permit holder"),
		[]Field{numberField("permit_number", "permit", "permit no", "permit reference", "permit id")},
		issueFields("permit"),
	),
}

// socialCareReferenceAliases are the header names of a social care system's
// reference for a person.
var socialCareReferenceAliases = []string{
	"client reference", "client ref", "client id", "client number", "service user reference", "service user id", "person reference", "person id",
}

// PersonalBudgets is the personal budgets dataset: adults receiving direct
// payments for their care.
var PersonalBudgets = &Dataset{
	Type: "personal_budgets",
	Doc:  "personal budgets: one record per recipient (aged 18 or over) of direct payments, with the amount and frequency of the payments and the date last paid",
	Fields: slices.Concat(
		alsoPrefixed(personFields("the social care system's reference for the recipient, unique within the file", socialCareReferenceAliases...),
			"client", "service user"),
		[]Field{
			{Name: "budget_start_date", Kind: KindDate, Doc: "date direct payments started",
				Aliases: []string{"start date", "direct payment start date", "dp start date", "date started"}},
			{Name: "payment_amount", Kind: KindMoney, Doc: "amount of one direct payment, in whole pence",
				Aliases: []string{"direct payment amount", "dp amount", "amount", "payment"}},
			frequencyField("the direct payment", "direct payment frequency", "dp frequency"),
			lastPaidField("date of the most recent direct payment"),
		},
		bankFields("direct payments go to"),
	),
}

// ResidentialCare is the residential care dataset: people in care homes
// whose care the council pays for.
var ResidentialCare = &Dataset{
	Type: "residential_care",
	Doc:  "residential care: one record per resident placed in a care home at the council's cost, with the home, the weekly charge and the placement start date",
	Fields: slices.Concat(
		alsoPrefixed(personFields("the social care system's reference for the resident, unique within the file",
			append([]string{"resident reference", "resident id"}, socialCareReferenceAliases...)...),
			"resident"),
		[]Field{
			{Name: "care_home", Kind: KindText, Doc: "name of the care home",
				Aliases: []string{"care home name", "home name", "home", "establishment", "establishment name"}},
			{Name: "care_home_reference", Kind: KindID, Doc: "the council's or the regulator's reference for the care home",
				Aliases: []string{"home reference", "home code", "establishment code", "care home id", "provider reference"}},
			{Name: "placement_start_date", Kind: KindDate, Doc: "date the placement started",
				Aliases: []string{"start date", "admission date", "date admitted", "placement start"}},
			{Name: "weekly_charge", Kind: KindMoney, Doc: "weekly charge for the placement, in whole pence",
				Aliases: []string{"weekly cost", "weekly fee", "charge per week", "weekly rate", "gross weekly charge"}},
			lastPaidField("date the council last paid for the placement"),
		},
	),
}

// Licences is the licences dataset: market trader, taxi and personal
// alcohol licences, each type usually its own file.
var Licences = &Dataset{
	Type: "licences",
	Doc:  "licences: one record per licence held, market trader, taxi (driver) or personal alcohol, with holder, licence type and issue and expiry dates",
	Fields: slices.Concat(
		alsoPrefixed(personFields("licence number, unique within the file",
			"licence number", "licence no", "license number", "licence reference", "licence ref", "licence id", "driver badge number"),
			"holder", "licence holder", "licensee"),
		[]Field{
			{Name: "licence_type", Kind: KindCode,
				Doc: "MARKET_TRADER, TAXI or PERSONAL_ALCOHOL; a file of one type gives it as a mapping constant, " +
					"and a mapping's code table turns local codes into these",
				Aliases: []string{"license type", "type of licence", "licence category"}},
		},
		issueFields("licence"),
		contactFields(),
	),
}
