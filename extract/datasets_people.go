package extract

import "slices"

// Payroll is the payroll dataset: the people a body employs.
var Payroll = &Dataset{
	Type: "payroll",
	Doc:  "payroll: one record per employee on the payroll at the extract date, with post, pay to date, hours and the bank account pay goes to",
	Fields: slices.Concat(
		alsoPrefixed(personFields("employee number, unique within the file",
			"employee number", "employee no", "emp no", "employee id", "employee reference", "staff number", "payroll number"),
			"employee"),
		[]Field{
			{Name: "post_number", Kind: KindID, Doc: "the post (position) the employee holds; one person may hold several posts under one employee number",
				Aliases: []string{"post no", "post id", "post reference", "position number"}},
			{Name: "department", Kind: KindText, Doc: "department, directorate or service the employee works in",
				Aliases: []string{"dept", "department name", "directorate", "service area"}},
			sexField(),
		},
		contactFields(),
		[]Field{
			{Name: "passport_number", Kind: KindID, Doc: "passport number, as given, where the right-to-work check recorded it",
				Aliases: []string{"passport no", "passport"}},
			{Name: "date_started", Kind: KindDate, Doc: "date the employment started",
				Aliases: []string{"start date", "employment start date", "date of appointment", "appointment date", "date joined", "commencement date"}},
			{Name: "date_left", Kind: KindDate, Doc: "date the employment ended; blank for current staff",
				Aliases: []string{"leaving date", "date of leaving", "termination date", "end date", "employment end date"}},
			{Name: "leaver", Kind: KindFlag, Doc: "Y when the employee has left or is leaving; the extract is of current staff, so Y is rare",
				Aliases: []string{"leaver flag", "leaver indicator", "left flag"}},
			{Name: "employment_basis", Kind: KindCode, Doc: "full-time, part-time or casual, as the payroll system codes it (F, P, C or FT, PT...), upper case",
				Aliases: []string{"full/part-time/casual flag", "ft pt flag", "ft pt casual", "full time part time", "employment type", "contract type", "contract basis"}},
			{Name: "gross_pay_to_date", Kind: KindMoney, Doc: "gross pay in the tax year to date, in whole pence",
				Aliases: []string{"gross pay", "gross to date", "gross pay ytd", "ytd gross pay", "gross ytd", "total gross pay"}},
			{Name: "standard_weekly_hours", Kind: KindInt, Doc: "contracted hours per week times 100 (37.5 hours is 3750), as NFI asks",
				Aliases: []string{"standard hours", "weekly hours", "contracted hours", "std hours", "standard weekly hours x100", "hours x100"}},
			lastPaidField("date the employee was last paid"),
			{Name: "teacher", Kind: KindFlag, Doc: "Y when the employee is a teacher (teachers' pay and pensions follow their own rules)",
				Aliases: []string{"teacher flag", "teacher indicator", "is teacher"}},
		},
		bankFields("pay goes to"),
	),
}

// Pensions is the pensions dataset: current pensioners in payment. Its
// first fields keep the order of the first release; later ones are appended.
// The widow(er) and ill-health retirement flags of the NFI specification
// wait for matcher.Table to read Arrow bool columns: a flag here would stop
// every pensions match.
var Pensions = &Dataset{
	Type: "pensions",
	Doc:  "pensions in payment: one record per pensioner, with the amount and frequency of the pension and the date it was last paid",
	Fields: slices.Concat(
		alsoPrefixed(personFields("pension or member reference, unique within the file",
			"reference", "pension reference", "member reference", "pensioner reference", "pension number"),
			"pensioner"),
		[]Field{
			{Name: "pension_start_date", Kind: KindDate, Doc: "date the pension started",
				Aliases: []string{"date pension started", "pension start", "start date"}},
			{Name: "pension_amount", Kind: KindMoney, Doc: "amount of one payment, in whole pence",
				Aliases: []string{"amount", "payment amount", "pension payment", "gross pension"}},
			frequencyField("the pension"),
			lastPaidField("date of the most recent payment"),
			sexField(),
		},
		contactFields(),
		[]Field{
			employmentEndedField(),
			employerField(),
		},
		bankFields("the pension is paid into"),
		[]Field{
			{Name: "survivor", Kind: KindFlag,
				Doc:     "Y when the pension is a widow's, widower's or partner's pension: the identity is the survivor's own, not the member's",
				Aliases: []string{"widow", "widower", "widow flag", "widower flag", "widow(er) flag", "dependant pension", "spouse pension"}},
			{Name: "ill_health", Kind: KindFlag, Doc: "Y when the member retired on grounds of ill health",
				Aliases: []string{"ill health", "ill health flag", "ill health retirement", "ill-health retirement flag", "ihr"}},
		},
	),
}

// PensionsDeferred is the deferred pensions dataset: members who have left
// and whose pension is not yet payable.
var PensionsDeferred = &Dataset{
	Type: "pensions_deferred",
	Doc:  "deferred pensions: one record per former member whose pension is not yet in payment, with the date it becomes payable, so that a death is known before payment starts",
	Fields: slices.Concat(
		alsoPrefixed(personFields("member reference, unique within the file",
			"reference", "member reference", "member number", "membership number", "pension reference", "scheme reference"),
			"member"),
		[]Field{sexField()},
		contactFields(),
		[]Field{
			employmentEndedField(),
			{Name: "deferred_pension_amount", Kind: KindMoney, Doc: "annual pension preserved at the date of leaving, in whole pence",
				Aliases: []string{"deferred pension", "deferred annual pension", "annual deferred pension", "preserved pension", "deferred amount"}},
			{Name: "deferred_lump_sum", Kind: KindMoney, Doc: "lump sum preserved at the date of leaving, in whole pence",
				Aliases: []string{"lump sum", "deferred lump sum amount", "preserved lump sum"}},
			{Name: "pension_due_date", Kind: KindDate, Doc: "date the deferred pension becomes payable (normal pension date)",
				Aliases: []string{"normal retirement date", "nrd", "normal pension date", "npd", "date payable", "due date"}},
			employerField(),
		},
	),
}

// PensionsGratuity is the pension gratuities dataset: recurring payments in
// the nature of a pension made outside the main pension payroll.
var PensionsGratuity = &Dataset{
	Type: "pensions_gratuity",
	Doc:  "pension gratuities: one record per person paid a recurring gratuity or compensation payment in the nature of a pension outside the main pension payroll (the participant decides which), with amount, frequency and date last paid",
	Fields: slices.Concat(
		alsoPrefixed(personFields("gratuity or payee reference, unique within the file",
			"reference", "gratuity reference", "payee reference", "member reference", "pension reference"),
			"payee"),
		[]Field{
			sexField(),
			{Name: "gratuity_start_date", Kind: KindDate, Doc: "date the payments started",
				Aliases: []string{"start date", "date started", "payment start date"}},
			{Name: "gratuity_amount", Kind: KindMoney, Doc: "amount of one payment, in whole pence",
				Aliases: []string{"amount", "payment amount", "gratuity", "gross amount"}},
			frequencyField("the gratuity"),
			lastPaidField("date of the most recent payment"),
			employmentEndedField(),
			employerField(),
		},
		bankFields("the gratuity is paid into"),
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

// employmentEndedField is the date a pension scheme member left the
// employment the pension was earned in.
func employmentEndedField() Field {
	return Field{Name: "date_employment_ended", Kind: KindDate, Doc: "date the employment the pension was earned in ended",
		Aliases: []string{"date left", "date left employment", "date of leaving", "leaving date", "employment end date"}}
}

// employerField is the employer a pension was earned with.
func employerField() Field {
	return Field{Name: "employer", Kind: KindText, Doc: "employer the pension was earned with",
		Aliases: []string{"employer name", "former employer", "employing body"}}
}
