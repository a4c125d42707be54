package extract

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	mssql "github.com/microsoft/go-mssqldb"
)

// SQLSource reads the rows of one query through database/sql: a council's
// payroll or pensions system read in place, without an export file. Each
// value becomes the text a delimited file would have held (see sqlText), so
// that a Reader parses, normalises and rejects rows from a database exactly
// as it does rows from a file.
//
// The query runs in a read-only transaction, so that a mapping cannot change
// council data: PostgreSQL refuses any write in it. SQL Server has no
// read-only transactions (go-mssqldb refuses to begin one), so there the
// transaction is an ordinary one that is always rolled back, undoing any
// write the query made; give the login only SELECT rights all the same. The
// transaction is never committed.
//
// Rows are streamed from the server, one at a time, never held in memory.
// An SQLSource is not safe for concurrent use; cancel its context to stop a
// read from elsewhere, and call Close when done.
type SQLSource struct {
	ctx   context.Context
	name  string
	tx    *sql.Tx
	rows  *sql.Rows
	cols  []string
	types []columnType
	vals  []any // the values of the current row
	dest  []any // pointers to vals, for Scan
	line  int   // rows read so far
}

// columnType marks the columns whose text needs more than sqlText.
type columnType uint8

const (
	columnPlain   columnType = iota
	columnDecimal            // NUMERIC, DECIMAL or MONEY: see trimDecimal
	columnFloat32            // a single-precision float, which drivers widen to float64
)

var _ Source = (*SQLSource)(nil)

// NewSQLSource begins a read-only transaction on db and runs query in it.
// name is the source's name in messages and rejects (payroll, say); errors
// name it and never the connection string. ctx is used until Close: its
// cancellation stops the query and rolls the transaction back.
//
// A column of SQL Server's uniqueidentifier type is refused: its bytes come
// in an order that depends on the connection string; cast it to text in the
// query (CAST(ref AS varchar(36))). Cast a timestamp with a time zone to a
// date in the query too (dob::date), so that the server's time zone, not
// the process's, decides its day.
func NewSQLSource(ctx context.Context, db *sql.DB, name, query string) (*SQLSource, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("%s: no query given", name)
	}
	tx, err := db.BeginTx(ctx, txOptions(db))
	if err != nil {
		return nil, fmt.Errorf("%s: begin a read-only transaction: %w", name, err)
	}
	s := &SQLSource{ctx: ctx, name: name, tx: tx}
	s.rows, err = tx.QueryContext(ctx, query)
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("%s: query: %w", name, err)
	}
	if err := s.describe(); err != nil {
		s.Close()
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// txOptions returns the options of the transaction a query runs in: read
// only, unless db's driver refuses read-only transactions.
func txOptions(db *sql.DB) *sql.TxOptions {
	if _, ok := db.Driver().(*mssql.Driver); ok {
		return &sql.TxOptions{}
	}
	return &sql.TxOptions{ReadOnly: true}
}

// describe reads the names and types of the query's columns.
func (s *SQLSource) describe() error {
	types, err := s.rows.ColumnTypes()
	if err != nil {
		return fmt.Errorf("query columns: %w", err)
	}
	if len(types) == 0 {
		return errors.New("the query returns no columns")
	}
	s.cols = make([]string, len(types))
	s.types = make([]columnType, len(types))
	s.vals = make([]any, len(types))
	s.dest = make([]any, len(types))
	for i, ct := range types {
		s.cols[i] = ct.Name()
		switch ct.DatabaseTypeName() {
		case "NUMERIC", "DECIMAL", "MONEY", "SMALLMONEY":
			s.types[i] = columnDecimal
		case "FLOAT4", "REAL":
			s.types[i] = columnFloat32
		case "UNIQUEIDENTIFIER":
			return fmt.Errorf("column %s is a uniqueidentifier: cast it to text in the query (CAST(%s AS varchar(36)))", ct.Name(), ct.Name())
		}
		s.dest[i] = &s.vals[i]
	}
	return nil
}

// Columns returns the query's column names, in order.
func (s *SQLSource) Columns() []string { return s.cols }

// Next returns the next row, numbered from 1, or io.EOF after the last, when
// the query and its transaction are closed already. A value that cannot be
// read as text (binary data that is not UTF-8) makes the row Bad, naming the
// column; the row is rejected whole. An error means the query failed or its
// context was cancelled.
func (s *SQLSource) Next() (Row, error) {
	if s.rows == nil {
		return Row{}, io.EOF
	}
	if err := s.ctx.Err(); err != nil {
		return Row{}, err
	}
	if !s.rows.Next() {
		err := s.rows.Err()
		if cerr := s.Close(); err == nil && cerr != nil {
			return Row{}, cerr
		}
		if err != nil {
			return Row{}, fmt.Errorf("row %d: %w", s.line+1, err)
		}
		return Row{}, io.EOF
	}
	s.line++
	clear(s.vals)
	if err := s.rows.Scan(s.dest...); err != nil {
		return Row{}, fmt.Errorf("row %d: %w", s.line, err)
	}
	r := Row{Line: s.line, Values: make([]string, len(s.vals))}
	for i, v := range s.vals {
		if f, ok := v.(float64); ok && s.types[i] == columnFloat32 {
			v = float32(f) // 0.1, not 0.10000000149011612
		}
		text, err := sqlText(v)
		switch {
		case errors.Is(err, errNotText):
			if r.Bad == "" {
				r.Bad = fmt.Sprintf("column %s: %v", s.cols[i], err)
			}
			text = strings.ToValidUTF8(string(v.([]byte)), "\uFFFD")
		case err != nil:
			return Row{}, fmt.Errorf("row %d: column %s: %w", s.line, s.cols[i], err)
		case s.types[i] == columnDecimal:
			text = trimDecimal(text)
		}
		r.Values[i] = text
	}
	r.Raw = strings.Join(r.Values, "|")
	if r.Bad != "" {
		r.Values = nil
	}
	return r, nil
}

// Close ends the query and rolls its transaction back, returning the
// connection to db's pool. It may be called more than once; Next calls it at
// the end of the rows.
func (s *SQLSource) Close() error {
	if s.rows == nil {
		return nil
	}
	err := s.rows.Close()
	s.rows = nil
	// A cancelled context has rolled the transaction back already.
	if rerr := s.tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) && err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("%s: close the query: %w", s.name, err)
	}
	return nil
}
