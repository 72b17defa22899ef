#!/bin/sh
# Runs test programs (unit: Check suites; e2e: shell scripts) and prints one
# closing line "N passed, N failed". Exits non-zero when any failed.
set -u
kind=$1; shift
passed=0; failed=0; failures=""
for t in "$@"; do
	[ -e "$t" ] || continue
	echo "== $t"
	if [ "$kind" = e2e ]; then
		bash "$t"; rc=$?
	else
		"$t"; rc=$?
	fi
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1)); failures="$failures $t"
		echo "FAILED: $t (exit $rc)"
	fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$kind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
