package batch_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfimatch/nfimatch/batch"
	"github.com/nfimatch/nfimatch/extract"
)

func TestRejectCategory(t *testing.T) {
	for _, tc := range []struct {
		reject extract.Reject
		want   string
	}{
		{extract.Reject{Field: "surname", Reason: "required value is blank"}, "surname: required value is blank"},
		{extract.Reject{Field: "record_id", Reason: "record_id repeats the one on line 12: references must be unique within a file"},
			"record_id repeats the one on line N: references must be unique within a file"},
		{extract.Reject{Reason: "row has 7 fields, header has 6"}, "row has N fields, header has N"},
		{extract.Reject{Reason: `key "Jane Doe" appears twice`}, `key "…" appears twice`},
		{extract.Reject{Field: "ni_number", Reason: "not a valid NI number: prefix never issued"}, "ni_number: not a valid NI number: prefix never issued"},
	} {
		if got := batch.RejectCategory(tc.reject); got != tc.want {
			t.Errorf("RejectCategory(%+v) = %q, want %q", tc.reject, got, tc.want)
		}
	}
}

// The inputs of TestRunProfile: personal values planted in loaded and
// rejected rows, none of which may reach the summary page or the manifest.
const (
	profilePensions = "record_id,surname,forenames,date_of_birth,ni_number,postcode\n" +
		"P1,Quillfeather,Ada,01021941,AB123456C,EB1 1AA\n" +
		"P2,Smith,,,,\n" +
		"P3,,Bartholomew,03031943,,\n" // rejected: no surname
	profileDeceased = "record_id,surname,forenames,date_of_birth,ni_number,date_of_death\n" +
		"D1,Quillfeather,Ada,01021941,AB123456C,05052025\n" +
		"D2,Zanzibarr,,,,31022025\n" + // rejected: no such day
		"D3,Brown,Carl,,,01012025\n" +
		"D1,Ottoline,,,,01012025\n" + // rejected: the reference repeats
		"D4,Wolstenholme,,,,01012025,surplus\n" // rejected: one field too many
)

// TestRunProfile runs a job on small hand-written inputs and checks each
// input's profile against counts worked out from the rows above, its place
// in the manifest, and that the summary page, listed in the manifest with
// its checksum, holds none of the planted personal values.
func TestRunProfile(t *testing.T) {
	path := writeJob(t, goodJob)
	dir := filepath.Dir(path)
	os.WriteFile(filepath.Join(dir, "pensions.csv"), []byte(profilePensions), 0o600)
	os.WriteFile(filepath.Join(dir, "deceased.csv"), []byte(profileDeceased), 0o600)
	job, err := batch.LoadJob(path)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := batch.Run(context.Background(), job, batch.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		present map[string]int64
		rejects map[string]int64
	}{
		"pensions": {
			present: map[string]int64{"record_id": 2, "surname": 2, "forenames": 1, "date_of_birth": 1, "ni_number": 1, "postcode": 1, "title": 0},
			rejects: map[string]int64{"surname: required value is blank": 1},
		},
		"deceased": {
			present: map[string]int64{"record_id": 2, "surname": 2, "forenames": 2, "date_of_birth": 1, "ni_number": 1, "date_of_death": 2, "postcode": 0},
			rejects: map[string]int64{
				"date_of_death: not a date: no such day":                                       1,
				"record_id repeats the one on line N: references must be unique within a file": 1,
				"row has N fields, header has N":                                               1,
			},
		},
	}
	for _, d := range sum.Datasets {
		w := want[d.ID]
		ds, _ := extract.Lookup(d.Stats.Dataset)
		if len(d.Profile.Fields) != len(ds.Fields) {
			t.Fatalf("%s: profile has %d fields, the dataset type %d", d.ID, len(d.Profile.Fields), len(ds.Fields))
		}
		for i, f := range d.Profile.Fields {
			if f.Name != ds.Fields[i].Name {
				t.Errorf("%s: profile field %d is %s, want %s", d.ID, i, f.Name, ds.Fields[i].Name)
			}
			if n, ok := w.present[f.Name]; ok && f.Present != n {
				t.Errorf("%s: %s present in %d loaded rows, want %d", d.ID, f.Name, f.Present, n)
			}
		}
		if len(d.Profile.Rejects) != len(w.rejects) {
			t.Errorf("%s: rejects by reason %v, want %v", d.ID, d.Profile.Rejects, w.rejects)
		}
		for k, n := range w.rejects {
			if d.Profile.Rejects[k] != n {
				t.Errorf("%s: %d rejects %q, want %d (all: %v)", d.ID, d.Profile.Rejects[k], k, n, d.Profile.Rejects)
			}
		}
	}

	data, err := os.ReadFile(sum.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	var m batch.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m.Summary.Path != sum.Page || m.Summary.SHA256 != sha(t, sum.Page) {
		t.Errorf("manifest lists the summary page as %+v, want %s with its checksum", m.Summary, sum.Page)
	}
	for _, in := range m.Inputs {
		var rejected int64
		for _, n := range in.RejectsByReason {
			rejected += n
		}
		if rejected != in.Rejected || len(in.Fields) == 0 || in.Fields[0].Name != "record_id" || in.Fields[0].Present != in.Loaded {
			t.Errorf("manifest input %s: rejects by reason %v (of %d), fields %v", in.ID, in.RejectsByReason, in.Rejected, in.Fields)
		}
	}

	page, err := os.ReadFile(sum.Page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "<svg") || !strings.Contains(string(page), "row has N fields, header has N") {
		t.Error("the summary page lacks its charts or the rejects by reason")
	}
	for _, text := range []string{string(page), string(data)} {
		upper := strings.ToUpper(text)
		for _, v := range []string{"Quillfeather", "Bartholomew", "Zanzibarr", "Ottoline", "Wolstenholme", "AB123456C", "AB 12 34 56 C",
			"01021941", "01/02/1941", "1941-02-01", "03031943", "31022025", "surplus"} {
			if strings.Contains(upper, strings.ToUpper(v)) {
				t.Errorf("%q found in the summary page or manifest", v)
			}
		}
	}
}
