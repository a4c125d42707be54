package report

import (
	"fmt"
	"os"
	"path/filepath"
)

// AtomicFile is an output file written under a unique temporary name beside
// its final path and renamed into place by Commit, so that a reader never
// sees half a file and two runs never write into each other's. Outputs hold
// personal data: the file is created readable by its owner only (0600) and
// missing folders are created 0700.
type AtomicFile struct {
	*os.File
	path string
	done bool
}

// CreateAtomic starts the file that Commit will move to path.
func CreateAtomic(path string) (*AtomicFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &AtomicFile{File: f, path: path}, nil
}

// Commit flushes the file to disk, closes it and moves it to its final path.
func (a *AtomicFile) Commit() error {
	if err := a.Sync(); err != nil {
		a.Abort()
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := a.Close(); err != nil {
		a.Abort()
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(a.Name(), a.path); err != nil {
		a.Abort()
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	a.done = true
	// Make the rename itself durable.
	dir, err := os.Open(filepath.Dir(a.path))
	if err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	defer dir.Close()
	if err := dir.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	return nil
}

// Abort removes the temporary file unless Commit succeeded; it is safe to
// call more than once and after Commit.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.Close()
	os.Remove(a.Name())
}
