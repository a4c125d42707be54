package extract

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	mssql "github.com/microsoft/go-mssqldb"
	"github.com/microsoft/go-mssqldb/msdsn"
)

// Database drivers, by the names a mapping may give.
const (
	DriverPostgres  = "pgx"       // PostgreSQL, through github.com/jackc/pgx/v5
	DriverSQLServer = "sqlserver" // SQL Server, through github.com/microsoft/go-mssqldb
)

// driverNames maps the names a mapping may give to a driver.
var driverNames = map[string]string{
	"pgx":       DriverPostgres,
	"postgres":  DriverPostgres,
	"sqlserver": DriverSQLServer,
}

// OpenDatabase opens the database whose connection string is in the
// environment variable dsnEnv (PAYROLL_DSN, say) with driver "pgx" (or its
// alias "postgres") for PostgreSQL or "sqlserver" for SQL Server, and checks
// within ctx that it answers. The caller closes the database.
//
// A connection string holds a password, so it is read from the environment
// only, and no error here holds it: one that does not parse is reported
// without the driver's message (pgx masks passwords in its parse errors on a
// best-effort basis only, and net/url's errors quote the whole URL), and the
// driver's message for a failed connection has the connection string and
// the password masked. Those errors unwrap to context.Canceled or
// context.DeadlineExceeded when that is what stopped them, and to nothing
// else: pgx's connection error carries the whole configuration, password
// included.
func OpenDatabase(ctx context.Context, driver, dsnEnv string) (*sql.DB, error) {
	name, ok := driverNames[driver]
	if !ok {
		return nil, fmt.Errorf("database driver %q: use pgx (or postgres) for PostgreSQL, sqlserver for SQL Server", driver)
	}
	if dsnEnv == "" {
		return nil, errors.New("no environment variable named for the connection string")
	}
	dsn, ok := os.LookupEnv(dsnEnv)
	if !ok {
		return nil, fmt.Errorf("environment variable %s is not set", dsnEnv)
	}
	if strings.TrimSpace(dsn) == "" {
		return nil, fmt.Errorf("environment variable %s is empty", dsnEnv)
	}
	db, passwords, err := openDSN(name, dsn)
	if err != nil {
		return nil, fmt.Errorf("environment variable %s does not hold a valid %s connection string (the driver's message is withheld: it may quote the password)", dsnEnv, name)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, redact(fmt.Sprintf("connect to the %s database of %s", name, dsnEnv), err, dsn, passwords)
	}
	return db, nil
}

// openDSN parses dsn with driver's own parser and opens it, returning the
// passwords it holds so that they can be masked in errors.
func openDSN(driver, dsn string) (*sql.DB, []string, error) {
	switch driver {
	case DriverPostgres:
		// ParseConfig also takes a password from PGPASSWORD or a
		// password file.
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, nil, err
		}
		return stdlib.OpenDB(*cfg), []string{cfg.Password}, nil
	case DriverSQLServer:
		cfg, err := msdsn.Parse(dsn)
		if err != nil {
			return nil, nil, err
		}
		return sql.OpenDB(mssql.NewConnectorConfig(cfg)), []string{cfg.Password, cfg.ChangePassword}, nil
	}
	return nil, nil, fmt.Errorf("no driver %q", driver)
}

// redactedError is a driver's error with the secrets of a connection string
// masked in its text.
type redactedError struct {
	msg   string
	cause error // context.Canceled, context.DeadlineExceeded or nil
}

func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the context error that stopped the driver, if any.
func (e *redactedError) Unwrap() error { return e.cause }

// redact returns err's text after doing, with dsn and every password in it
// masked, in the spellings a URL may give them too.
func redact(doing string, err error, dsn string, passwords []string) error {
	secrets := []string{dsn}
	for _, p := range passwords {
		if p != "" {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	// Longest first, so that the connection string goes whole before its
	// password does.
	slices.SortFunc(secrets, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	text := err.Error()
	for _, s := range secrets {
		text = strings.ReplaceAll(text, s, "xxxxx")
	}
	e := &redactedError{msg: doing + ": " + text}
	for _, c := range []error{context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, c) {
			e.cause = c
		}
	}
	return e
}
