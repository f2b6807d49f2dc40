package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/copydesk/copydesk/internal/pipeline"
	"github.com/copydesk/copydesk/tasks"
)

// maxLine is the longest JSONL line accepted: a 5 MiB HTML payload may
// grow past 8 MiB once JSON-escaped, so allow well beyond that.
const maxLine = 16 << 20

// runProcess implements `worker process`: one compact JSON line per input,
// in input order; a failed input prints {"error": …} and the run goes on.
func runProcess(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker process", flag.ContinueOnError)
	fs.SetOutput(stderr)
	jsonl := fs.Bool("jsonl", false, "read article:process payloads as JSON lines from the files (or stdin, -)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	pl, err := pipeline.New(pipeline.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "worker process: %v\n", err)
		return 1
	}
	out := bufio.NewWriterSize(stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := false
	emit := func(p tasks.ArticleProcessPayload, perr error) {
		if perr == nil {
			perr = p.Validate(pl.Limits())
		}
		if perr == nil {
			rec, err := pl.Process(p.Input())
			if err == nil {
				enc.Encode(rec)
				return
			}
			perr = err
		}
		failed = true
		enc.Encode(map[string]string{"error": perr.Error()})
	}
	if *jsonl {
		names := fs.Args()
		if len(names) == 0 {
			names = []string{"-"}
		}
		for _, name := range names {
			in := stdin
			if name != "-" {
				fh, err := os.Open(name)
				if err != nil {
					emit(tasks.ArticleProcessPayload{}, err)
					continue
				}
				in = fh
				defer fh.Close()
			}
			sc := bufio.NewScanner(in)
			sc.Buffer(make([]byte, 0, 1<<20), maxLine)
			for sc.Scan() {
				line := sc.Bytes()
				if len(line) == 0 {
					continue
				}
				var p tasks.ArticleProcessPayload
				err := json.Unmarshal(line, &p)
				if err != nil {
					err = fmt.Errorf("%w: malformed JSON: %v", tasks.ErrInvalidPayload, err)
				}
				emit(p, err)
			}
			if err := sc.Err(); err != nil {
				failed = true
				if errors.Is(err, bufio.ErrTooLong) {
					err = fmt.Errorf("a line is over %d bytes", maxLine)
				}
				enc.Encode(map[string]string{"error": "read " + name + ": " + err.Error()})
			}
		}
	} else {
		names := fs.Args()
		if len(names) == 0 {
			names = []string{"-"}
		}
		for _, name := range names {
			b, err := readInput(name, stdin, int64(pl.Limits().MaxHTML)+1)
			if err != nil {
				emit(tasks.ArticleProcessPayload{}, err)
				continue
			}
			emit(tasks.PayloadFromDocument(b), nil)
		}
	}
	if failed {
		return 1
	}
	return 0
}

// readInput reads a file or "-" (stdin), at most max bytes.
func readInput(name string, stdin io.Reader, max int64) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, max))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return b, nil
}
