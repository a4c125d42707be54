package extract

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// encodeEBCDIC writes s in an EBCDIC code page, with NL (0x15) for "\n" as
// mainframes end records. It fails on a character the page does not have.
func encodeEBCDIC(t testing.TB, table *ebcdicTable, s string) []byte {
	t.Helper()
	inverse := map[rune]byte{}
	for b, r := range table {
		if _, dup := inverse[r]; !dup {
			inverse[r] = byte(b)
		}
	}
	inverse['\n'] = 0x15
	var out []byte
	for _, r := range s {
		b, ok := inverse[r]
		if !ok {
			t.Fatalf("encodeEBCDIC: %q has no byte", r)
		}
		out = append(out, b)
	}
	return out
}

// decodeAll decodes b from encoding, failing the test on any error.
func decodeAll(t *testing.T, b []byte, encoding string) string {
	t.Helper()
	r, err := DecodeReader(bytes.NewReader(b), encoding)
	if err != nil {
		t.Fatalf("DecodeReader(%q): %v", encoding, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", encoding, err)
	}
	return string(out)
}

// TestEBCDICBytes checks the bytes of the characters that differ between
// code pages 037 and 285, and of letters and digits, against IBM's
// published tables.
func TestEBCDICBytes(t *testing.T) {
	tests := []struct {
		char     rune
		cp037    byte
		cp285    byte
		whatItIs string
	}{
		{'£', 0xb1, 0x5b, "pound sign"},
		{'$', 0x5b, 0x4a, "dollar sign"},
		{'¢', 0x4a, 0xb0, "cent sign"},
		{'[', 0xba, 0xb1, "left bracket"},
		{']', 0xbb, 0xbb, "right bracket"},
		{'^', 0xb0, 0xba, "circumflex"},
		{'~', 0xa1, 0xbc, "tilde"},
		{'¯', 0xbc, 0xa1, "macron"},
		{'¬', 0x5f, 0x5f, "not sign"},
		{'¦', 0x6a, 0x6a, "broken bar"},
		{'|', 0x4f, 0x4f, "vertical bar"},
		{'#', 0x7b, 0x7b, "number sign"},
		{'@', 0x7c, 0x7c, "at sign"},
		{' ', 0x40, 0x40, "space"},
		{'A', 0xc1, 0xc1, "A"},
		{'J', 0xd1, 0xd1, "J"},
		{'S', 0xe2, 0xe2, "S"},
		{'Z', 0xe9, 0xe9, "Z"},
		{'a', 0x81, 0x81, "a"},
		{'z', 0xa9, 0xa9, "z"},
		{'0', 0xf0, 0xf0, "0"},
		{'9', 0xf9, 0xf9, "9"},
		{'ë', 0x53, 0x53, "e with diaeresis"},
		{'Ó', 0xee, 0xee, "O with acute"},
	}
	for _, tt := range tests {
		if got := ebcdic037[tt.cp037]; got != tt.char {
			t.Errorf("code page 037 byte %#02x = %q, want %q (%s)", tt.cp037, got, tt.char, tt.whatItIs)
		}
		if got := ebcdic285[tt.cp285]; got != tt.char {
			t.Errorf("code page 285 byte %#02x = %q, want %q (%s)", tt.cp285, got, tt.char, tt.whatItIs)
		}
	}
	for b := range 256 {
		if _, differs := cp285Differences[byte(b)]; !differs && ebcdic285[b] != ebcdic037[b] {
			t.Errorf("byte %#02x: 285 has %q, 037 %q, want the same", b, ebcdic285[b], ebcdic037[b])
		}
	}
}

// TestEBCDICTablesAreOneToOne checks that every byte but the two line ends
// has a character of its own, so that encoding and decoding round-trip.
func TestEBCDICTablesAreOneToOne(t *testing.T) {
	for name, table := range map[string]*ebcdicTable{"037": &ebcdic037, "285": &ebcdic285} {
		seen := map[rune]int{}
		for b, r := range table {
			if prev, dup := seen[r]; dup && r != '\n' {
				t.Errorf("code page %s: bytes %#02x and %#02x both decode to %q", name, prev, b, r)
			}
			seen[r] = b
		}
		if table[0x15] != '\n' || table[0x25] != '\n' {
			t.Errorf("code page %s: NL and LF decode to %q and %q, want both \"\\n\"", name, table[0x15], table[0x25])
		}
		if len(seen) != 255 {
			t.Errorf("code page %s decodes to %d characters, want 255", name, len(seen))
		}
	}
}

func TestDecodeReaderEBCDICRoundTrip(t *testing.T) {
	text := "£12.50 $3 [A] ^ ¬ ¦ ¢ ~ ¯ @#|\nABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789\nZoë Ó Briain, 12 High St\n"
	for _, tt := range []struct {
		encoding string
		table    *ebcdicTable
	}{{"ebcdic-285", &ebcdic285}, {"ebcdic-037", &ebcdic037}, {"CP285", &ebcdic285}, {"IBM037", &ebcdic037}} {
		if got := decodeAll(t, encodeEBCDIC(t, tt.table, text), tt.encoding); got != text {
			t.Errorf("%s: decode(encode(%q)) = %q", tt.encoding, text, got)
		}
	}
	// The same bytes read as the other page swap the UK characters.
	b := encodeEBCDIC(t, &ebcdic285, "£$[^")
	if got, want := decodeAll(t, b, "ebcdic-037"), "$¢£["; got != want {
		t.Errorf("285 %q read as 037 = %q, want %q", "£$[^", got, want)
	}
}

func TestDecodeReaderEBCDICLineEnds(t *testing.T) {
	b := []byte{0xc1, 0x15, 0xc2, 0x25, 0xc3, 0x0d, 0x25, 0xc4}
	if got, want := decodeAll(t, b, "ebcdic-285"), "A\nB\nC\r\nD"; got != want {
		t.Errorf("decode %x = %q, want %q", b, got, want)
	}
}

// TestEBCDICDecoderShortDst checks that the decoder stops before a
// character that does not fit, and goes on from there.
func TestEBCDICDecoderShortDst(t *testing.T) {
	src := []byte{0xc1, 0x5b, 0xc2} // A£B in 285
	dst := make([]byte, 2)
	nDst, nSrc, err := ebcdicDecoder{&ebcdic285}.Transform(dst, src, true)
	if nDst != 1 || nSrc != 1 || !errors.Is(err, transform.ErrShortDst) {
		t.Errorf("Transform(2-byte dst, A£B) = %d, %d, %v, want 1, 1, ErrShortDst", nDst, nSrc, err)
	}
	r, err := DecodeReader(iotest.OneByteReader(bytes.NewReader(src)), "ebcdic-285")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(iotest.OneByteReader(r)); string(got) != "A£B" || err != nil {
		t.Errorf("read one byte at a time = %q, %v, want \"A£B\"", got, err)
	}
}

func TestDecodeReaderSingleByte(t *testing.T) {
	tests := []struct {
		name, encoding string
		in             []byte
		want           string
	}{
		{"windows-1252 diaeresis", "windows-1252", []byte("Zo\xeb"), "Zoë"},
		{"windows-1252 acute", "Windows-1252", []byte("\xd3 Briain"), "Ó Briain"},
		{"windows-1252 curly apostrophe and euro", "cp1252", []byte("O\x92Neill \x80"), "O’Neill €"},
		{"windows-1252 pound", "windows-1252", []byte("\xa312"), "£12"},
		{"latin-1 pound", "latin-1", []byte("\xa312"), "£12"},
		{"latin-1 C1 control", "ISO-8859-1", []byte("a\x92b"), "a\u0092b"},
		{"utf-8 drops a BOM", "utf-8", []byte("\ufeffZoë"), "Zoë"},
		{"utf-8 keeps a BOM later", "utf8", []byte("a\ufeffb"), "a\ufeffb"},
		{"utf-8 passes invalid bytes", "UTF_8", []byte("Zo\xeb"), "Zo\xeb"},
		{"utf-16 little-endian", "utf-16", []byte("\xff\xfeZ\x00o\x00\xeb\x00"), "Zoë"},
		{"utf-16 big-endian", "utf-16", []byte("\xfe\xff\x00Z\x00o\x00\xeb"), "Zoë"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeAll(t, tt.in, tt.encoding); got != tt.want {
				t.Errorf("decode %q from %s = %q, want %q", tt.in, tt.encoding, got, tt.want)
			}
		})
	}
}

func TestDecodeReaderAuto(t *testing.T) {
	ascii := strings.Repeat("a", detectPrefix-1)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty", "", ""},
		{"ascii", "Smith,John\n", "Smith,John\n"},
		{"utf-8 accents", "Zoë,Ó Briain\n", "Zoë,Ó Briain\n"},
		{"utf-8 BOM", "\ufeffZoë", "Zoë"},
		{"utf-8 BOM before windows-1252", "\ufeffZo\xeb", "Zoë"},
		{"windows-1252", "Zo\xeb,\xd3 Briain\n", "Zoë,Ó Briain\n"},
		{"windows-1252 after UTF-8 lookalike", "é,Zo\xeb", "Ã©,Zoë"},
		{"utf-16 BOM", "\xff\xfeZ\x00o\x00\xeb\x00", "Zoë"},
		{"utf-8 character across the prefix end", ascii + "é" + "x", ascii + "é" + "x"},
		{"windows-1252 past the prefix is passed through", ascii + "a" + "Zo\xeb", ascii + "a" + "Zo\xeb"},
		{"truncated UTF-8 at the end of the file", "Zo\xc3", "Zo\u00c3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, enc := range []string{"", "auto", "AUTO"} {
				if got := decodeAll(t, []byte(tt.in), enc); got != tt.want {
					t.Errorf("DecodeReader(%q) read %.40q... (%d bytes), want %.40q... (%d bytes)", enc, got, len(got), tt.want, len(tt.want))
				}
			}
		})
	}
}

func TestDecodeReaderAutoReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r, err := DecodeReader(iotest.ErrReader(boom), "auto")
	if err != nil {
		t.Fatalf("DecodeReader: %v, want no error before reading", err)
	}
	if _, err := io.ReadAll(r); !errors.Is(err, boom) {
		t.Errorf("read = %v, want %v", err, boom)
	}
}

func TestDecodeReaderUnknown(t *testing.T) {
	for _, name := range []string{"ebcdic", "utf-32", "cp500", "windows-1250"} {
		_, err := DecodeReader(strings.NewReader("x"), name)
		if !errors.Is(err, ErrUnknownEncoding) {
			t.Errorf("DecodeReader(%q) error = %v, want ErrUnknownEncoding", name, err)
			continue
		}
		for _, known := range Encodings {
			if !strings.Contains(err.Error(), known) {
				t.Errorf("DecodeReader(%q) error %q does not list %s", name, err, known)
			}
		}
	}
}

// FuzzDecodeReader checks that every decoder yields valid UTF-8 from any
// bytes (utf-8 itself passes bytes through, and auto past its prefix), that
// EBCDIC decoding is undone by encoding, NL and LF aside, and that a
// delimited file read through the auto and EBCDIC decoders accounts for
// every row: Read == Loaded + Rejected.
func FuzzDecodeReader(f *testing.F) {
	f.Add([]byte("Zo\xeb \xd3 Briain\n"))
	f.Add([]byte("\xff\xfeZ\x00"))
	f.Add([]byte{0xc1, 0x5b, 0x15, 0x25, 0x4a, 0xff})
	f.Add([]byte("\ufeffplain"))
	f.Add([]byte("record_id,surname,address_1\nP1,Zo\xeb,\xa312 High St\nP2,\xd3 Briain,\"x\n"))
	f.Add(encodeEBCDIC(f, &ebcdic285, "record_id|surname|address_1\nP1|Smith|Flat £2\nP2||[x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, enc := range []string{"auto", "ebcdic-285"} {
			r, err := DecodeReader(bytes.NewReader(data), enc)
			if err != nil {
				t.Fatal(err)
			}
			if src, err := NewDelimitedSource(r, "fuzz.csv", 0, nil); err == nil {
				checkFuzzAccounts(t, src, "fuzz.csv", Pensions, 2, 2)
			}
		}
		for _, enc := range Encodings {
			r, err := DecodeReader(bytes.NewReader(data), enc)
			if err != nil {
				t.Fatalf("DecodeReader(%q): %v", enc, err)
			}
			out, err := io.ReadAll(r)
			if err != nil {
				t.Fatalf("read %s: %v", enc, err)
			}
			// utf-8 passes bytes through, and so does utf-16 after a UTF-8
			// byte order mark; auto looks at the first detectPrefix bytes.
			mustBeValid := enc != "utf-8" && enc != "utf-16" && (enc != "auto" || len(data) <= detectPrefix)
			if mustBeValid && !utf8.Valid(out) {
				t.Errorf("%s decoded %q to invalid UTF-8 %q", enc, data, out)
			}
		}
		for _, table := range []*ebcdicTable{&ebcdic037, &ebcdic285} {
			var s strings.Builder
			for _, b := range data {
				s.WriteRune(table[b])
			}
			back := encodeEBCDIC(t, table, s.String())
			for i := range data {
				if back[i] != data[i] && !(data[i] == 0x25 && back[i] == 0x15) {
					t.Fatalf("byte %#02x decodes to %q, which encodes to %#02x", data[i], table[data[i]], back[i])
				}
			}
		}
	})
}
