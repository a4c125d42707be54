package extract

import "slices"

// propertyReferenceField is a council's own reference for a property, beside
// the national UPRN.
func propertyReferenceField() Field {
	return Field{Name: "property_reference", Kind: KindID, Doc: "the council's own reference for the property",
		Aliases: []string{"property ref", "property id", "property number", "property no"}}
}

// reliefFields are a council tax relief of one kind (discount, exemption or
// disregard): its type code and the dates it runs from and to.
func reliefFields(kind, doc string, aliases ...string) []Field {
	return []Field{
		{Name: kind + "_type", Kind: KindCode, Doc: doc + ", from the council's lookup table, upper case",
			Aliases: append([]string{kind + " code", kind + " type code", kind + " reason"}, aliases...)},
		{Name: kind + "_start_date", Kind: KindDate, Doc: "date the " + kind + " started",
			Aliases: []string{kind + " start", kind + " from", kind + " start date", "date " + kind + " started"}},
		{Name: kind + "_end_date", Kind: KindDate, Doc: "date the " + kind + " ended or ends; blank while it runs",
			Aliases: []string{kind + " end", kind + " to", kind + " end date", "date " + kind + " ended"}},
	}
}

// CouncilTax is the council tax dataset: every account, with its discounts,
// exemptions and disregards.
var CouncilTax = &Dataset{
	Type: "council_tax",
	Doc: "council tax: one record per account, liable person and second liable person side by side (the second_liable_ fields), " +
		"with band, liability and the discount, exemption or disregard on the account; the address is the property's",
	Fields: slices.Concat(
		alsoPrefixed(personFields("council tax account reference, unique within the file",
			"account reference", "account ref", "account number", "account no", "council tax reference", "council tax account number", "ctax reference"),
			"liable", "liable 1", "first liable", "lead liable", "liable person"),
		secondPerson("second_liable", "second liable person", false,
			"second liable", "second liable person", "liable 2", "2nd liable", "joint liable"),
		[]Field{
			propertyReferenceField(),
			{Name: "band", Kind: KindCode, Doc: "council tax valuation band: A-H in England, A-I in Wales",
				Aliases: []string{"council tax band", "valuation band", "property band", "ctax band"}},
			{Name: "liability_start_date", Kind: KindDate, Doc: "date the liable person became liable for the property",
				Aliases: []string{"liability start", "liable from", "liability from", "date liable from"}},
			{Name: "full_liability", Kind: KindMoney, Doc: "the year's charge before any discount, in whole pence",
				Aliases: []string{"annual liability", "gross liability", "full charge", "full charge amount"}},
			{Name: "discount_amount", Kind: KindMoney, Doc: "the year's discount given on the account, in whole pence",
				Aliases: []string{"discount value", "discount given", "spd amount"}},
		},
		reliefFields("discount", "discount on the account (single person discount and the like)"),
		reliefFields("exemption", "exemption class of the property", "exemption class"),
		reliefFields("disregard", "disregard that reduces the count of adults (student, carer...); single person discount matching leaves these out"),
		[]Field{
			{Name: "benefit_recipient", Kind: KindFlag, Doc: "Y when the liable person receives council tax reduction or another benefit the council records",
				Aliases: []string{"benefit flag", "benefit recipient flag", "in receipt of benefit", "receiving benefit", "ctr flag"}},
		},
	),
}

// CouncilTaxReduction is the council tax reduction dataset: claims with the
// income declared on them.
var CouncilTaxReduction = &Dataset{
	Type: "council_tax_reduction",
	Doc: "council tax reduction: one record per claim, claimant and partner side by side (the partner_ fields), " +
		"with declared earnings and other income and the reduction awarded, all per amount_frequency period",
	Fields: slices.Concat(
		alsoPrefixed(personFields("claim reference, unique within the file",
			"claim reference", "claim ref", "claim number", "claim no", "claim id", "ctr reference"),
			"claimant"),
		secondPerson("partner", "partner", true, "partner"),
		[]Field{
			{Name: "claim_start_date", Kind: KindDate, Doc: "date the claim (the current award) started",
				Aliases: []string{"claim start", "date of claim", "claim date", "start date", "award start date"}},
			{Name: "claimant_earnings", Kind: KindMoney, Doc: "the claimant's declared gross earnings, in whole pence per amount_frequency period",
				Aliases: []string{"claimant's earnings", "claimant gross earnings", "earnings", "declared earnings"}},
			{Name: "partner_earnings", Kind: KindMoney, Doc: "the partner's declared gross earnings, in whole pence per amount_frequency period",
				Aliases: []string{"partner's earnings", "partner gross earnings"}},
			{Name: "other_income", Kind: KindMoney, Doc: "other income declared by claimant and partner (pensions, benefits...), in whole pence per amount_frequency period",
				Aliases: []string{"unearned income", "other income total", "non earned income"}},
			{Name: "reduction_amount", Kind: KindMoney, Doc: "council tax reduction awarded, in whole pence per amount_frequency period",
				Aliases: []string{"reduction awarded", "ctr amount", "ctr award", "award amount", "council tax reduction"}},
			{Name: "amount_frequency", Kind: KindFrequency, Doc: "the period that earnings, income and reduction cover: WEEKLY in most benefit systems; MONTHLY, ANNUAL...",
				Aliases: []string{"frequency", "income frequency", "period"}},
		},
	),
}

// ElectoralRegister is the electoral register: the adults registered at each
// address, and the attainers who will turn 18.
var ElectoralRegister = &Dataset{
	Type: "electoral_register",
	Doc: "electoral register: one record per elector; date of birth and attainment date are held only for attainers " +
		"(those about to turn 18), which the rising-18s single person discount check needs",
	Fields: slices.Concat(
		personFields("elector number with its polling district prefix (AB-123), unique within the file",
			"elector number", "elector no", "electoral number", "elector reference", "elector id", "full elector number"),
		[]Field{
			{Name: "polling_district", Kind: KindCode, Doc: "polling district code, upper case",
				Aliases: []string{"pd", "pd code", "polling district code"}},
			{Name: "attainment_date", Kind: KindDate, Doc: "date an attainer turns 18; blank for an elector already 18",
				Aliases: []string{"date of attainment", "doa", "attainer date", "attainment"}},
			{Name: "registration_date", Kind: KindDate, Doc: "date the elector was added to the register at this address",
				Aliases: []string{"date registered", "date of registration", "registered date"}},
		},
	),
}
