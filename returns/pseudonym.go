package returns

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/nfimatch/nfimatch/extract"
)

// KeyEnv is the environment variable that may hold the pseudonymisation
// key. The key is never taken from the command line, where other users of
// the machine and the shell history would see it.
const KeyEnv = "NFIMATCH_RETURN_KEY"

// MinKeyBytes is the shortest key accepted: a shorter one could be guessed.
const MinKeyBytes = 16

// ErrNoKey means pseudonymisation was asked for without a key.
var ErrNoKey = errors.New("pseudonymisation needs a key: give --key-file FILE or set " + KeyEnv)

// LoadKey returns the key in file (trailing newlines trimmed) or, when
// file is empty, in the environment variable KeyEnv.
func LoadKey(file string) ([]byte, error) {
	var key string
	switch {
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read the key: %w", err)
		}
		key = strings.TrimRight(string(b), "\r\n")
	case os.Getenv(KeyEnv) != "":
		key = os.Getenv(KeyEnv)
	default:
		return nil, ErrNoKey
	}
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("the pseudonymisation key is %d bytes: use at least %d", len(key), MinKeyBytes)
	}
	return []byte(key), nil
}

// Pseudonym is the keyed HMAC-SHA256 of value, as 32 hex digits. The same
// key gives the same pseudonym to the same value in every return, so that
// the recipient can link repeats without learning the value.
func Pseudonym(key []byte, value string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// identifying lists the field kinds replaced by pseudonyms: what names a
// person, an account or a record. Amounts, frequencies, flags, codes and
// dates other than dates of birth stay as they are, since they are what
// the recipient needs to weigh a match.
var identifying = map[extract.Kind]bool{
	extract.KindID: true, extract.KindName: true, extract.KindTitle: true, extract.KindAddress: true,
	extract.KindPostcode: true, extract.KindNINO: true, extract.KindSortCode: true,
	extract.KindAccount: true, extract.KindUPRN: true, extract.KindEmail: true, extract.KindPhone: true,
	extract.KindText: true,
}

// identifies reports whether field of dataset ds is replaced by a
// pseudonym. A field's "_original" form counts as the field; a date of
// birth identifies; a field the dataset does not know is treated as
// identifying, to be safe.
func identifies(ds *extract.Dataset, field string) bool {
	if strings.Contains(field, "date_of_birth") {
		return true
	}
	f, ok := ds.Field(field)
	if !ok {
		f, ok = ds.Field(strings.TrimSuffix(field, "_original"))
	}
	return !ok || identifying[f.Kind]
}
