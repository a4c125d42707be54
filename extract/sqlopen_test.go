package extract

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSQLDriversRegistered checks the drivers that a mapping may name. No
// SQL Server runs here: its driver is checked for registration and for the
// transaction it gets, not against a server.
func TestSQLDriversRegistered(t *testing.T) {
	for _, d := range []string{DriverPostgres, DriverSQLServer} {
		if !slices.Contains(sql.Drivers(), d) {
			t.Errorf("sql.Drivers() = %v, want %s among them", sql.Drivers(), d)
		}
	}
	for driver, dsn := range map[string]string{
		DriverPostgres:  "postgres://u@127.0.0.1:1/d",
		DriverSQLServer: "sqlserver://u@127.0.0.1:1?database=d",
	} {
		db, _, err := openDSN(driver, dsn)
		if err != nil {
			t.Fatalf("openDSN(%s): %v", driver, err)
		}
		// go-mssqldb refuses a read-only transaction; pgx takes one.
		if got, want := txOptions(db).ReadOnly, driver == DriverPostgres; got != want {
			t.Errorf("txOptions(%s).ReadOnly = %v, want %v", driver, got, want)
		}
		db.Close()
	}
}

func TestOpenDatabaseEnv(t *testing.T) {
	const env = "NFIMATCH_TEST_UNSET_DSN"
	t.Setenv(env, "")
	os.Unsetenv(env)
	ctx := context.Background()
	for _, driver := range []string{"pgx", "postgres", "sqlserver"} {
		_, err := OpenDatabase(ctx, driver, env)
		if want := "environment variable NFIMATCH_TEST_UNSET_DSN is not set"; err == nil || err.Error() != want {
			t.Errorf("OpenDatabase(%s, unset) error = %v, want %q", driver, err, want)
		}
	}
	t.Setenv(env, "  ")
	if _, err := OpenDatabase(ctx, "pgx", env); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Errorf("OpenDatabase(pgx, blank) error = %v, want one saying it is empty", err)
	}
	if _, err := OpenDatabase(ctx, "pgx", ""); err == nil {
		t.Error("OpenDatabase(pgx, no variable) error = nil")
	}
	t.Setenv(env, "postgres://u:pw@127.0.0.1:1/d")
	if _, err := OpenDatabase(ctx, "mysql", env); err == nil || !strings.Contains(err.Error(), `"mysql"`) {
		t.Errorf("OpenDatabase(mysql) error = %v, want one naming the driver", err)
	}
}

// TestOpenDatabaseHidesPassword connects to a port on the loopback interface
// where nothing listens, and parses connection strings that do not parse:
// no error may hold the password, whole or in part.
func TestOpenDatabaseHidesPassword(t *testing.T) {
	const env = "NFIMATCH_TEST_SECRET_DSN"
	const secret = "s3cret" // in every password below
	tests := []struct {
		name, driver, dsn string
		want              string // in the error
	}{
		{"pgx URL, refused", "pgx", "postgres://nfi:Sup3r-s3cret@127.0.0.1:1/payroll?sslmode=disable&connect_timeout=5", "connect to"},
		{"pgx URL, escaped", "postgres", "postgresql://nfi:Sup3r%20s3cret%2F%21@127.0.0.1:1/payroll?connect_timeout=5", "connect to"},
		{"pgx keywords, refused", "pgx", "host=127.0.0.1 port=1 user=nfi password='Sup3r s3cret' dbname=payroll connect_timeout=5", "connect to"},
		{"pgx password parameter", "pgx", "postgres://nfi@127.0.0.1:1/payroll?password=Sup3r-s3cret&connect_timeout=5", "connect to"},
		{"pgx bad port", "pgx", "postgres://nfi:Sup3r-s3cret@127.0.0.1:port/payroll", "hold a valid pgx connection string"},
		{"pgx bad URL", "pgx", "postgres://nfi:Sup3r-s3cret@[127.0.0.1/payroll", "hold a valid pgx connection string"},
		// pgx masks Sup3r but not s3cret in its own message here.
		{"pgx unescaped @ in the password", "pgx", "postgres://nfi:Sup3r@s3cret@127.0.0.1:99999/payroll", "hold a valid pgx connection string"},
		{"pgx bad keywords", "pgx", "host=127.0.0.1 password=Sup3r-s3cret sslmode=sometimes", "hold a valid pgx connection string"},
		{"sqlserver URL, refused", "sqlserver", "sqlserver://nfi:Sup3r-s3cret@127.0.0.1:1?database=payroll&dial+timeout=5", "connect to"},
		{"sqlserver ADO, refused", "sqlserver", "server=127.0.0.1;port=1;user id=nfi;password=Sup3r-s3cret;database=payroll;dial timeout=5", "connect to"},
		{"sqlserver bad port", "sqlserver", "server=127.0.0.1;port=one;user id=nfi;password=Sup3r-s3cret", "hold a valid sqlserver connection string"},
		{"sqlserver bad ODBC", "sqlserver", "odbc:server=127.0.0.1;password={Sup3r-s3cret", "hold a valid sqlserver connection string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(env, tt.dsn)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			db, err := OpenDatabase(ctx, tt.driver, env)
			if err == nil {
				db.Close()
				t.Fatalf("OpenDatabase(%s) error = nil", tt.name)
			}
			msg := err.Error()
			t.Log(msg)
			if strings.Contains(strings.ToLower(msg), secret) {
				t.Errorf("OpenDatabase error %q holds the password", msg)
			}
			if !strings.Contains(msg, env) || !strings.Contains(msg, tt.want) {
				t.Errorf("OpenDatabase error %q, want one naming %s and saying %q", msg, env, tt.want)
			}
		})
	}
}

// TestOpenDatabasePostgres logs in to the test server, and fails to with a
// wrong password, which the error does not show.
func TestOpenDatabasePostgres(t *testing.T) {
	db, _, _ := testPostgres(t)
	var one int
	if err := db.QueryRow("SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
	u, err := url.Parse(os.Getenv(postgresDSNEnv))
	if err != nil || u.User == nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Skip(postgresDSNEnv + " is not a postgres:// URL with a user: the wrong-password check needs one")
	}
	const wrong = "Wr0ng-s3cret"
	u.User = url.UserPassword(u.User.Username(), wrong)
	t.Setenv("NFIMATCH_TEST_WRONG_DSN", u.String())
	_, err = OpenDatabase(context.Background(), "postgres", "NFIMATCH_TEST_WRONG_DSN")
	if err == nil {
		t.Fatal("OpenDatabase with a wrong password: error = nil")
	}
	msg := err.Error()
	if strings.Contains(msg, "s3cret") {
		t.Errorf("error %q holds the password", msg)
	}
	if !strings.Contains(msg, "password authentication failed") {
		t.Errorf("error %q, want the server's reason", msg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := OpenDatabase(ctx, "postgres", postgresDSNEnv); !errors.Is(err, context.Canceled) {
		t.Errorf("OpenDatabase(cancelled) error = %v, want context.Canceled", err)
	}
}

// TestRedact masks the connection string before its password, and every
// spelling of the password.
func TestRedact(t *testing.T) {
	dsn := "postgres://u:a b/c@h/d"
	cause := errors.New("dial postgres://u:a b/c@h/d: user u password a b/c (a%20b%2Fc, a+b%2Fc) timeout")
	err := redact("connect", cause, dsn, []string{"a b/c", ""})
	want := "connect: dial xxxxx: user u password xxxxx (xxxxx, xxxxx) timeout"
	if err.Error() != want {
		t.Errorf("redact() = %q, want %q", err.Error(), want)
	}
	if errors.Unwrap(err) != nil {
		t.Errorf("redact() unwraps to %v, want nil", errors.Unwrap(err))
	}
	if err := redact("connect", context.DeadlineExceeded, dsn, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("redact(DeadlineExceeded) = %v, want one that is context.DeadlineExceeded", err)
	}
}
