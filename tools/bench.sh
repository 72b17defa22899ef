#!/bin/sh
# Runs the benchmark (bench/bench.c): the real board on a 200x50
# pseudo-terminal over databases of each size (built once, cached in the
# build directory), then one table of medians against the targets.
# usage: tools/bench.sh ABSOLUTE_BUILD_DIR RUNS SIZE...
set -eu
dir=${1:?usage: tools/bench.sh BUILD_DIR RUNS SIZE...}
runs=${2:?usage: tools/bench.sh BUILD_DIR RUNS SIZE...}
shift 2
[ "$#" -gt 0 ] || set -- 10 10000 100000 1000000
exec "$dir/bench" -r "$runs" "$dir" "$@"
