package extract

import (
	"fmt"
	"sort"

	"github.com/apache/arrow/go/v17/arrow"
)

// Kind says how a field's raw text is parsed and normalised, and which Arrow
// type holds it.
type Kind int

const (
	KindID        Kind = iota // a reference, trimmed, kept as given: utf8
	KindText                  // free text, trimmed, spaces collapsed: utf8
	KindName                  // a personal name, see NormalizeName: utf8
	KindTitle                 // a title such as MR or DR, see NormalizeTitle: utf8
	KindAddress               // one address line, see NormalizeAddressLine: utf8
	KindPostcode              // a UK postcode in standard form, see NormalizePostcode: utf8
	KindNINO                  // a National Insurance number, see NormalizeNINO: utf8
	KindDate                  // a calendar date, see ParseDate: date32
	KindMoney                 // an amount in whole pence, see ParseMoney: int64
	KindFrequency             // a payment frequency code, see NormalizeFrequency: utf8
	KindSortCode              // a bank sort code as six digits, see NormalizeSortCode: utf8
	KindAccount               // a bank account number as eight digits, see NormalizeAccount: utf8
	KindFlag                  // a yes/no flag, see ParseFlag: bool
	KindCode                  // a code from a lookup table, upper case: utf8
	KindInt                   // a whole number, such as hours x100: int64
	KindUPRN                  // a Unique Property Reference Number, see NormalizeUPRN: utf8
	KindEmail                 // an email address, lower case: utf8
	KindPhone                 // a telephone number, digits only, see NormalizePhone: utf8
	KindSex                   // M, F or X, see NormalizeSex: utf8
	KindVAT                   // a UK VAT registration number, see NormalizeVAT: utf8
)

// kindNames name the kinds in documentation.
var kindNames = [...]string{
	KindID: "reference", KindText: "text", KindName: "name", KindTitle: "title",
	KindAddress: "address line", KindPostcode: "postcode", KindNINO: "NI number",
	KindDate: "date", KindMoney: "money (pence)", KindFrequency: "frequency",
	KindSortCode: "sort code", KindAccount: "bank account", KindFlag: "flag (Y/N)",
	KindCode: "code", KindInt: "whole number", KindUPRN: "UPRN", KindEmail: "email",
	KindPhone: "phone", KindSex: "sex", KindVAT: "VAT number",
}

// String names the kind as the documentation does.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// KeepsOriginal reports whether a field of kind k has its value as supplied
// kept beside the normalised one, in a column named with OriginalSuffix.
// References and free text are kept as given, so need no second copy.
func (k Kind) KeepsOriginal() bool { return k != KindID && k != KindText }

// OriginalSuffix ends the name of the column that keeps a field's value as
// supplied: surname_original beside surname.
const OriginalSuffix = "_original"

// ArrowType returns the Arrow type that holds values of kind k.
func (k Kind) ArrowType() arrow.DataType {
	switch k {
	case KindDate:
		return arrow.FixedWidthTypes.Date32
	case KindMoney, KindInt:
		return arrow.PrimitiveTypes.Int64
	case KindFlag:
		return arrow.FixedWidthTypes.Boolean
	default:
		return arrow.BinaryTypes.String
	}
}

// Field is one column of a canonical dataset schema.
type Field struct {
	Name     string   // canonical name, lower_snake_case
	Kind     Kind     // how the value is parsed and stored
	Required bool     // a row without a valid value is rejected
	Doc      string   // what the field means, for users
	Aliases  []string // header names recognised besides Name
}

// Dataset is a canonical dataset type. Its Arrow schema is BodyField followed
// by Fields in order.
type Dataset struct {
	Type   string
	Doc    string
	Fields []Field
}

// BodyField is the name of the column that holds the supplying body, taken
// from the job rather than from the file.
const BodyField = "body"

// Field returns the field called name, or false.
func (d *Dataset) Field(name string) (Field, bool) {
	for _, f := range d.Fields {
		if f.Name == name {
			return f, true
		}
	}
	if name == BodyField {
		return Field{Name: BodyField, Kind: KindID, Required: true, Doc: "the body that supplied the record"}, true
	}
	return Field{}, false
}

// Schema returns the Arrow schema of the dataset's record batches: BodyField,
// then Fields in order, then the original value of each field that keeps one
// (see Kind.KeepsOriginal), in the same order.
func (d *Dataset) Schema() *arrow.Schema {
	fields := make([]arrow.Field, 0, 2*len(d.Fields)+1)
	fields = append(fields, arrow.Field{Name: BodyField, Type: arrow.BinaryTypes.String})
	for _, f := range d.Fields {
		fields = append(fields, arrow.Field{Name: f.Name, Type: f.Kind.ArrowType(), Nullable: !f.Required})
	}
	for _, f := range d.Fields {
		if f.Kind.KeepsOriginal() {
			fields = append(fields, arrow.Field{Name: f.Name + OriginalSuffix, Type: arrow.BinaryTypes.String, Nullable: true})
		}
	}
	md := arrow.NewMetadata([]string{"nfimatch.dataset"}, []string{d.Type})
	return arrow.NewSchema(fields, &md)
}

var registry = map[string]*Dataset{}

func register(d *Dataset) {
	if _, dup := registry[d.Type]; dup {
		panic("extract: dataset registered twice: " + d.Type)
	}
	registry[d.Type] = d
}

// Lookup returns the dataset type called name.
func Lookup(name string) (*Dataset, error) {
	d, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (known: %v)", ErrUnknownDataset, name, Types())
	}
	return d, nil
}

// Types lists the registered dataset types in name order.
func Types() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
