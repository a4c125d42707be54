package extract

import "slices"

// tenancyReferenceField is a housing tenancy's reference.
func tenancyReferenceField(required bool, doc string) Field {
	return Field{Name: "tenancy_reference", Kind: KindID, Required: required, Doc: doc,
		Aliases: []string{"tenancy ref", "tenancy number", "tenancy no", "tenancy id", "rent account", "rent account number", "rent account reference"}}
}

// applicationDateField is the date an application was made.
func applicationDateField(what string) Field {
	return Field{Name: "application_date", Kind: KindDate, Doc: "date the " + what + " application was made",
		Aliases: []string{"date of application", "application received", "date applied"}}
}

// HousingTenants is the housing tenants dataset, one row per named tenant so
// that each person is matched on their own.
var HousingTenants = &Dataset{
	Type: "housing_tenants",
	Doc: "housing tenants: one record per named tenant of a current tenancy (a joint tenancy gives one row per tenant, " +
		"sharing tenancy_reference, with tenant_role saying which is which), at the tenancy's permanent address",
	Fields: slices.Concat(
		alsoPrefixed(personFields("the tenant's own reference (person reference), unique within the file; a system that has only "+
			"tenancy references supplies the tenancy reference with the tenant's number appended",
			"tenant reference", "tenant ref", "tenant number", "tenant id", "person reference", "person ref", "person number"),
			"tenant"),
		[]Field{
			tenancyReferenceField(true, "the tenancy's reference, shared by the rows of its joint tenants"),
			{Name: "tenant_role", Kind: KindCode, Doc: "FIRST for the first (lead) tenant, JOINT for a joint tenant, OTHER for another named tenant, as the housing system codes it, upper case",
				Aliases: []string{"tenant type", "tenant status", "tenancy role", "lead or joint"}},
			propertyReferenceField(),
			{Name: "tenancy_start_date", Kind: KindDate, Doc: "date the tenancy started",
				Aliases: []string{"tenancy start", "start of tenancy", "tenancy date", "start date"}},
		},
		contactFields(),
		[]Field{
			{Name: "right_to_buy_stage", Kind: KindCode, Doc: "stage of a right-to-buy application on the tenancy, as the housing system codes it; blank when none",
				Aliases: []string{"rtb stage", "right to buy status", "rtb status"}},
			{Name: "right_to_buy_discount", Kind: KindMoney, Doc: "right-to-buy discount offered, in whole pence; blank when none",
				Aliases: []string{"rtb discount", "rtb discount amount"}},
		},
	),
}

// HousingWaitingList is the housing waiting list (housing register): people
// applying for social housing.
var HousingWaitingList = &Dataset{
	Type: "housing_waiting_list",
	Doc:  "housing waiting list: one record per application on the housing register, with the main applicant's identity and current address, the application date and band",
	Fields: slices.Concat(
		alsoPrefixed(personFields("application reference, unique within the file",
			"application reference", "application ref", "application number", "application no", "application id",
			"applicant reference", "housing register number"),
			"applicant", "main applicant"),
		[]Field{
			applicationDateField("housing"),
			{Name: "band", Kind: KindCode, Doc: "priority band as the allocation scheme names it, upper case",
				Aliases: []string{"priority band", "housing band", "banding", "priority"}},
			{Name: "application_status", Kind: KindCode, Doc: "status of the application (live, suspended...), as the housing system codes it, upper case",
				Aliases: []string{"status", "app status", "register status"}},
		},
		contactFields(),
	),
}

// RightToBuy is the right-to-buy dataset: tenants' applications to buy their
// home, and completed sales.
var RightToBuy = &Dataset{
	Type: "right_to_buy",
	Doc:  "right to buy: one record per application to buy a council home, in progress or completed, with the main applicant's identity, the discount and the completion date",
	Fields: slices.Concat(
		alsoPrefixed(personFields("right-to-buy application reference, unique within the file",
			"rtb reference", "rtb ref", "rtb application number", "rtb number", "application reference", "application number", "case reference"),
			"applicant"),
		[]Field{
			tenancyReferenceField(false, "the reference of the tenancy the application is made under"),
			propertyReferenceField(),
			applicationDateField("right-to-buy"),
			{Name: "stage", Kind: KindCode, Doc: "stage the application has reached (received, offer made, completed, withdrawn...), as the housing system codes it, upper case",
				Aliases: []string{"rtb stage", "application status", "status"}},
			{Name: "property_value", Kind: KindMoney, Doc: "value of the property at valuation, in whole pence",
				Aliases: []string{"valuation", "market value", "valuation amount"}},
			{Name: "discount_amount", Kind: KindMoney, Doc: "right-to-buy discount, in whole pence",
				Aliases: []string{"discount", "rtb discount", "discount given"}},
			{Name: "completion_date", Kind: KindDate, Doc: "date the sale completed; blank while the application is in progress",
				Aliases: []string{"date of completion", "sale completion date", "completed date", "sale date"}},
		},
	),
}
