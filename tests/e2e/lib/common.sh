# Shared helpers of the CLI end-to-end tests (sourced, not run).
#
#   . "$(dirname "$0")/lib/common.sh"
#   run add "Title" --client X     # runs $EMBUDO_BIN --db "$DB" add ...
#   expect_rc 0 "add works"; expect_out "^[0-9]+$"; expect_err "refused"
#   finish                          # exit status: 0 when nothing failed
#
# Every test gets its own temporary directory ($T, removed at exit) and
# database ($DB). EMBUDO_NOW is not set unless a test sets it; XDG homes
# point inside $T so the user's own configuration and data never leak in.
set -u

if [ -z "${EMBUDO_BIN:-}" ]; then
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
	EMBUDO_BIN=$here/build/embudo
fi
if [ ! -x "$EMBUDO_BIN" ]; then
	echo "FAIL: EMBUDO_BIN=$EMBUDO_BIN is not an executable; build it with make" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/embudo-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=$T/test.db
export XDG_DATA_HOME=$T/xdg-data XDG_CONFIG_HOME=$T/xdg-config HOME=$T/home
mkdir -p "$HOME"
unset EMBUDO_DB EMBUDO_CONFIG EMBUDO_NOW
export LC_ALL=C.UTF-8
export USER=${USER:-tester}

FAILS=0
CHECKS=0
TEST_NAME=$(basename "$0" .sh)
OUT=$T/out
ERR=$T/err
RC=0
LAST=""

fail() {
	FAILS=$((FAILS + 1))
	echo "FAIL [$TEST_NAME]: $*" >&2
	echo "      command: $LAST" >&2
	echo "      exit $RC; stdout:" >&2
	sed 's/^/        | /' "$OUT" | head -20 >&2
	echo "      stderr:" >&2
	sed 's/^/        | /' "$ERR" | head -20 >&2
}

pass() { CHECKS=$((CHECKS + 1)); }

# run ARGS...: the binary on $DB; stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	LAST="embudo --db $DB $*"
	"$EMBUDO_BIN" --db "$DB" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# run_raw ARGS...: the binary with exactly these arguments.
run_raw() {
	LAST="embudo $*"
	"$EMBUDO_BIN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

expect_rc() { # expected what
	if [ "$RC" -eq "$1" ]; then pass; else fail "$2: expected exit $1, got $RC"; fi
}

expect_out() { # extended regex, what
	if grep -Eq -- "$1" "$OUT"; then pass; else fail "${2:-stdout}: no line matches /$1/"; fi
}

expect_no_out() {
	if grep -Eq -- "$1" "$OUT"; then fail "${2:-stdout}: a line matches /$1/"; else pass; fi
}

expect_err() {
	if grep -Eq -- "$1" "$ERR"; then pass; else fail "${2:-stderr}: no line matches /$1/"; fi
}

expect_eq() { # actual expected what
	if [ "$1" = "$2" ]; then pass; else fail "$3: expected '$2', got '$1'"; fi
}

# ok ARGS...: runs and requires exit 0.
ok() {
	run "$@"
	expect_rc 0 "$*"
}

# new_opp TITLE [ARGS...]: adds one and prints its id.
new_opp() {
	local title=$1
	shift
	"$EMBUDO_BIN" --db "$DB" add "$title" --client "${CLIENT:-Cliente Uno}" "$@"
}

# qualify ID: ticks the five criteria.
qualify() {
	local n
	for n in 1 2 3 4 5; do
		"$EMBUDO_BIN" --db "$DB" criterion "$1" "$n" >/dev/null || fail "criterion $1 $n"
	done
}

# field ID KEY: one top-level field of show --json (strings unquoted).
have_python() { command -v python3 >/dev/null 2>&1; }
have_jq() { command -v jq >/dev/null 2>&1; }

json_field() {
	"$EMBUDO_BIN" --db "$DB" show "$1" --json | json_get "$2"
}

# json_get EXPR: reads JSON on stdin, prints the value at a dotted path
# (e.g. stage, lost.reason, criteria.2, commitments.0.id). Needs python3 or jq.
json_get() {
	if have_python; then
		python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
if v is None: print("null")
elif isinstance(v, bool): print("true" if v else "false")
else: print(v)
' "$1"
	elif have_jq; then
		jq -r ".$(echo "$1" | awk -F. '{ for (i = 1; i <= NF; i++)
			printf($i ~ /^[0-9]+$/ ? "[%s]" : "[\"%s\"]", $i) }')"
	else
		echo "no-json-tool"
	fi
}

# json_valid FILE: true when FILE holds exactly one valid JSON text.
json_valid() {
	if have_python; then
		python3 -m json.tool "$1" >/dev/null 2>&1
	elif have_jq; then
		jq -e . "$1" >/dev/null 2>&1
	else
		# No validator: at least it must start and end like JSON.
		head -c1 "$1" | grep -q '[[{]' && tail -c2 "$1" | grep -q '[]}]'
	fi
}

# need_json_tool: json_get needs python3 or jq; say so instead of failing obscurely.
need_json_tool() {
	if ! have_python && ! have_jq; then
		echo "FAIL [$TEST_NAME]: needs python3 or jq to read JSON; install one (apt-get install jq)" >&2
		exit 1
	fi
}

finish() {
	if [ "$FAILS" -gt 0 ]; then
		echo "$TEST_NAME: $FAILS failed, $CHECKS passed" >&2
		exit 1
	fi
	echo "$TEST_NAME: all $CHECKS checks passed"
	exit 0
}
