// Command eval-extract scores copydesk's main-text extraction on the article
// extraction benchmark (181 news pages with hand-made ground truth), with
// the benchmark's own method, next to plain go-trafilatura and
// go-readability run in the same process as baselines.
//
// It reads the benchmark from DATA/article-extraction-benchmark (html/*.html.gz
// and ground-truth.json.gz); DATA defaults to ../shared/data, relative to the
// repository root.
//
// Pages are split by the first hex digit of their id: 0-7 is dev, 8-f is
// test. Tune on dev only; report test.
//
// Usage:
//
//	go run ./cmd/eval-extract [-data ../shared/data] [-split dev|test|all] [-only NAME] [-v] [-dump DIR]
package main
