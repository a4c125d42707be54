package extract

import "testing"

func TestNormalizeAddressLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"only punctuation", ", . ;", ""},
		{"street after a word", "12 High St", "12 HIGH STREET"},
		{"ST at start is saint", "St Johns Rd", "ST JOHNS ROAD"},
		{"ST after a number is saint", "12 St Johns Rd", "12 ST JOHNS ROAD"},
		{"ST alone", "St", "ST"},
		{"STR", "Mill Str", "MILL STREET"},
		{"comma and full stop", "Flat 3, 12 Mill Rd.", "FLAT 3 12 MILL ROAD"},
		{"apostrophe and stop removed", "St. Mary's Cres", "ST MARYS CRESCENT"},
		{"slash kept", "12/3 Castle Tce", "12/3 CASTLE TERRACE"},
		{"hyphen becomes space", "Queens Gate-Terr", "QUEENS GATE TERRACE"},
		{"extra spaces", "  12   Hawthorn   Way  ", "12 HAWTHORN WAY"},
		{"lower case", "rose ave", "ROSE AVENUE"},
		{"AV", "Rose Av", "ROSE AVENUE"},
		{"close", "Orchard Cl", "ORCHARD CLOSE"},
		{"gardens", "Ashdown Gdns", "ASHDOWN GARDENS"},
		{"drive", "Hill Dr", "HILL DRIVE"},
		{"lane", "Mill Ln", "MILL LANE"},
		{"square", "Market Sq", "MARKET SQUARE"},
		{"court", "Kings Ct", "KINGS COURT"},
		{"flat and park", "Flt 2 Mount Pk", "FLAT 2 MOUNT PARK"},
		{"apartment", "Apt 4", "APARTMENT 4"},
		{"house", "Rose Hse", "ROSE HOUSE"},
		{"parade", "The Pde", "THE PARADE"},
		{"accents folded", "Rue Léon", "RUE LEON"},
		{"compass last word", "Mill Road N", "MILL ROAD N"},
		{"compass last after comma", "1 The Parade, W", "1 THE PARADE W"},
		{"compass S last", "Church Rd S", "CHURCH ROAD S"},
		{"compass first word kept", "N Circular Rd", "N CIRCULAR ROAD"},
		{"compass in the middle kept", "Block E Main St", "BLOCK E MAIN STREET"},
		{"compass only word kept", "E", "E"},
		{"unknown single letter kept", "Flat B", "FLAT B"},
		{"already normal", "12 HIGH STREET", "12 HIGH STREET"},
		{"already expanded compass", "MILL ROAD N", "MILL ROAD N"},
		{"grove GRO", "Ash Gro", "ASH GROVE"},
		{"green", "Village Grn", "VILLAGE GREEN"},
		{"place", "Albion Pl", "ALBION PLACE"},
		{"terrace TER", "Rose Ter", "ROSE TERRACE"},
		{"crescent misspelt", "Park Cresent", "PARK CRESCENT"},
		{"mews", "Stable Mws", "STABLE MEWS"},
		{"cottages", "2 Mill Cotts", "2 MILL COTTAGES"},
		{"industrial estate", "Unit 4 Riverside Ind Est", "UNIT 4 RIVERSIDE INDUSTRIAL ESTATE"},
		{"flat FLT", "Flt 3", "FLAT 3"},
		{"ST after OF is saint", "Church of St Mary", "CHURCH OF ST MARY"},
		{"ST after a street type is saint", "High Street, St Albans", "HIGH STREET ST ALBANS"},
		{"ST after an abbreviated street type is saint", "High Rd St Albans", "HIGH ROAD ST ALBANS"},
		{"ST before a name and street type is saint", "Upper St Johns Rd", "UPPER ST JOHNS ROAD"},
		{"ST before a comma is street", "Church St, Mill Rd", "CHURCH STREET MILL ROAD"},
		{"ST before a town is street", "High St Eastbrook", "HIGH STREET EASTBROOK"},
		{"ST twice", "High St St Albans", "HIGH STREET ST ALBANS"},
		{"Park Street", "Park St", "PARK STREET"},
		{"Grove Street", "Grove St", "GROVE STREET"},
		{"semicolon", "12 High St; Eastbrook", "12 HIGH STREET EASTBROOK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeAddressLine(tt.in); got != tt.want {
				t.Errorf("NormalizeAddressLine(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestNormalizeAddressLineIdempotent checks that normalising a normal form
// changes nothing, for every abbreviation the table knows.
func TestNormalizeAddressLineIdempotent(t *testing.T) {
	for abbr := range streetWords {
		for _, in := range []string{"12 Mill " + abbr, abbr + " Mill", "Flat 1 " + abbr + " 2"} {
			once := NormalizeAddressLine(in)
			if twice := NormalizeAddressLine(once); twice != once {
				t.Errorf("NormalizeAddressLine(%q) = %q, want %q (the normal form of %q)", once, twice, once, in)
			}
		}
	}
}

func TestIsNumber(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", false},
		{"12", false},
		{"12A", false},
		{"12/3", false},
		{"B", false},
		{"HIGH", true},
		{"ST", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isWord(tt.in); got != tt.want {
				t.Errorf("isWord(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
