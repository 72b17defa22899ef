#!/bin/sh
# Runs the board benchmark: first frame on 10 vs 1,000,000 opportunities.
# usage: tools/bench.sh ABSOLUTE_BUILD_DIR [COUNT]
set -eu
dir=${1:?usage: tools/bench.sh BUILD_DIR [COUNT]}
"$dir/bench" "$dir" ${2:-}
