#!/bin/sh
# Runs the benchmark (bench/bench.c): the real board on a 200x50
# pseudo-terminal over databases of each size, then one table of medians
# against the targets.
# usage: tools/bench.sh ABSOLUTE_BUILD_DIR RUNS SIZE...
set -eu
dir=${1:?usage: tools/bench.sh BUILD_DIR RUNS SIZE...}
runs=${2:?usage: tools/bench.sh BUILD_DIR RUNS SIZE...}
shift 2
[ "$#" -gt 0 ] || set -- 10 10000 100000 1000000
for n in "$@"; do
	if [ "$n" -ge 1000000 ] && ! ls "$dir"/bench-s*-g*-"$n".db >/dev/null 2>&1; then
		echo "bench: the first run builds a $n-opportunity database: this takes long" \
		     "(see the README); make bench SIZES=\"10 10000\" is a quick run." >&2
	fi
done
exec "$dir/bench" -r "$runs" "$dir" "$@"
