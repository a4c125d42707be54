package extract

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// errNotText marks a binary value that is not UTF-8 text.
var errNotText = errors.New("binary value is not UTF-8 text")

// sqlText turns one value scanned from a database/sql driver into the text a
// Reader parses, as a delimited file would have supplied it:
//
//   - NULL is "", as a blank field;
//   - strings are kept as they are, and bytes too when they are UTF-8 text
//     (errNotText otherwise);
//   - integers are written in decimal; NUMERIC and DECIMAL come from pgx and
//     go-mssqldb as text already, so they are exact and never pass through a
//     float;
//   - floats are written in the shortest decimal that reads back the same,
//     without an exponent (1e+06 is 1000000);
//   - booleans are Y or N;
//   - a time.Time is its date, yyyy-mm-dd, in the time's own location: DATE,
//     TIMESTAMP and datetime2 come in UTC with their calendar date unchanged,
//     and a timestamp with a time zone keeps the date of the zone the driver
//     gives it (the process's local zone for pgx, the stored offset for SQL
//     Server) rather than moving to UTC, which would turn a midnight in
//     British Summer Time into the day before. The time of day is dropped:
//     every time a dataset holds is a date.
//
// Any other type is an error: drivers return only the types of
// database/sql/driver.Value, so another type is a driver this code does not
// know.
func sqlText(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case []byte:
		if !utf8.Valid(v) {
			return "", errNotText
		}
		return string(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int32:
		return strconv.FormatInt(int64(v), 10), nil
	case int16:
		return strconv.FormatInt(int64(v), 10), nil
	case int8:
		return strconv.FormatInt(int64(v), 10), nil
	case int:
		return strconv.Itoa(v), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case uint32:
		return strconv.FormatUint(uint64(v), 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32), nil
	case bool:
		if v {
			return "Y", nil
		}
		return "N", nil
	case time.Time:
		return v.Format(time.DateOnly), nil
	default:
		return "", fmt.Errorf("values of type %T cannot be read as text", v)
	}
}

// trimDecimal drops the zeros after the second decimal place of a decimal's
// text: SQL Server's money is 1234.5600 and a NUMERIC(12,4) 0.5000, which
// would not read as pounds and pence. The value is unchanged, and two
// decimal places stay, so that 12.00 still reads as pounds.
func trimDecimal(s string) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := len(s)
	for end > dot+3 && s[end-1] == '0' {
		end--
	}
	return s[:end]
}
