package extract

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// people is a test dataset with the derived fields; it is not registered.
var people = &Dataset{
	Type: "people_test",
	Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true},
		{Name: "forenames", Kind: KindName},
		{Name: "surname", Kind: KindName, Required: true},
		{Name: SuffixField, Kind: KindCode, Aliases: []string{"suffix"}},
		{Name: "address_1", Kind: KindAddress},
		{Name: "address_2", Kind: KindAddress},
		{Name: FlatField, Kind: KindCode},
		{Name: HouseNumberField, Kind: KindCode},
	},
}

func TestReaderDerivesFields(t *testing.T) {
	in := "record_id,forenames,surname,address_1,address_2\n" +
		"A1,John,Smith Jnr,\"Flat 3, 12 High St\",Eastbrook\n" +
		"A2,John Jnr,Smith,Ground Floor Flat,12 High St\n" +
		"A3,John,Junior,3/12 High St,\n" +
		"A4,John III,Smith Jr.,12A Mill Rd,\n" +
		"A5,John Jr,Smith Jr,Apartment 4 The Maltings,\n" +
		"A6,Ann,Lee,,\n" +
		"A7,Ann,Smith-Jones II,Rose Cottage,PO Box 12\n"
	got := load(t, people, "people.csv", in, DelimitedConfig{})
	if got.err != nil || len(got.rejects) != 0 {
		t.Fatalf("Err() = %v, rejects %v, want nil and none", got.err, got.rejects)
	}
	checkCounts(t, got.stats, 7, 7, 0)
	if len(got.stats.Warnings) != 0 {
		t.Errorf("Stats.Warnings = %v, want none: deriving is not a repair", got.stats.Warnings)
	}
	checkRows(t, people, got.rows, []row{
		{"record_id": "A1", "forenames": "JOHN", "surname": "SMITH", SuffixField: "JR",
			"address_1": "FLAT 3 12 HIGH STREET", "address_2": "EASTBROOK", FlatField: "3", HouseNumberField: "12"},
		{"record_id": "A2", "forenames": "JOHN", "surname": "SMITH", SuffixField: "JR",
			"address_1": "GROUND FLOOR FLAT", "address_2": "12 HIGH STREET", FlatField: "GROUND FLOOR FLAT", HouseNumberField: "12"},
		{"record_id": "A3", "forenames": "JOHN", "surname": "JUNIOR",
			"address_1": "3/12 HIGH STREET", FlatField: "3", HouseNumberField: "12"},
		{"record_id": "A4", "forenames": "JOHN III", "surname": "SMITH", SuffixField: "JR",
			"address_1": "12A MILL ROAD", HouseNumberField: "12A"},
		{"record_id": "A5", "forenames": "JOHN", "surname": "SMITH", SuffixField: "JR",
			"address_1": "APARTMENT 4 THE MALTINGS", FlatField: "4"},
		{"record_id": "A6", "forenames": "ANN", "surname": "LEE"},
		{"record_id": "A7", "forenames": "ANN", "surname": "SMITH JONES", SuffixField: "II",
			"address_1": "ROSE COTTAGE", "address_2": "PO BOX 12"},
	})
	// The name as supplied keeps its suffix; derived fields have no
	// original, since the file did not supply them.
	for i, want := range []string{"Smith Jnr", "Smith", "Junior", "Smith Jr.", "Smith Jr", "Lee", "Smith-Jones II"} {
		r := got.rows[i]
		if g := r["surname_original"]; g != want {
			t.Errorf("%s: surname_original = %#v, want %q", r["record_id"], g, want)
		}
		for _, f := range []string{SuffixField, FlatField, HouseNumberField} {
			if g := r[f+OriginalSuffix]; g != nil {
				t.Errorf("%s: %s%s = %#v, want NULL", r["record_id"], f, OriginalSuffix, g)
			}
		}
	}
	if g := got.rows[1]["forenames_original"]; g != "John Jnr" {
		t.Errorf("A2: forenames_original = %#v, want %q", g, "John Jnr")
	}
}

// TestReaderDerivesOnlyMissingFields checks that a field the file has, or
// a mapping's constant gives, is read and not derived, and that the fields
// it would be derived from are left alone.
func TestReaderDerivesOnlyMissingFields(t *testing.T) {
	in := "record_id,forenames,surname,suffix,address_1,flat\n" +
		"A1,John,Smith Jnr,,\"Flat 3, 12 High St\",\n" +
		"A2,John,Smith,Snr,Flat 3 12 High St,Flat 9\n"
	got := load(t, people, "people.csv", in, DelimitedConfig{})
	checkRows(t, people, got.rows, []row{
		{"record_id": "A1", "forenames": "JOHN", "surname": "SMITH JNR", "address_1": "FLAT 3 12 HIGH STREET", HouseNumberField: "12"},
		{"record_id": "A2", "forenames": "JOHN", "surname": "SMITH", SuffixField: "SNR",
			"address_1": "FLAT 3 12 HIGH STREET", FlatField: "9", HouseNumberField: "12"}, // "Flat 9" read as a derived flat is
	})

	m := &Mapping{Constants: map[string]string{HouseNumberField: "1"}}
	rr, err := NewMappedDelimitedReader(context.Background(), strings.NewReader("record_id,surname,address_1\nA1,Lee,7 Mill Rd\n"),
		"c.csv", people, testBody, m, DelimitedConfig{BatchSize: 10, Dates: pivot2026}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	if !rr.Next() {
		t.Fatalf("Next() = false, Err() = %v", rr.Err())
	}
	rows := rowsOf(t, rr.Record())
	if g := rows[0][HouseNumberField]; g != "1" {
		t.Errorf("house_number with a constant = %#v, want the constant %q", g, "1")
	}
}

func TestPlanDerived(t *testing.T) {
	ds := &Dataset{Type: "plan_test", Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true},
		{Name: HouseNumberField, Kind: KindInt}, // a number: not derived
		{Name: "surname", Kind: KindName},
		{Name: SuffixField, Kind: KindCode},
		{Name: FlatField, Kind: KindCode},
	}}
	rr, err := NewDelimitedReader(context.Background(), bytes.NewReader([]byte("record_id,surname\n")), "p.csv", ds, testBody,
		DelimitedConfig{BatchSize: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	dv := rr.derived
	if dv.suffix != 3 || len(dv.suffixFrom) != 1 || dv.suffixFrom[0] != 2 {
		t.Errorf("suffix %d from %v, want 3 from [2]", dv.suffix, dv.suffixFrom)
	}
	if dv.flat != -1 || dv.number != -1 {
		t.Errorf("flat %d, number %d, want -1, -1: no address lines, and an Int house number", dv.flat, dv.number)
	}
	// The surname is tried first whatever the order of the fields.
	order := &Dataset{Type: "order_test", Fields: []Field{
		{Name: "record_id", Kind: KindID, Required: true},
		{Name: "forenames", Kind: KindName},
		{Name: SuffixField, Kind: KindCode},
		{Name: "surname", Kind: KindName},
	}}
	rr2, err := NewDelimitedReader(context.Background(), strings.NewReader("record_id,forenames,surname\nA,John Snr,Smith Jnr\n"), "o.csv", order, testBody,
		DelimitedConfig{BatchSize: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr2.Release()
	if !rr2.Next() {
		t.Fatalf("Next() = false, Err() = %v", rr2.Err())
	}
	r := rowsOf(t, rr2.Record())[0]
	if r[SuffixField] != "JR" || r["surname"] != "SMITH" || r["forenames"] != "JOHN SNR" {
		t.Errorf("row %v, want the surname's suffix JR, forenames left as JOHN SNR", r)
	}
}
