// Package dates finds date expressions in news text and resolves them.
//
// Find recognises absolute dates in English and Spanish ("June 19, 2024",
// "19 June 2024", "19 de junio de 2024", "2024-06-19", "February 2022",
// year ranges such as "1950-1953", and years where the context makes them
// years: "in 2000", "since 2014", "back to 2000") and relative ones
// ("Wednesday", "last month", "in March", "yesterday", "two weeks ago",
// "el mes pasado", "nine months after"). Relative expressions are resolved
// against the publication time when it is known; expressions relative to
// another event ("nine months after") stay unresolved.
//
// Mention spans cover the date expression itself: a bare preposition
// before it ("on", "in") is left out, while words that change its meaning
// ("last", "next", "this", "ago") are part of it.
//
// Find is pure, deterministic, safe for concurrent use and never panics.
package dates
