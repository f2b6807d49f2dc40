// Package pipeline composes copydesk's pure stages into one function from
// raw copy (text or HTML) to a complete record: extract → clean → sentences
// → language → entities → quotes → dates → keywords → summary → fingerprint.
//
// It does no I/O: the same Pipeline serves the asynq handlers and the
// in-process `worker process` command, so what one produces the other does.
package pipeline
