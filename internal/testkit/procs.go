package testkit

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// BuildBinaries builds the worker and enqueue commands into a new temporary
// directory and returns it; root is the module root, relative or absolute.
// The caller removes the directory.
func BuildBinaries(root string) (string, error) {
	dir, err := os.MkdirTemp("", "copydesk-bin-")
	if err != nil {
		return "", err
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", dir+"/", "./cmd/worker", "./cmd/enqueue")
	cmd.Dir = abs
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("build binaries: %w", err)
	}
	return dir, nil
}

// SyncBuffer is a bytes.Buffer safe for a writer goroutine (a child
// process's output) and concurrent readers.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns everything written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
