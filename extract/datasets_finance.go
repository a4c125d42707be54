package extract

import "slices"

// creditorReferenceAliases are the header names of a creditor's reference in
// the finance system.
var creditorReferenceAliases = []string{
	"creditor ref", "creditor number", "creditor no", "creditor id", "supplier reference", "supplier ref",
	"supplier number", "supplier no", "supplier id", "vendor number", "vendor id",
}

// creditorNameField is a creditor's name: an organisation or a sole trader.
func creditorNameField(required bool) Field {
	return Field{Name: "creditor_name", Kind: KindText, Required: required,
		Doc:     "the creditor's name as the finance system holds it: a company, a sole trader or a person",
		Aliases: []string{"supplier name", "vendor name", "payee name"}}
}

// siteField is a creditor's site: one creditor reference may have several
// addresses or bank accounts, one per site.
func siteField() Field {
	return Field{Name: "site", Kind: KindID, Doc: "the creditor's site (branch or remittance address) where the system keeps several per creditor",
		Aliases: []string{"supplier site", "site code", "vendor site", "site reference"}}
}

// CreditorsHistory is the trade creditors payment history: invoices received
// and paid over several years, the input for duplicate payment checks.
var CreditorsHistory = &Dataset{
	Type: "creditors_history",
	Doc: "trade creditors payment history: one record per invoice transaction over several years, paid or not, " +
		"keyed by the finance system's internal transaction number; duplicate payments are found here",
	Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true,
			Doc:     "internal transaction number the finance system gives each invoice, unique within the file (NFI's transaction number)",
			Aliases: []string{"transaction number", "transaction no", "transaction id", "internal transaction number", "transaction reference", "document number"}},
		{Name: "creditor_reference", Kind: KindID, Required: true,
			Doc:     "the creditor's reference in the finance system, the record_id of the creditors_standing record",
			Aliases: creditorReferenceAliases},
		creditorNameField(false),
		siteField(),
		{Name: "invoice_number", Kind: KindID, Doc: "invoice number as the supplier wrote it, kept as given so that near-repeats can be compared",
			Aliases: []string{"invoice no", "supplier invoice number", "supplier invoice no", "invoice reference", "invoice ref", "inv no"}},
		{Name: "invoice_date", Kind: KindDate, Doc: "date on the invoice",
			Aliases: []string{"inv date", "date of invoice"}},
		{Name: "due_date", Kind: KindDate, Doc: "date payment of the invoice is due",
			Aliases: []string{"payment due date", "date due"}},
		{Name: "payment_date", Kind: KindDate, Doc: "date the invoice was paid; blank while it is unpaid",
			Aliases: []string{"date paid", "paid date", "payment run date", "cheque date"}},
		{Name: "invoice_total", Kind: KindMoney, Required: true, Doc: "invoice total including VAT, in whole pence; a credit note is negative",
			Aliases: []string{"invoice amount", "invoice value", "gross amount", "gross invoice amount", "total including vat", "amount"}},
		{Name: "vat_amount", Kind: KindMoney, Doc: "VAT included in the invoice total, in whole pence",
			Aliases: []string{"vat", "vat value", "tax amount"}},
		{Name: "payment_method", Kind: KindCode, Doc: "how the invoice was paid (BACS, CHEQUE, CHAPS, CARD...), as the finance system codes it, upper case",
			Aliases: []string{"payment type", "pay method", "method of payment"}},
		{Name: "payment_reference", Kind: KindID, Doc: "the BACS run or cheque that paid the invoice; one payment may pay several invoices",
			Aliases: []string{"payment ref", "payment number", "bacs reference", "cheque number", "cheque no"}},
		{Name: "remarks", Kind: KindText, Doc: "free-text description or remarks on the invoice",
			Aliases: []string{"description", "narrative", "comments", "invoice description"}},
	},
}

// CreditorsStanding is the trade creditors standing data: the creditors set
// up in the finance system.
var CreditorsStanding = &Dataset{
	Type: "creditors_standing",
	Doc: "trade creditors standing data: one record per current creditor (or per site, where sites have their own reference), " +
		"with address, VAT and company numbers and the bank account payments go to",
	Fields: slices.Concat(
		[]Field{
			{Name: "record_id", Kind: KindID, Required: true,
				Doc:     "the creditor's reference in the finance system, unique within the file; payment history refers to it as creditor_reference",
				Aliases: append([]string{"creditor reference"}, creditorReferenceAliases...)},
			creditorNameField(true),
			{Name: "creditor_type", Kind: KindCode, Doc: "kind of creditor as the finance system codes it (company, sole trader, individual, charity, public body...), upper case",
				Aliases: []string{"supplier type", "vendor type", "creditor category", "supplier category"}},
			siteField(),
		},
		addressFields(),
		contactFields(),
		[]Field{
			{Name: "vat_number", Kind: KindVAT, Doc: "UK VAT registration number, GB and nine (or twelve) digits, check digits verified",
				Aliases: []string{"vat registration number", "vat reg no", "vat no", "vat reg number"}},
			{Name: "company_number", Kind: KindID, Doc: "Companies House registration number, as given",
				Aliases: []string{"company registration number", "company reg no", "companies house number", "company no", "crn"}},
		},
		bankFields("payments go to"),
	),
}
