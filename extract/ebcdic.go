package extract

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// ebcdicTable maps each byte of an EBCDIC code page to its character.
type ebcdicTable [256]rune

// ebcdic037 is IBM code page 037 (CCSID 37, US/Canada), as x/text maps it,
// except that NL (0x15) reads as "\n" like LF (0x25): mainframe text
// transfers end records with either.
var ebcdic037 = func() ebcdicTable {
	var t ebcdicTable
	for b := range t {
		t[b] = charmap.CodePage037.DecodeByte(byte(b))
	}
	t[0x15] = '\n'
	return t
}()

// cp285Differences are the bytes where IBM code page 285 (CCSID 285, UK
// and Ireland) differs from code page 037. The seven characters are the same
// set in other places: the pound sign takes the dollar's byte, the dollar
// the cent's, and so on.
var cp285Differences = map[byte]rune{
	0x4a: '$', // 037: ¢
	0x5b: '£', // 037: $
	0xa1: '¯', // 037: ~
	0xb0: '¢', // 037: ^
	0xb1: '[', // 037: £
	0xba: '^', // 037: [
	0xbc: '~', // 037: ¯
}

// ebcdic285 is IBM code page 285, built from 037 and its differences.
var ebcdic285 = func() ebcdicTable {
	t := ebcdic037
	for b, r := range cp285Differences {
		t[b] = r
	}
	return t
}()

// ebcdicDecoder decodes one EBCDIC code page to UTF-8. Every byte is a
// character, so no input is invalid.
type ebcdicDecoder struct {
	table *ebcdicTable
}

var _ transform.Transformer = ebcdicDecoder{}

// Transform decodes src into dst.
func (d ebcdicDecoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		r := d.table[src[nSrc]]
		if r < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = byte(r)
			nDst++
			nSrc++
			continue
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc++
	}
	return nDst, nSrc, nil
}

// Reset does nothing: the decoder keeps no state.
func (ebcdicDecoder) Reset() {}
