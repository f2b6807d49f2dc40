#!/bin/bash
# Instructions per article of the pipeline benchmarks, counted by cachegrind:
# a low-noise measure for comparing two checkouts on a busy machine.
#
#   bash bench/instructions.sh            # in each checkout to compare
#
# Each benchmark runs with 40 and then 200 iterations under
# valgrind --tool=cachegrind with the garbage collector off; the difference
# divided by 160 is the count per iteration (set-up cancels out). Needs
# valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() { # package benchmark iterations
	(cd "internal/$1" && GOGC=off GODEBUG=cpu.rdtscp=off valgrind --tool=cachegrind --cache-sim=no \
		--cachegrind-out-file=/dev/null "$tmp/$1.test" -test.run XXX -test.bench "^$2\$" \
		-test.benchtime "$3x" -test.cpu 1 2>&1 | tr -d , | awk '/I +refs/ {print $NF}')
}
for b in pipeline:BenchmarkPipelineSeed ner:BenchmarkEntities quotes:BenchmarkFind; do
	pkg=${b%%:*} name=${b#*:}
	[ -f "$tmp/$pkg.test" ] || go test -c -o "$tmp/$pkg.test" "./internal/$pkg/"
	a=$(count "$pkg" "$name" 40)
	z=$(count "$pkg" "$name" 200)
	echo "$pkg $name $(((z - a) / 160)) instructions/op"
done
