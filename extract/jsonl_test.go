package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unicode/utf8"
)

// readJSONLines reads text as pensions, the columns learnt or given.
func readJSONLines(t *testing.T, name, text string, columns []string) loaded {
	t.Helper()
	src, err := NewJSONLinesSource(strings.NewReader(text), name, columns)
	if err != nil {
		t.Fatalf("NewJSONLinesSource(%s): %v", name, err)
	}
	return loadSource(t, Pensions, name, src, nil, newMem())
}

func TestJSONLines(t *testing.T) {
	lines := []string{
		`{"reference":"P001","surname":"Smith","forename":"John","dob":"01031950","ni_number":"AB123456C","amount":12345,"widow":false}`, // 1
		`{"reference":"P002","surname":"Ó Briain","forename":"Zoë","dob":null,"amount":"0123"}`,                                          // 2
		``, // 3: blank, skipped
		`{"reference":"P003","surname":"Lee","address":{"line1":"1 High St"}}`, // 4: nested object
		`{"reference":"P004","surname":"Jones"`,                                // 5: cut short
		`[{"reference":"P005"}]`,                                               // 6: not an object
		`{"reference":"P006","surname":"Evans","amount":12345678901}`,          // 7
		`{"reference":"P007","surname":"Khan","surname":"Khan"}`,               // 8: key twice
		`{"reference":"P008","Surname":"Patel"}`,                               // 9: same column, other spelling
		`{"reference":"P009","surname":"Ng"} {"reference":"P009b"}`,            // 10: two objects
		`{"reference":"P010","surname":"O'Neill","amount":01}`,                 // 11: leading zero: not JSON
		`{"reference":"P011","surname":"Wood","tags":["a","b"]}`,               // 12: nested list
		"   \t ", // 13: blank, skipped
		`{"reference":"P012","surname":"Hill","widow":true,"ni_number":"","dob":"1969-12-31"}`, // 14
		`{"reference":"P013","surname":"Hart","Sur name":"Hart"}`,                              // 15: two keys, one column
		`"P014"`, // 16: a string
		`{"reference":"P015","surname":"Ray","amount":1.5e3}`, // 17: a number pence cannot hold
	}
	got := readJSONLines(t, "pensions.jsonl", strings.Join(lines, "\r\n"), nil)
	if got.err != nil {
		t.Fatalf("Err() = %v", got.err)
	}
	checkRejects(t, "pensions.jsonl", got.rejects, []Reject{
		{Line: 4, Reason: `key "address" holds an object or a list: only flat values can be loaded`, Raw: lines[3]},
		{Line: 5, Reason: "invalid JSON: unexpected end of JSON input"},
		{Line: 6, Reason: "line is not a JSON object"},
		{Line: 8, Reason: `key "surname" appears twice`},
		{Line: 10, Reason: "invalid JSON: invalid character after top-level value"},
		{Line: 11, Reason: "invalid JSON: invalid character after object key:value pair"},
		{Line: 12, Reason: `key "tags" holds an object or a list`},
		{Line: 15, Reason: `keys "surname" and "Sur name" are the same column`},
		{Line: 16, Reason: "line is not a JSON object"},
	})
	checkCounts(t, got.stats, 15, 6, 9)
	want := []row{
		{"record_id": "P001", "surname": "SMITH", "forenames": "JOHN", "date_of_birth": epochDays(1950, time.March, 1),
			"ni_number": "AB123456C", "pension_amount": int64(12345), "survivor": false},
		{"record_id": "P002", "surname": "OBRIAIN", "forenames": "ZOE", "pension_amount": int64(123)},
		{"record_id": "P006", "surname": "EVANS", "pension_amount": int64(12345678901)},
		{"record_id": "P008", "surname": "PATEL"},
		{"record_id": "P012", "surname": "HILL", "date_of_birth": epochDays(1969, time.December, 31), "survivor": true},
		{"record_id": "P015", "surname": "RAY"},
	}
	checkRows(t, Pensions, got.rows, want)
	for _, r := range got.rejects {
		if strings.Contains(r.Reason, "'") {
			t.Errorf("reason %q quotes the line", r.Reason)
		}
	}
}

// TestJSONLinesLateKey rejects a row with a key the first 1000 lines did not
// have, and reads the rows after it.
func TestJSONLinesLateKey(t *testing.T) {
	var b strings.Builder
	for i := range jsonLookahead {
		fmt.Fprintf(&b, "{\"reference\":\"P%04d\",\"surname\":\"Smith\"}\n", i)
	}
	b.WriteString(`{"reference":"X1","surname":"Smith","ni_number":"AB123456C"}` + "\n")
	b.WriteString(`{"reference":"X2","surname":"Jones"}` + "\n")
	got := readJSONLines(t, "late.jsonl", b.String(), nil)
	checkRejects(t, "late.jsonl", got.rejects, []Reject{
		{Line: jsonLookahead + 1, Reason: `key "ni_number" is not in the first 1000 lines: name the columns to read it`},
	})
	checkCounts(t, got.stats, jsonLookahead+2, jsonLookahead+1, 1)

	// Named, the column is read, and keys nobody asked for are ignored,
	// nested or not.
	b.WriteString(`{"reference":"X3","surname":"Lee","NI Number":"CE123456A","meta":{"source":"hr"},"tags":[1]}` + "\n")
	got = readJSONLines(t, "late.jsonl", b.String(), []string{"Reference", "Surname", "NI_Number"})
	checkCounts(t, got.stats, jsonLookahead+3, jsonLookahead+3, 0)
	if last := got.rows[len(got.rows)-1]; last["ni_number"] != "CE123456A" || got.rows[jsonLookahead]["ni_number"] != "AB123456C" {
		t.Errorf("ni_number of X1, X3 = %v, %v", got.rows[jsonLookahead]["ni_number"], last["ni_number"])
	}
}

// TestJSONLinesWindows1252 reads names in Windows-1252 after auto-detection.
func TestJSONLinesWindows1252(t *testing.T) {
	text := "{\"reference\":\"P1\",\"surname\":\"\xd3 Briain\",\"forename\":\"Zo\xeb\"}\n"
	r, err := DecodeReader(strings.NewReader(text), "auto")
	if err != nil {
		t.Fatal(err)
	}
	got := readJSONLines(t, "p.jsonl", mustRead(t, r), nil)
	if len(got.rows) != 1 || got.rows[0]["surname_original"] != "Ó Briain" || got.rows[0]["forenames_original"] != "Zoë" {
		t.Errorf("rows %v, want Ó Briain and Zoë", got.rows)
	}
}

func TestJSONLinesLongLine(t *testing.T) {
	text := `{"reference":"P1","surname":"Smith"}` + "\n" +
		`{"reference":"P2","surname":"` + strings.Repeat("x", maxRecordBytes) + `"}` + "\n" +
		`{"reference":"P3","surname":"Lee"}` + "\n"
	got := readJSONLines(t, "p.jsonl", text, nil)
	checkRejects(t, "p.jsonl", got.rejects, []Reject{{Line: 2, Reason: tooLongReason}})
	checkCounts(t, got.stats, 3, 2, 1)
}

func TestJSONLinesOpenErrors(t *testing.T) {
	boom := errors.New("connection reset")
	tests := []struct {
		name    string
		r       io.Reader
		columns []string
		want    string
	}{
		{"empty", strings.NewReader(""), nil, "p.jsonl: empty file: no JSON objects"},
		{"blank lines", strings.NewReader("\n\n  \n"), nil, "p.jsonl: empty file"},
		{"no objects", strings.NewReader("[1]\nnot json\n"), nil, "p.jsonl: no JSON object in the first 2 lines"},
		{"read error", io.MultiReader(strings.NewReader(`{"a":1}`+"\n"), iotest.ErrReader(boom)), nil, "read p.jsonl: connection reset"},
		{"column twice", strings.NewReader(""), []string{"surname", "Surname"}, `p.jsonl: column "Surname" is named twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewJSONLinesSource(tt.r, "p.jsonl", tt.columns)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewJSONLinesSource error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestJSONLinesReadError(t *testing.T) {
	boom := errors.New("connection reset")
	r := io.MultiReader(strings.NewReader(`{"reference":"P1","surname":"Smith"}`+"\n"), iotest.ErrReader(boom))
	src, err := NewJSONLinesSource(r, "p.jsonl", []string{"reference", "surname"})
	if err != nil {
		t.Fatal(err)
	}
	got := loadSource(t, Pensions, "p.jsonl", src, nil, newMem())
	if !errors.Is(got.err, boom) || !strings.Contains(got.err.Error(), "p.jsonl") {
		t.Errorf("Err() = %v, want %v naming p.jsonl", got.err, boom)
	}
}

func TestJSONReason(t *testing.T) {
	tests := []struct{ line, want string }{
		{`{"a":x}`, "invalid JSON: invalid character looking for beginning of value"},
		{`{"a":1,}`, "invalid JSON: invalid character looking for beginning of object key string"},
		{`{"a":'1'}`, "invalid JSON: invalid character looking for beginning of value"},
		{`{"a":"1"` + "\x00", "invalid JSON: invalid character after object key:value pair"},
		{`{"a":"1`, "invalid JSON: unexpected end of JSON input"},
		{`{"a":1} {"b":2}`, "invalid JSON: invalid character after top-level value"},
	}
	for _, tt := range tests {
		if got := parseJSONObject(tt.line).bad; got != tt.want {
			t.Errorf("parseJSONObject(%q).bad = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestParseJSONObject(t *testing.T) {
	tests := []struct {
		line         string
		keys, values string // joined by |
		nested       string
	}{
		{`{}`, "", "", ""},
		{` { "a" : "x" , "b":1 } `, "a|b", "x|1", ""},
		{`{"name":"O\u0027Neill \"Jr\"","tab":"a\tb","slash":"a\/b"}`, "name|tab|slash", `O'Neill "Jr"|a	b|a/b`, ""},
		{`{"k\u00e9y":"v"}`, "kéy", "v", ""},
		{`{"n":-1.5e+3,"z":0,"big":12345678901234567890,"t":true,"f":false,"nil":null}`, "n|z|big|t|f|nil", "-1.5e+3|0|12345678901234567890|Y|N|", ""},
		{`{"a":{"b":"}]\"{","c":[1,{"d":[]}]},"e":"after","l":[],"o":{}}`, "e", "after", "a|l|o"},
		{"{\"raw\":\"Zo\xeb\"}", "raw", "Zo\xeb", ""},
	}
	for _, tt := range tests {
		o := parseJSONObject(tt.line)
		if o.bad != "" || strings.Join(o.keys, "|") != tt.keys || strings.Join(o.values, "|") != tt.values || strings.Join(o.nested, "|") != tt.nested {
			t.Errorf("parseJSONObject(%q) = keys %q values %q nested %q bad %q, want %q %q %q",
				tt.line, o.keys, o.values, o.nested, o.bad, tt.keys, tt.values, tt.nested)
		}
	}
	for _, line := range []string{`{"a":1,"a":2}`, `{"a":{},"a":2}`, `{"a":1,"a":[]}`} {
		if o := parseJSONObject(line); o.bad != `key "a" appears twice` {
			t.Errorf("parseJSONObject(%q).bad = %q, want key \"a\" appears twice", line, o.bad)
		}
	}
}

// FuzzJSONLinesReader checks that any input either fails at open or is read
// to the end without panic, leak or error, every row counted once.
func FuzzJSONLinesReader(f *testing.F) {
	f.Add([]byte(`{"reference":"P1","surname":"Smith","amount":12345,"dob":null}`+"\n"+`{"reference":"P2","surname":{"x":[1]}}`), 2, false)
	f.Add([]byte("{\"reference\":\"P1\",\"surname\":\"Zo\xeb\"}\r\n\n[1]\n{\"a\":01}\n\"x\"\n"), 1, true)
	f.Add([]byte(`{"record_id":"D1","surname":"Lee","date_of_death":"01012025","date_of_death":"x"}`), 3, false)
	f.Fuzz(func(t *testing.T, data []byte, batch int, named bool) {
		batch = 1 + (batch%50+50)%50
		var columns []string
		if named {
			columns = []string{"reference", "record_id", "surname", "dob", "date_of_death", "amount"}
		}
		for _, ds := range []*Dataset{Pensions, Deceased} {
			src, err := NewJSONLinesSource(bytes.NewReader(data), "fuzz.jsonl", columns)
			if err != nil {
				if !strings.Contains(err.Error(), "fuzz.jsonl") {
					t.Errorf("error %v does not name the file", err)
				}
				return
			}
			checkFuzzAccounts(t, src, "fuzz.jsonl", ds, batch, 1)
		}
	})
}

// FuzzParseJSONObject checks the hand walk of a valid line against
// encoding/json's token stream: the same keys, flat values and nested keys.
func FuzzParseJSONObject(f *testing.F) {
	f.Add(`{"a":"x\"y","b":[1,{"c":"]"}],"d":-0.5e-3,"e":true,"f":null,"g":{}}`)
	f.Add(` {"k\u00e9y" : "\ud83d\ude00" } `)
	f.Add(`{"a":1,"a":2}`)
	f.Add(`[1]`)
	f.Fuzz(func(t *testing.T, line string) {
		o := parseJSONObject(line)
		if !json.Valid([]byte(line)) || !utf8.ValidString(line) {
			return
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		tok, _ := dec.Token()
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			if o.bad != "line is not a JSON object" {
				t.Errorf("parseJSONObject(%q).bad = %q, want not an object", line, o.bad)
			}
			return
		}
		var keys, values, nested []string
		seen := map[string]bool{}
		dup := false
		for dec.More() {
			kt, _ := dec.Token()
			key := kt.(string)
			dup = dup || seen[key]
			seen[key] = true
			vt, _ := dec.Token()
			switch v := vt.(type) {
			case json.Delim:
				for depth := 1; depth > 0; {
					tok, err := dec.Token()
					if err != nil {
						t.Fatalf("decode valid %q: %v", line, err)
					}
					if d, ok := tok.(json.Delim); ok {
						if d == '{' || d == '[' {
							depth++
						} else {
							depth--
						}
					}
				}
				nested = append(nested, key)
				continue
			case string:
				values = append(values, v)
			case json.Number:
				values = append(values, v.String())
			case bool:
				values = append(values, map[bool]string{true: "Y", false: "N"}[v])
			case nil:
				values = append(values, "")
			}
			keys = append(keys, key)
		}
		if dup {
			if !strings.HasSuffix(o.bad, "appears twice") {
				t.Errorf("parseJSONObject(%q).bad = %q, want a key twice", line, o.bad)
			}
			return
		}
		if o.bad != "" || !slices.Equal(o.keys, keys) || !slices.Equal(o.values, values) || !slices.Equal(o.nested, nested) {
			t.Errorf("parseJSONObject(%q) = %q %q %q %q, want %q %q %q", line, o.keys, o.values, o.nested, o.bad, keys, values, nested)
		}
	})
}
