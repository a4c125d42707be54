package extract

// Person is a generic person dataset for data that fits no NFI dataset:
// public record-linkage benchmarks, and foreign files such as the
// Australian FEBRL data, whose postcodes, states and social security
// numbers UK validation would blank. Its fields carry no UK checks: the
// postal code and the identifier are codes, and no field but record_id is
// required, so a record without a family name is still loaded. Its names
// differ from the NFI person fields (given_name, family_name) because it
// does not share their layout or their required surname.
var Person = &Dataset{
	Type: "person",
	Doc: "generic person records from outside the NFI specifications (benchmarks, foreign data): names, date of birth, " +
		"an identifier and an address with no UK checks; only record_id is required",
	Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true, Doc: "the record's reference, unique within the file",
			Aliases: []string{"rec id", "unique id", "record id", "person reference"}},
		{Name: "given_name", Kind: KindName, Doc: "given names",
			Aliases: []string{"first name", "forename", "forenames", "given names"}},
		{Name: "family_name", Kind: KindName, Doc: "family name; may be missing",
			Aliases: []string{"surname", "last name"}},
		{Name: "date_of_birth", Kind: KindDate, Doc: "date of birth",
			Aliases: []string{"dob", "birth date"}},
		{Name: "identifier", Kind: KindCode, Doc: "a personal identifier of any country (a social security number), upper case",
			Aliases: []string{"soc sec id", "social security id", "social security number", "national id", "id number"}},
		{Name: "street_number", Kind: KindText, Doc: "house or street number as given",
			Aliases: []string{"house number", "street no"}},
		{Name: "address_1", Kind: KindAddress, Doc: "address line 1", Aliases: []string{"address line 1", "addr1", "address1"}},
		{Name: "address_2", Kind: KindAddress, Doc: "address line 2", Aliases: []string{"address line 2", "addr2", "address2"}},
		{Name: "locality", Kind: KindAddress, Doc: "town, city or suburb",
			Aliases: []string{"suburb", "town", "city"}},
		{Name: "postal_code", Kind: KindCode, Doc: "postal code of any country, upper case, not checked against the UK format",
			Aliases: []string{"postcode", "post code", "zip", "zip code"}},
		{Name: "region", Kind: KindCode, Doc: "state, county or province, upper case",
			Aliases: []string{"state", "county", "province"}},
		{Name: "email", Kind: KindEmail, Doc: "email address, lower case",
			Aliases: []string{"email address"}},
	},
}
