package extract

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
)

func TestHeaderKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"spaces", "Date of Birth", "dateofbirth"},
		{"underscores", "date_of_birth", "dateofbirth"},
		{"hyphens and capitals", "DATE-OF-BIRTH", "dateofbirth"},
		{"full stops", "N.I. No.", "nino"},
		{"digits kept", "Address Line 1", "addressline1"},
		{"byte order mark", "\ufeffRecord_ID", "recordid"},
		{"padded", "  Surname ", "surname"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headerKey(tt.in); got != tt.want {
				t.Errorf("headerKey(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestHeaderKeysUnique checks that no header name is claimed by two fields
// of one dataset, which would silently send a column to the wrong field.
func TestHeaderKeysUnique(t *testing.T) {
	for _, name := range Types() {
		ds, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}
		owner := map[string]string{headerKey(BodyField): BodyField}
		for _, f := range ds.Fields {
			for _, h := range append([]string{f.Name}, f.Aliases...) {
				k := headerKey(h)
				if prev, ok := owner[k]; ok && prev != f.Name {
					t.Errorf("%s: header %q (key %q) names both %s and %s", name, h, k, prev, f.Name)
				}
				owner[k] = f.Name
			}
		}
	}
}

func TestMapHeaderAliases(t *testing.T) {
	text := "Pension Number,Salutation,First Name,Initials,Last Name,D.O.B.,NI No,Addr1,Post Code,Gross Pension,Pay Frequency,Date of Last Payment,Start Date,Notes\n" +
		"P7,Mister,Ann,J,Lee,02/03/1951,AB123456C,1 Mill Rd,EB3 4QT,100,W,01/01/2026,01/01/2011,ignored\n"
	got := load(t, Pensions, "p.csv", text, DelimitedConfig{})
	checkRows(t, Pensions, got.rows, []row{{
		"record_id": "P7", "title": "MR", "forenames": "ANN", "middle_names": "J", "surname": "LEE",
		"date_of_birth": epochDays(1951, time.March, 2), "ni_number": "AB123456C", "address_1": "1 MILL ROAD", "house_number": "1",
		"postcode": "EB3 4QT", "pension_amount": int64(100), "payment_frequency": Weekly,
		"date_last_paid": epochDays(2026, time.January, 1), "pension_start_date": epochDays(2011, time.January, 1),
	}})
}

func TestMapHeaderColumns(t *testing.T) {
	header := []string{"Notes", "DOB", "Last Name", "Reference"}
	plan, err := planFields("p.csv", Pensions, header, nil)
	if err != nil {
		t.Fatal(err)
	}
	cols := make([]int, len(plan))
	for i, p := range plan {
		cols[i] = p.col
	}
	want := make([]int, len(Pensions.Fields))
	for i := range want {
		want[i] = -1
	}
	for name, col := range map[string]int{"record_id": 3, "surname": 2, "date_of_birth": 1} {
		for i, f := range Pensions.Fields {
			if f.Name == name {
				want[i] = col
			}
		}
	}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("planFields(%q) = %v, want %v", header, cols, want)
	}
}

func TestMapHeaderErrors(t *testing.T) {
	tests := []struct {
		name    string
		ds      *Dataset
		header  string
		missing bool     // the error wraps ErrMissingColumn
		want    []string // every fragment must appear in the error
	}{
		{"no surname", Pensions, "record_id,forenames\n", true, []string{"in.csv", "pensions surname", "last name"}},
		{"no record id", Deceased, "surname,date_of_death\n", true, []string{"in.csv", "deceased record_id", "dwp reference"}},
		{"no date of death", Deceased, "record_id,surname,date_of_birth\n", true, []string{"in.csv", "deceased date_of_death", "dod"}},
		{"only unknown columns", Pensions, "colour,size\n", true, []string{"in.csv", "record_id"}},
		{"two columns for surname", Pensions, "record_id,Surname,Last Name\n", false,
			[]string{"in.csv", `"Surname"`, `"Last Name"`, "field surname"}},
		{"same alias twice", Deceased, "DOD,record_id,surname,dod\n", false, []string{"in.csv", `"DOD"`, `"dod"`, "date_of_death"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr, err := NewDelimitedReader(context.Background(), strings.NewReader(tt.header), "in.csv", tt.ds, testBody,
				DelimitedConfig{BatchSize: 1}, nil)
			if err == nil {
				rr.Release()
				t.Fatal("NewDelimitedReader succeeded, want an error")
			}
			if errors.Is(err, ErrMissingColumn) != tt.missing {
				t.Errorf("errors.Is(%v, ErrMissingColumn) = %v, want %v", err, !tt.missing, tt.missing)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLookup(t *testing.T) {
	want := []string{
		"blue_badges", "concessionary_passes", "council_tax", "council_tax_reduction", "creditors_history",
		"creditors_standing", "deceased", "electoral_register", "housing_tenants", "housing_waiting_list",
		"licences", "payroll", "pensions", "pensions_deferred", "pensions_gratuity", "person", "personal_budgets",
		"resident_parking_permits", "residential_care", "right_to_buy",
	}
	if got := Types(); !reflect.DeepEqual(got, want) {
		t.Errorf("Types() = %q, want %q", got, want)
	}
	for _, name := range want {
		ds, err := Lookup(name)
		if err != nil || ds.Type != name {
			t.Errorf("Lookup(%q) = %v, %v, want the %s dataset", name, ds, err, name)
		}
	}
	if _, err := Lookup("benefits"); !errors.Is(err, ErrUnknownDataset) || !strings.Contains(err.Error(), "deceased") ||
		!strings.Contains(err.Error(), "right_to_buy") {
		t.Errorf("Lookup(%q) error = %v, want ErrUnknownDataset listing the known types", "benefits", err)
	}
}

func TestDatasetSchema(t *testing.T) {
	s := Deceased.Schema()
	// body, 17 fields, then the originals of all but record_id. The fields
	// added to every person record (name_suffix, uprn, flat, house_number)
	// come after postcode, so the identity and address fields keep their
	// columns.
	if s.NumFields() != 1+17+16 || s.Field(0).Name != BodyField || s.Field(1).Name != "record_id" ||
		s.Field(12).Name != "postcode" || s.Field(13).Name != "name_suffix" || s.Field(14).Name != "uprn" ||
		s.Field(15).Name != "flat" || s.Field(16).Name != "house_number" ||
		s.Field(17).Name != "date_of_death" || s.Field(18).Name != "title_original" || s.Field(33).Name != "date_of_death_original" {
		t.Fatalf("Deceased.Schema() = %v, want body, 17 fields, 16 originals", s)
	}
	if v, ok := s.Metadata().GetValue("nfimatch.dataset"); !ok || v != "deceased" {
		t.Errorf("schema metadata nfimatch.dataset = %q, %v, want deceased", v, ok)
	}
	tests := []struct {
		field    string
		typ      arrow.DataType
		nullable bool
	}{
		{"record_id", arrow.BinaryTypes.String, false},
		{"surname", arrow.BinaryTypes.String, false},
		{"forenames", arrow.BinaryTypes.String, true},
		{"date_of_birth", arrow.FixedWidthTypes.Date32, true},
		{"date_of_death", arrow.FixedWidthTypes.Date32, false},
		{"ni_number", arrow.BinaryTypes.String, true},
		{"name_suffix", arrow.BinaryTypes.String, true},
		{"uprn", arrow.BinaryTypes.String, true},
		{"flat", arrow.BinaryTypes.String, true},
		{"house_number", arrow.BinaryTypes.String, true},
		{"surname_original", arrow.BinaryTypes.String, true},
		{"date_of_death_original", arrow.BinaryTypes.String, true},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			idx := s.FieldIndices(tt.field)
			if len(idx) != 1 {
				t.Fatalf("schema has %d fields called %s, want 1", len(idx), tt.field)
			}
			f := s.Field(idx[0])
			if !arrow.TypeEqual(f.Type, tt.typ) || f.Nullable != tt.nullable {
				t.Errorf("field %s: type %v nullable %v, want %v nullable %v", tt.field, f.Type, f.Nullable, tt.typ, tt.nullable)
			}
		})
	}
	if f, ok := Pensions.Field("pension_amount"); !ok || !arrow.TypeEqual(f.Kind.ArrowType(), arrow.PrimitiveTypes.Int64) {
		t.Errorf("Pensions.Field(pension_amount) = %+v, %v, want an int64 field", f, ok)
	}
	if f, ok := Pensions.Field(BodyField); !ok || !f.Required || f.Kind != KindID {
		t.Errorf("Pensions.Field(%q) = %+v, %v, want a required ID field", BodyField, f, ok)
	}
	if _, ok := Pensions.Field("date_of_death"); ok {
		t.Error("Pensions.Field(date_of_death) found, want false")
	}
}
