package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

func TestDefaultDelimitedConfig(t *testing.T) {
	cfg := DefaultDelimitedConfig()
	if cfg.BatchSize != 8192 || cfg.Comma != 0 || cfg.Dates.PivotYear != time.Now().Year() {
		t.Errorf("DefaultDelimitedConfig() = %+v, want batch 8192, detected delimiter, pivot this year", cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("DefaultDelimitedConfig().Validate() = %v, want nil", err)
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "pensions") {
			t.Errorf("register(Pensions) again: recovered %v, want a panic naming pensions", r)
		}
	}()
	register(Pensions)
}

// TestDelimitedReaderNilSink checks that rejects are still counted without
// a sink.
func TestDelimitedReaderNilSink(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	rr, err := NewDelimitedReader(context.Background(), strings.NewReader("record_id,surname\nP1,\nP2,Lee\nP3\n"), "p.csv",
		Pensions, testBody, DelimitedConfig{BatchSize: 10, Mem: mem}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	for rr.Next() {
	}
	checkCounts(t, rr.Stats(), 3, 1, 2)
}

// brokenReader returns its text, then err instead of io.EOF.
type brokenReader struct {
	text string
	err  error
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.text == "" {
		return 0, b.err
	}
	n := copy(p, b.text)
	b.text = b.text[n:]
	return n, nil
}

func TestDelimitedReaderReadError(t *testing.T) {
	broken := errors.New("connection reset")

	if _, err := NewDelimitedReader(context.Background(), &brokenReader{err: broken}, "p.csv", Pensions, testBody,
		DelimitedConfig{BatchSize: 1}, nil); !errors.Is(err, broken) || !strings.Contains(err.Error(), "p.csv") {
		t.Errorf("NewDelimitedReader on a failing reader: error %v, want it to wrap %v and name p.csv", err, broken)
	}

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	// More than the 4 KiB the reader peeks at, so that the failure comes
	// after the header.
	var b strings.Builder
	b.WriteString("record_id,surname\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "P%d,Smith\n", i)
	}
	text := b.String()
	rr, err := NewDelimitedReader(context.Background(), &brokenReader{text: text, err: broken},
		"p.csv", Pensions, testBody, DelimitedConfig{BatchSize: 10, Mem: mem}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	batches := 0
	for rr.Next() {
		batches++
	}
	if batches != 100 {
		t.Errorf("read %d batches before the failure, want 100", batches)
	}
	if !errors.Is(rr.Err(), broken) || errors.Is(rr.Err(), io.EOF) {
		t.Errorf("Err() = %v, want it to wrap %v", rr.Err(), broken)
	}
}
