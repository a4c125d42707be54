package extract

// personFields are the identity fields that every person record carries in
// the NFI specifications, in the order they are documented.
func personFields(idDoc string, idAliases ...string) []Field {
	return []Field{
		{Name: "record_id", Kind: KindID, Required: true, Doc: idDoc, Aliases: idAliases},
		{Name: "title", Kind: KindTitle, Doc: "title (MR, MRS, DR...)", Aliases: []string{"salutation"}},
		{Name: "forenames", Kind: KindName, Doc: "forename and any further given names",
			Aliases: []string{"forename", "first name", "first names", "given name", "given names", "christian name"}},
		{Name: "middle_names", Kind: KindName, Doc: "middle names or initials",
			Aliases: []string{"middle name", "middle initials", "initials", "other names"}},
		{Name: "surname", Kind: KindName, Required: true, Doc: "surname",
			Aliases: []string{"last name", "family name", "lastname"}},
		{Name: "date_of_birth", Kind: KindDate, Doc: "date of birth",
			Aliases: []string{"dob", "birth date", "d o b"}},
		{Name: "ni_number", Kind: KindNINO, Doc: "National Insurance number",
			Aliases: []string{"nino", "ni no", "ni", "national insurance number", "national insurance no", "nat ins no"}},
		{Name: "address_1", Kind: KindAddress, Doc: "address line 1", Aliases: []string{"address line 1", "addr1", "address1"}},
		{Name: "address_2", Kind: KindAddress, Doc: "address line 2", Aliases: []string{"address line 2", "addr2", "address2"}},
		{Name: "address_3", Kind: KindAddress, Doc: "address line 3", Aliases: []string{"address line 3", "addr3", "address3"}},
		{Name: "address_4", Kind: KindAddress, Doc: "address line 4", Aliases: []string{"address line 4", "addr4", "address4"}},
		{Name: "postcode", Kind: KindPostcode, Doc: "postcode", Aliases: []string{"post code", "postal code"}},
	}
}

// Pensions is the pensions dataset: current pensioners in payment.
var Pensions = &Dataset{
	Type: "pensions",
	Doc:  "pensions in payment: one record per pensioner, with the amount and frequency of the pension and the date it was last paid",
	Fields: append(personFields("pension or member reference, unique within the file",
		"reference", "pension reference", "member reference", "pensioner reference", "pension number"),
		Field{Name: "pension_start_date", Kind: KindDate, Doc: "date the pension started",
			Aliases: []string{"date pension started", "pension start", "start date"}},
		Field{Name: "pension_amount", Kind: KindMoney, Doc: "amount of one payment, in whole pence",
			Aliases: []string{"amount", "payment amount", "pension payment", "gross pension"}},
		Field{Name: "payment_frequency", Kind: KindFrequency, Doc: "how often the pension is paid: WEEKLY, FORTNIGHTLY, FOUR_WEEKLY, MONTHLY, QUARTERLY or ANNUAL",
			Aliases: []string{"frequency", "pay frequency", "payment freq"}},
		Field{Name: "date_last_paid", Kind: KindDate, Doc: "date of the most recent payment",
			Aliases: []string{"last paid", "last paid date", "date of last payment", "last payment date"}},
	),
}

// Deceased is the DWP deceased dataset: deaths notified to the Department for
// Work and Pensions.
var Deceased = &Dataset{
	Type: "deceased",
	Doc:  "DWP deceased records: name, date of birth, date of death, NI number and last known address",
	Fields: append(personFields("DWP record reference, unique within the file",
		"reference", "dwp reference", "deceased reference"),
		Field{Name: "date_of_death", Kind: KindDate, Required: true, Doc: "date of death",
			Aliases: []string{"dod", "death date", "date died"}},
	),
}

func init() {
	register(Pensions)
	register(Deceased)
}
