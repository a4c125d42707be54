package extract

import (
	"slices"
	"strings"
)

// docs/datasets.md describes the registry; regenerate it after changing a
// dataset.
//go:generate go test -run ^TestDatasetsDoc$ -update .

// The dataset types are defined by subject in the datasets_*.go files and
// registered here, so that the list of types is in one place.
func init() {
	for _, d := range []*Dataset{
		Payroll, Pensions, PensionsDeferred, PensionsGratuity, Deceased,
		CreditorsHistory, CreditorsStanding,
		CouncilTax, CouncilTaxReduction, ElectoralRegister,
		HousingTenants, HousingWaitingList, RightToBuy,
		BlueBadges, ConcessionaryPasses, ResidentParkingPermits,
		PersonalBudgets, ResidentialCare, Licences,
		Person,
	} {
		register(d)
	}
}

// personFields are the identity fields that every person record carries in
// the NFI specifications, in the order they are documented, with the fields
// added since (name_suffix, uprn) at the end so that the columns of existing
// extracts keep their places. idDoc and idAliases describe record_id, whose
// header names differ from one dataset to the next.
func personFields(idDoc string, idAliases ...string) []Field {
	fields := []Field{
		{Name: "record_id", Kind: KindID, Required: true, Doc: idDoc, Aliases: idAliases},
		{Name: "title", Kind: KindTitle, Doc: "title (MR, MRS, DR...)", Aliases: []string{"salutation"}},
		{Name: "forenames", Kind: KindName, Doc: "forename and any further given names",
			Aliases: []string{"forename", "first name", "first names", "given name", "given names", "christian name"}},
		{Name: "middle_names", Kind: KindName, Doc: "middle names or initials",
			Aliases: []string{"middle name", "middle initials", "initials", "other names"}},
		{Name: "surname", Kind: KindName, Required: true, Doc: "surname",
			Aliases: []string{"last name", "family name"}},
		{Name: "date_of_birth", Kind: KindDate, Doc: "date of birth",
			Aliases: []string{"dob", "birth date"}},
		{Name: "ni_number", Kind: KindNINO, Doc: "National Insurance number",
			Aliases: []string{"nino", "ni", "national insurance number", "national insurance no", "nat ins no"}},
	}
	fields = append(fields, addressFields()...)
	return append(fields,
		Field{Name: "name_suffix", Kind: KindCode, Doc: "generational suffix after the surname (JR, SR, II, III...), upper case as supplied",
			Aliases: []string{"suffix", "name suffix", "generation suffix"}},
		Field{Name: "uprn", Kind: KindUPRN, Doc: "Unique Property Reference Number of the address, digits without leading zeros",
			Aliases: []string{"unique property reference number", "unique property ref", "uprn no", "uprn number"}},
		Field{Name: "flat", Kind: KindCode, Doc: "flat, apartment or unit number; taken from the address lines when the input has no column for it",
			Aliases: []string{"flat number", "flat no", "apartment", "apartment number", "unit"}},
		Field{Name: "house_number", Kind: KindCode, Doc: "house or building number (12, 12A, 12-14); taken from the address lines when the input has no column for it",
			Aliases: []string{"house no", "building number", "premises number", "street number"}},
	)
}

// addressFields are the four address lines and the postcode of a person or
// an organisation.
func addressFields() []Field {
	return []Field{
		{Name: "address_1", Kind: KindAddress, Doc: "address line 1", Aliases: []string{"address line 1", "addr1", "address1"}},
		{Name: "address_2", Kind: KindAddress, Doc: "address line 2", Aliases: []string{"address line 2", "addr2", "address2"}},
		{Name: "address_3", Kind: KindAddress, Doc: "address line 3", Aliases: []string{"address line 3", "addr3", "address3"}},
		{Name: "address_4", Kind: KindAddress, Doc: "address line 4", Aliases: []string{"address line 4", "addr4", "address4"}},
		{Name: "postcode", Kind: KindPostcode, Doc: "postcode", Aliases: []string{"post code", "postal code"}},
	}
}

// identityNames are the person fields that say who someone is, as opposed to
// where they live: the fields a second person on a record repeats.
var identityNames = []string{"title", "forenames", "middle_names", "surname", "date_of_birth", "ni_number"}

// secondPerson returns the identity fields of a second person on the same
// record (a partner, a second liable person), each named prefix_<field> and
// recognised by the usual header names of the field behind each of
// headerPrefixes ("Partner Surname", "Partner DOB"). who names the person in
// each Doc. withNI leaves out ni_number when false, for records that never
// hold one.
func secondPerson(prefix, who string, withNI bool, headerPrefixes ...string) []Field {
	var out []Field
	for _, f := range personFields("") {
		if !slices.Contains(identityNames, f.Name) || (f.Name == "ni_number" && !withNI) {
			continue
		}
		name := prefix + "_" + f.Name
		out = append(out, Field{Name: name, Kind: f.Kind, Doc: who + ": " + f.Doc,
			Aliases: uniqueAliases(name, prefixed(f, headerPrefixes))})
	}
	return out
}

// alsoPrefixed adds to the identity fields of fields the header names that
// put one of headerPrefixes before the usual ones ("Claimant Surname",
// "Employee NI Number"), for systems that label the main person by role. It
// changes fields in place and returns it.
func alsoPrefixed(fields []Field, headerPrefixes ...string) []Field {
	for i, f := range fields {
		if slices.Contains(identityNames, f.Name) {
			fields[i].Aliases = uniqueAliases(f.Name, append(slices.Clip(f.Aliases), prefixed(f, headerPrefixes)...))
		}
	}
	return fields
}

// prefixed returns f's name and aliases behind each of prefixes.
func prefixed(f Field, prefixes []string) []string {
	names := append([]string{strings.ReplaceAll(f.Name, "_", " ")}, f.Aliases...)
	out := make([]string, 0, len(prefixes)*len(names))
	for _, p := range prefixes {
		for _, n := range names {
			out = append(out, p+" "+n)
		}
	}
	return out
}

// uniqueAliases drops the aliases that header matching cannot tell apart
// from the field's name or from an earlier alias: "partner forenames" is
// partner_forenames itself.
func uniqueAliases(name string, aliases []string) []string {
	seen := map[string]bool{headerKey(name): true}
	out := make([]string, 0, len(aliases))
	for _, a := range aliases {
		if k := headerKey(a); !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	return out
}

// contactFields are a telephone number and an email address.
func contactFields() []Field {
	return []Field{
		{Name: "phone", Kind: KindPhone, Doc: "telephone number, digits only, with +44 written as 0",
			Aliases: []string{"telephone", "telephone number", "phone number", "tel", "tel no", "contact number"}},
		{Name: "email", Kind: KindEmail, Doc: "email address, lower case",
			Aliases: []string{"email address", "contact email"}},
	}
}

// bankFields are the sort code and number of the bank account that payments
// go to; whose completes "the account ..." in the Docs.
func bankFields(whose string) []Field {
	return []Field{
		{Name: "sort_code", Kind: KindSortCode, Doc: "sort code of the account " + whose + ", six digits",
			Aliases: []string{"bank sort code", "sort code no", "bank sort"}},
		{Name: "bank_account", Kind: KindAccount,
			Doc:     "number of the account " + whose + ", eight digits (six and seven digit numbers are padded with leading zeros)",
			Aliases: []string{"account number", "bank account number", "account no", "bank account no", "acc no", "bank acc no"}},
	}
}

// lastPaidField is the date of the most recent payment of a recurring
// payment.
func lastPaidField(doc string) Field {
	return Field{Name: "date_last_paid", Kind: KindDate, Doc: doc,
		Aliases: []string{"last paid", "last paid date", "date of last payment", "last payment date"}}
}

// frequencyField is how often a recurring payment is made.
func frequencyField(what string, aliases ...string) Field {
	return Field{Name: "payment_frequency", Kind: KindFrequency,
		Doc:     "how often " + what + " is paid: WEEKLY, FORTNIGHTLY, FOUR_WEEKLY, MONTHLY, QUARTERLY or ANNUAL",
		Aliases: append([]string{"frequency", "pay frequency", "payment freq"}, aliases...)}
}

// issueFields are the issue and expiry dates of a badge, pass, permit or
// licence; what names it in the Docs.
func issueFields(what string) []Field {
	return []Field{
		{Name: "issue_date", Kind: KindDate, Doc: "date the " + what + " was issued",
			Aliases: []string{"date issued", "date of issue", "issued", "valid from", "start date"}},
		{Name: "expiry_date", Kind: KindDate, Doc: "date the " + what + " expires",
			Aliases: []string{"date of expiry", "expiry", "expires", "valid to", "valid until", "end date"}},
	}
}

// sexField is sex as a payroll or pension system records it.
func sexField() Field {
	return Field{Name: "sex", Kind: KindSex, Doc: "sex as recorded: M, F or X (any other recorded value)",
		Aliases: []string{"gender", "sex code"}}
}
