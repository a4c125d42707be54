package extract

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestSQLText(t *testing.T) {
	bst := time.FixedZone("BST", 3600)
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"NULL", nil, ""},
		{"empty string", "", ""},
		{"string", "O'Brien", "O'Brien"},
		{"accented string", "Zoë Brontë", "Zoë Brontë"},
		{"spaces kept", "  12 High St ", "  12 High St "},
		{"UTF-8 bytes", []byte("Siân"), "Siân"},
		{"empty bytes", []byte{}, ""},
		{"NUMERIC text exact", "12345678901234567890.12", "12345678901234567890.12"},
		{"DECIMAL bytes exact", []byte("1234.5600"), "1234.5600"},
		{"int64", int64(-42), "-42"},
		{"int64 max", int64(math.MaxInt64), "9223372036854775807"},
		{"int32", int32(123456), "123456"},
		{"int16", int16(-7), "-7"},
		{"int8", int8(8), "8"},
		{"int", 1234567, "1234567"},
		{"uint64", uint64(math.MaxUint64), "18446744073709551615"},
		{"uint32", uint32(4000000000), "4000000000"},
		{"float64", 1234.5, "1234.5"},
		{"float64 tenth", 0.1, "0.1"},
		{"float64 large, no exponent", 1e21, "1000000000000000000000"},
		{"float64 small, no exponent", 1.5e-7, "0.00000015"},
		{"float64 negative", -0.25, "-0.25"},
		{"float32 shortest", float32(0.1), "0.1"},
		{"true", true, "Y"},
		{"false", false, "N"},
		{"DATE", time.Date(1950, time.March, 1, 0, 0, 0, 0, time.UTC), "1950-03-01"},
		{"TIMESTAMP drops the time", time.Date(2026, time.September, 30, 23, 59, 59, 999, time.UTC), "2026-09-30"},
		{"before 1970", time.Date(1901, time.December, 31, 0, 0, 0, 0, time.UTC), "1901-12-31"},
		{"zone kept, not moved to UTC", time.Date(1950, time.June, 1, 0, 0, 0, 0, bst), "1950-06-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sqlText(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("sqlText(%#v) = %q, %v, want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestSQLTextErrors(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want error
	}{
		{"Latin-1 bytes", []byte("Zo\xeb"), errNotText},
		{"binary", []byte{0xff, 0x00, 0xfe}, errNotText},
		{"unknown type", struct{}{}, nil},
		{"complex", complex(1, 2), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sqlText(tt.in)
			if err == nil {
				t.Fatalf("sqlText(%#v) = %q, nil, want an error", tt.in, got)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("sqlText(%#v) error = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestTrimDecimal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"12345", "12345"},
		{"1234.56", "1234.56"},
		{"1234.5600", "1234.56"},
		{"1234.5000", "1234.50"},
		{"12.000", "12.00"},
		{"0.50", "0.50"},
		{"0.5", "0.5"},
		{"-3.1400", "-3.14"},
		{"1.2345", "1.2345"},
		{"1.23450", "1.2345"},
		{"100", "100"},
		{"NaN", "NaN"},
	}
	for _, tt := range tests {
		if got := trimDecimal(tt.in); got != tt.want {
			t.Errorf("trimDecimal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
