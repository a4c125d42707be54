package batch

import (
	"fmt"
	"os"
	"path/filepath"
)

// atomicFile is written under a temporary name beside its final path and
// renamed into place by Commit, so that a reader never sees half a file.
type atomicFile struct {
	*os.File
	path string
	done bool
}

func newAtomicFile(path string) (*atomicFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &atomicFile{File: f, path: path}, nil
}

// Commit closes the file and moves it to its final path.
func (a *atomicFile) Commit() error {
	if err := a.Close(); err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	if err := os.Rename(a.Name(), a.path); err != nil {
		return fmt.Errorf("write %s: %w", a.path, err)
	}
	a.done = true
	return nil
}

// Abort removes the temporary file unless Commit succeeded. It is safe to
// call after Commit.
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.Close()
	os.Remove(a.Name())
}
