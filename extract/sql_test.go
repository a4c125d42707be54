package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/jackc/pgx/v5"
)

// postgresDSNEnv names the environment variable that holds the connection
// string of the PostgreSQL server the tests use; .ci/postgres starts one.
const postgresDSNEnv = "NFIMATCH_TEST_POSTGRES_DSN"

// testPostgres connects to the server in NFIMATCH_TEST_POSTGRES_DSN, or
// skips the test, and creates a schema of the test's own holding a pensions
// table; the schema is dropped when the test ends. It returns the database,
// the schema's name and the password of the connection string, which no
// error may show.
func testPostgres(t *testing.T) (db *sql.DB, schema, password string) {
	t.Helper()
	dsn := os.Getenv(postgresDSNEnv)
	if dsn == "" {
		t.Skip("set " + postgresDSNEnv + " to a PostgreSQL DSN to run; .ci/run does")
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("%s does not parse", postgresDSNEnv) // the error would show the DSN
	}
	ctx := context.Background()
	db, err = OpenDatabase(ctx, "postgres", postgresDSNEnv)
	if err != nil {
		t.Fatalf("OpenDatabase(postgres, %s): %v", postgresDSNEnv, err)
	}
	schema = fmt.Sprintf("nfimatch_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		db.Close()
	})
	setup := strings.ReplaceAll(pensionsTable, "S.", schema+".")
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema+";\n"+setup); err != nil {
		t.Fatalf("create the pensions table: %v", err)
	}
	return db, schema, cfg.Password
}

// pensionsTable is a council's pensions table as a payroll system might
// hold it, in schema S: text, dates, timestamps, money in pence, in pounds
// and in four decimal places, NULLs, accented names, a pensioner without a
// surname, a repeated reference and a binary column that is not text.
const pensionsTable = `
CREATE TABLE S.pensions (
	n int PRIMARY KEY,
	ref text, title varchar(10), forename text, surname text, dob date,
	nino char(13), addr1 text, postcode text, started timestamp,
	amount_pence bigint, amount_pounds numeric(12,2), amount_4dp numeric(14,4),
	frequency text, last_paid date, photo bytea
);
INSERT INTO S.pensions VALUES
(1, 'P001', 'Mrs', 'Zoë', 'Brontë', '1950-03-01', 'AB123456C', '12 High St', 'EB3 4QT',
	'2010-04-06 09:30', 1234567, 12345.67, 12345.67, 'M', '2026-09-30', NULL),
(2, 'P002', NULL, 'José', 'Núñez', NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(3, 'P003', 'Mr', 'Ann', NULL, '1948-07-12', NULL, NULL, NULL,
	NULL, 100, 1.00, 1, 'W', NULL, NULL),
(4, 'P001', 'Mr', 'John', 'Smith', '1947-01-02', NULL, NULL, NULL,
	NULL, 200, 2.00, 2, 'W', NULL, NULL),
(5, 'P005', 'Dr', 'Siân', 'Ó Briain', '1969-12-31', 'ce 12 34 56 a', '1 The Parade', 'sw1a1aa',
	'2000-01-01 00:00', 50, 0.50, 0.5, '4W', '2026-10-01', 'not a photo'),
(6, 'P006', 'Ms', 'Eve', 'Bad', NULL, NULL, NULL, NULL,
	NULL, 1, 0.01, 0.01, 'M', NULL, '\xff00fe');
`

// pensionsQuery reads S.pensions with the dataset's field names, but for
// the three amounts, which a mapping chooses from.
const pensionsQuery = `SELECT ref AS record_id, title, forename AS forenames, surname,
	dob AS date_of_birth, nino AS ni_number, addr1 AS address_1, postcode,
	started AS pension_start_date, amount_pence, amount_pounds, amount_4dp,
	frequency AS payment_frequency, last_paid AS date_last_paid, photo
FROM S.pensions ORDER BY n`

// readSource reads src to the end as pensions through a checked allocator.
func readSource(t *testing.T, ctx context.Context, src Source, m *Mapping, batch int) loaded {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	var out loaded
	sink := RejectFunc(func(r Reject) error {
		out.rejects = append(out.rejects, r)
		return nil
	})
	rr, err := NewReader(ctx, src, "pensions-db", Pensions, testBody, m,
		ReaderConfig{BatchSize: batch, Dates: pivot2026, Mem: mem}, sink)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	defer rr.Release()
	for rr.Next() {
		out.batches = append(out.batches, int(rr.Record().NumRows()))
		out.rows = append(out.rows, rowsOf(t, rr.Record())...)
	}
	out.stats, out.err = rr.Stats(), rr.Err()
	return out
}

func TestSQLSourcePostgres(t *testing.T) {
	db, schema, password := testPostgres(t)
	query := strings.ReplaceAll(pensionsQuery, "S.", schema+".")
	amounts := []struct {
		name     string
		mapping  *Mapping
		warnings int64 // rows warned of an amount in pounds
	}{
		{"pence", &Mapping{Fields: map[string]FieldMapping{"pension_amount": {Column: "amount_pence"}}}, 0},
		{"pounds", &Mapping{Fields: map[string]FieldMapping{"pension_amount": {Column: "amount_pounds", Money: "pounds"}}}, 0},
		{"four decimal places", &Mapping{Fields: map[string]FieldMapping{"pension_amount": {Column: "amount_4dp"}}}, 2},
	}
	want := []row{
		{"record_id": "P001", "title": "MRS", "forenames": "ZOE", "surname": "BRONTE",
			"date_of_birth": epochDays(1950, time.March, 1), "ni_number": "AB123456C", "address_1": "12 HIGH STREET", "house_number": "12",
			"postcode": "EB3 4QT", "pension_start_date": epochDays(2010, time.April, 6), "pension_amount": int64(1234567),
			"payment_frequency": Monthly, "date_last_paid": epochDays(2026, time.September, 30)},
		{"record_id": "P002", "forenames": "JOSE", "surname": "NUNEZ"},
		{"record_id": "P005", "title": "DR", "forenames": "SIAN", "surname": "OBRIAIN",
			"date_of_birth": int32(-1), "ni_number": "CE123456A", "address_1": "1 THE PARADE", "house_number": "1",
			"postcode": "SW1A 1AA", "pension_start_date": epochDays(2000, time.January, 1), "pension_amount": int64(50),
			"payment_frequency": FourWeekly, "date_last_paid": epochDays(2026, time.October, 1)},
	}
	for _, a := range amounts {
		t.Run(a.name, func(t *testing.T) {
			ctx := context.Background()
			src, err := NewSQLSource(ctx, db, "pensions-db", query)
			if err != nil {
				t.Fatalf("NewSQLSource: %v", err)
			}
			defer src.Close()
			got := readSource(t, ctx, src, a.mapping, 2)
			if got.err != nil {
				t.Fatalf("Err() = %v, want nil", got.err)
			}
			checkRows(t, Pensions, got.rows, want)
			checkCounts(t, got.stats, 6, 3, 3)
			if len(got.rows) > 0 {
				if g := got.rows[0]["forenames"+OriginalSuffix]; g != "Zoë" {
					t.Errorf("forenames_original = %#v, want %q", g, "Zoë")
				}
				if g := got.rows[1]["title"+OriginalSuffix]; g != nil {
					t.Errorf("NULL title_original = %#v, want NULL", g)
				}
			}
			var warned int64
			for k, n := range got.stats.Warnings {
				if !strings.HasPrefix(k, "pension_amount: given in pounds") {
					t.Errorf("warning %q (%d rows), want none", k, n)
				}
				warned += n
			}
			if warned != a.warnings {
				t.Errorf("%d rows warned of pounds, want %d", warned, a.warnings)
			}
			checkSQLRejects(t, got.rejects)
			for _, r := range got.rejects {
				if strings.Contains(r.Raw, password) {
					t.Errorf("reject %+v holds the password", r)
				}
			}
			if n := db.Stats().InUse; n != 0 {
				t.Errorf("%d connections in use after the last row, want 0", n)
			}
		})
	}
}

// checkSQLRejects checks the rows of pensionsTable that must be rejected.
func checkSQLRejects(t *testing.T, rejects []Reject) {
	t.Helper()
	want := []Reject{
		{File: "pensions-db", Line: 3, Field: "surname", Reason: "required value is blank"},
		{File: "pensions-db", Line: 4, Field: "record_id", Reason: "record_id repeats the one on line 1: references must be unique within a file"},
		{File: "pensions-db", Line: 6, Reason: "column photo: binary value is not UTF-8 text"},
	}
	if len(rejects) != len(want) {
		t.Fatalf("rejects = %+v, want %d", rejects, len(want))
	}
	for i, w := range want {
		g := rejects[i]
		if g.File != w.File || g.Line != w.Line || g.Field != w.Field || g.Reason != w.Reason {
			t.Errorf("reject %d = %s:%d %s %q, want %s:%d %s %q", i, g.File, g.Line, g.Field, g.Reason, w.File, w.Line, w.Field, w.Reason)
		}
	}
	if r := rejects[0].Raw; !strings.HasPrefix(r, "P003|Mr|Ann||1948-07-12|") {
		t.Errorf("Raw = %q, want the values joined by |, NULL as empty", r)
	}
	if r := rejects[2].Raw; !strings.HasSuffix(r, "|M||\ufffd\x00\ufffd") {
		t.Errorf("Raw = %q, want the bad bytes as U+FFFD", r)
	}
}

// TestSQLSourceValues reads PostgreSQL's types through pgx as text.
func TestSQLSourceValues(t *testing.T) {
	db, _, _ := testPostgres(t)
	const query = `SELECT 'Zoë'::text, 'ab'::char(4), 42::int2, -42::int4, 9007199254740993::int8,
		123456789012345678901234567890.123456789::numeric, 0.10::numeric(5,2), 1234.5600::numeric(10,4),
		0.1::float4, 0.1::float8, 1e21::float8, true, false,
		'1950-03-01'::date, '2026-09-30 23:59:59'::timestamp, convert_to('Ôâ', 'UTF8'), NULL::text, NULL::date,
		'a1b2c3d4-0000-4000-8000-000000000001'::uuid, 'infinity'::date`
	want := []string{"Zoë", "ab  ", "42", "-42", "9007199254740993",
		"123456789012345678901234567890.123456789", "0.10", "1234.56",
		"0.1", "0.1", "1000000000000000000000", "Y", "N",
		"1950-03-01", "2026-09-30", "Ôâ", "", "",
		"a1b2c3d4-0000-4000-8000-000000000001", "infinity"}
	src, err := NewSQLSource(context.Background(), db, "types", query)
	if err != nil {
		t.Fatalf("NewSQLSource: %v", err)
	}
	defer src.Close()
	if n := len(src.Columns()); n != len(want) {
		t.Fatalf("Columns() = %v, want %d", src.Columns(), len(want))
	}
	r, err := src.Next()
	if err != nil {
		t.Fatalf("Next() error = %v", err)
	}
	if r.Line != 1 || r.Bad != "" {
		t.Errorf("Next() Line, Bad = %d, %q, want 1, \"\"", r.Line, r.Bad)
	}
	for i, w := range want {
		if i < len(r.Values) && r.Values[i] != w {
			t.Errorf("column %d (%s) = %q, want %q", i+1, src.Columns()[i], r.Values[i], w)
		}
	}
	if _, err := src.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next() after the last row: %v, want io.EOF", err)
	}
	if _, err := src.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("Next() again: %v, want io.EOF", err)
	}
	if err := src.Close(); err != nil {
		t.Errorf("Close() after the end = %v, want nil", err)
	}
}

// TestSQLSourceQueryErrors checks that a query that fails, at once or after
// some rows, is an error naming the source and not the password.
func TestSQLSourceQueryErrors(t *testing.T) {
	db, _, password := testPostgres(t)
	ctx := context.Background()
	if _, err := NewSQLSource(ctx, db, "payroll", "SELECT * FROM no_such_table"); err == nil {
		t.Error("NewSQLSource(no_such_table) error = nil")
	} else {
		checkSourceError(t, err, "payroll", "no_such_table", password)
	}
	if _, err := NewSQLSource(ctx, db, "payroll", " \n"); err == nil {
		t.Error("NewSQLSource(blank query) error = nil")
	}
	if _, err := NewSQLSource(ctx, db, "payroll", "DO $$BEGIN END$$"); err == nil {
		t.Error("NewSQLSource(a query without columns) error = nil")
	}
	// Row 3 divides by zero: two rows come before the error.
	src, err := NewSQLSource(ctx, db, "pensions-db",
		"SELECT 'P' || n AS record_id, 'Smith' AS surname, 1 / (3 - n) AS x FROM generate_series(1, 5) n")
	if err != nil {
		t.Fatalf("NewSQLSource: %v", err)
	}
	defer src.Close()
	got := readSource(t, ctx, src, nil, 100)
	if got.err == nil {
		t.Fatal("Err() = nil after division by zero")
	}
	checkSourceError(t, got.err, "pensions-db", "division by zero", password)
	if len(got.rows) != 0 || got.stats.Read != 2 {
		t.Errorf("loaded %d rows of %d read, want 0 of 2: a batch ends at the error", len(got.rows), got.stats.Read)
	}
	if err := src.Close(); err != nil {
		t.Errorf("Close() = %v", err)
	}
	if n := db.Stats().InUse; n != 0 {
		t.Errorf("%d connections in use after Close, want 0", n)
	}
}

func checkSourceError(t *testing.T, err error, name, want, password string) {
	t.Helper()
	msg := err.Error()
	if !strings.Contains(msg, name) || !strings.Contains(msg, want) {
		t.Errorf("error %q, want one naming %s and %s", msg, name, want)
	}
	if password != "" && strings.Contains(msg, password) {
		t.Errorf("error %q holds the password", msg)
	}
}

// TestSQLSourceRefusesWrites runs queries that would change the table: the
// read-only transaction refuses every one, and the table keeps its rows.
func TestSQLSourceRefusesWrites(t *testing.T) {
	db, schema, password := testPostgres(t)
	ctx := context.Background()
	writes := []string{
		"DELETE FROM S.pensions",
		"DELETE FROM S.pensions RETURNING ref",
		"UPDATE S.pensions SET surname = 'X' RETURNING ref",
		"INSERT INTO S.pensions (n, ref) VALUES (99, 'P099') RETURNING ref",
		"WITH d AS (DELETE FROM S.pensions RETURNING ref) SELECT ref FROM d",
		"SELECT ref, nextval('S.seq') FROM S.pensions",
		"CREATE TABLE S.other (ref text)",
		"DROP TABLE S.pensions",
	}
	if _, err := db.ExecContext(ctx, "CREATE SEQUENCE "+schema+".seq"); err != nil {
		t.Fatal(err)
	}
	for _, w := range writes {
		query := strings.ReplaceAll(w, "S.", schema+".")
		t.Run(w, func(t *testing.T) {
			err := drain(ctx, db, query)
			if err == nil {
				t.Fatalf("%s: error = nil, want a refusal", w)
			}
			checkSourceError(t, err, "payroll", "read-only transaction", password)
		})
	}
	var n int
	var surnames string
	err := db.QueryRowContext(ctx, "SELECT count(*), string_agg(coalesce(surname, '-'), ',' ORDER BY n) FROM "+schema+".pensions").Scan(&n, &surnames)
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 || surnames != "Brontë,Núñez,-,Smith,Ó Briain,Bad" {
		t.Errorf("after the writes: %d rows, surnames %s, want the 6 rows unchanged", n, surnames)
	}
}

// drain runs query as source payroll and reads it to the end.
func drain(ctx context.Context, db *sql.DB, query string) error {
	src, err := NewSQLSource(ctx, db, "payroll", query)
	if err != nil {
		return err
	}
	defer src.Close()
	for {
		if _, err := src.Next(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("read payroll: %w", err)
		}
	}
}

// TestSQLSourceCancel cancels a read of a million rows after its first
// batch, and a query that is still running; both stop at once, and the
// connection goes back to the pool.
func TestSQLSourceCancel(t *testing.T) {
	db, _, _ := testPostgres(t)
	const million = "SELECT 'P' || n AS record_id, 'Smith' AS surname FROM generate_series(1, 1000000) n"
	t.Run("between batches", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		src, err := NewSQLSource(ctx, db, "payroll", million)
		if err != nil {
			t.Fatalf("NewSQLSource: %v", err)
		}
		defer src.Close()
		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer mem.AssertSize(t, 0)
		rr, err := NewReader(ctx, src, "payroll", Pensions, testBody, nil, ReaderConfig{BatchSize: 100, Mem: mem}, nil)
		if err != nil {
			t.Fatalf("NewReader: %v", err)
		}
		defer rr.Release()
		if !rr.Next() {
			t.Fatalf("Next() = false, Err() = %v", rr.Err())
		}
		cancel()
		if rr.Next() {
			t.Error("Next() = true after cancel")
		}
		if !errors.Is(rr.Err(), context.Canceled) {
			t.Errorf("Err() = %v, want context.Canceled", rr.Err())
		}
		if s := rr.Stats(); s.Read != 100 || s.Loaded != 100 {
			t.Errorf("Stats Read, Loaded = %d, %d, want 100, 100", s.Read, s.Loaded)
		}
		if _, err := src.Next(); !errors.Is(err, context.Canceled) {
			t.Errorf("SQLSource.Next() after cancel = %v, want context.Canceled", err)
		}
	})
	t.Run("while the query runs", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := drain(ctx, db, "SELECT pg_sleep(60)")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("cancelled query took %v to stop", d)
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for db.Stats().InUse != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // database/sql closes on cancel in a goroutine
	}
	if n := db.Stats().InUse; n != 0 {
		t.Errorf("%d connections in use after cancel, want 0", n)
	}
	// The pool still works.
	if err := drain(context.Background(), db, "SELECT 1"); err != nil {
		t.Errorf("a query after the cancelled ones: %v", err)
	}
}

// TestOpenInputSQL reads the table through a mapping file with a database
// source, as a job does, and fingerprints the rows read.
func TestOpenInputSQL(t *testing.T) {
	_, schema, _ := testPostgres(t)
	query := strings.ReplaceAll(pensionsQuery, "S.", schema+".")
	text := "version: 1\ndataset: pensions\nformat: sql\nsql:\n  driver: postgres\n  dsn_env: " + postgresDSNEnv +
		"\n  query: |\n    " + strings.ReplaceAll(query, "\n", "\n    ") + "\nfields:\n  pension_amount: amount_pence\n"
	mf, err := ParseMapping("pensions.map.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	open := func() (Stats, []Reject, string) {
		var rejects []Reject
		sink := RejectFunc(func(r Reject) error { rejects = append(rejects, r); return nil })
		in, err := OpenInput(context.Background(), InputSpec{Mapping: mf}, Pensions, testBody, ReaderConfig{BatchSize: 2, Dates: pivot2026}, sink)
		if err != nil {
			t.Fatal(err)
		}
		for in.Next() {
		}
		if err := in.Err(); err != nil {
			t.Fatal(err)
		}
		st, sum := in.Stats(), in.SHA256()
		if in.Bytes() == 0 {
			t.Error("Bytes() = 0 after reading six rows")
		}
		if err := in.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		return st, rejects, sum
	}
	st, rejects, sum1 := open()
	checkCounts(t, st, 6, 3, 3)
	if len(rejects) != 3 || rejects[0].File != "pensions.map.yaml (query)" || rejects[0].Line != 3 {
		t.Errorf("rejects %+v, want three, the first on row 3 of the query", rejects)
	}
	if _, _, sum2 := open(); sum1 != sum2 || len(sum1) != 64 {
		t.Errorf("SHA256 of two reads of the same rows: %s and %s, want the same", sum1, sum2)
	}
}
