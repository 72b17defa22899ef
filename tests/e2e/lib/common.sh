# Shared helpers of the CLI end-to-end tests (sourced, not run).
#
#   . "$(dirname "$0")/lib/common.sh"
#   run add "Title" --client X     # runs $EMBUDO_BIN --db "$DB" add ...
#   expect_rc 0 "add works"; expect_out "^[0-9]+$"; expect_err "refused"
#   finish                          # exit status: 0 when nothing failed
#
# Checks are positive: an absence (expect_no_out, expect_no_err) comes
# after the command's exit status and a positive check of its output.
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
# Every failure counts, wherever it happened: fail also writes it to
# $T/failures, which a fail inside $(...) or a pipeline (a subshell, where
# FAILS would be lost) reaches too, and the script cannot exit 0 with one
# recorded, finish or no finish.
e2e_exit() {
	local rc=$?
	if [ -s "$T/failures" ] && [ "$rc" -eq 0 ]; then
		echo "$TEST_NAME: $(wc -l <"$T/failures" | tr -d ' ') check(s) failed" >&2
		rc=1
	fi
	rm -rf "$T"
	exit "$rc"
}
trap e2e_exit EXIT
DB=$T/test.db
export XDG_DATA_HOME=$T/xdg-data XDG_CONFIG_HOME=$T/xdg-config HOME=$T/home
mkdir -p "$HOME"
unset EMBUDO_DB EMBUDO_CONFIG EMBUDO_NOW COLUMNS
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
	printf '%s\n' "${*//$'\n'/ }" >>"$T/failures" # one line per failure
	echo "FAIL [$TEST_NAME]: $*" >&2
	echo "      command: $LAST" >&2
	echo "      exit $RC; stdout:" >&2
	[ -e "$OUT" ] && sed 's/^/        | /' "$OUT" | head -20 >&2
	echo "      stderr:" >&2
	[ -e "$ERR" ] && sed 's/^/        | /' "$ERR" | head -20 >&2
	return 0
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

# expect_absent FILE REGEX WHAT: no line of FILE matches. Only a clean "no
# match" passes: a file that is missing or unreadable (the command never
# ran) fails. Follow it with, or put it after, a positive check of the
# same output (expect_rc, expect_out): absence alone proves little.
expect_absent() {
	local st
	grep -Eq -- "$2" "$1"
	st=$?
	case $st in
	1) pass ;;
	0) fail "$3: a line matches /$2/" ;;
	*) fail "$3: cannot read $1 (grep exit $st)" ;;
	esac
}

expect_no_out() { expect_absent "$OUT" "$1" "${2:-stdout}"; }

expect_err() {
	if grep -Eq -- "$1" "$ERR"; then pass; else fail "${2:-stderr}: no line matches /$1/"; fi
}

expect_no_err() { expect_absent "$ERR" "$1" "${2:-stderr}"; }

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

# need_cmd COMMAND PACKAGE: the test cannot run without COMMAND; it fails
# loudly (never passes by skipping) and says how to get it.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "FAIL [$TEST_NAME]: the command '$1' is missing; install it (apt-get install $2, or make deps-test as root)" >&2
	exit 1
}

# need_json_tool: json_get and json_valid read JSON with jq.
need_json_tool() { need_cmd jq jq; }

# json_field ID KEY: one field of show --json (strings unquoted).
json_field() {
	"$EMBUDO_BIN" --db "$DB" show "$1" --json | json_get "$2"
}

# stage_of ID: the stage slug of opportunity ID.
stage_of() { json_field "$1" stage; }

# json_get EXPR: reads JSON on stdin, prints the value at a dotted path
# (e.g. stage, lost.reason, criteria.2, commitments.0.id); strings raw,
# null as null, booleans as true/false.
json_get() {
	jq -r ".$(echo "$1" | awk -F. '{ for (i = 1; i <= NF; i++)
		printf($i ~ /^[0-9]+$/ ? "[%s]" : "[\"%s\"]", $i) }')"
}

# json_valid FILE: true when FILE holds exactly one valid JSON text.
json_valid() {
	[ "$(jq -s length "$1" 2>/dev/null)" = 1 ]
}

# csv_get FILE [KEY_COLUMN KEY COLUMN]: parses FILE as RFC 4180 CSV (quoted
# fields may hold commas, doubled quotes and line breaks; records end in
# CRLF or LF). Without arguments prints the number of records, header
# included; otherwise the COLUMN field of the record whose KEY_COLUMN is
# KEY (found by the header's names). Exits 2 on malformed CSV (a quote
# inside an unquoted field, text after a closing quote, an unclosed quote,
# a record whose field count differs from the header's).
csv_get() {
	awk -v keycol="${2:-}" -v key="${3:-}" -v col="${4:-}" '
	{ text = text $0 "\n" }
	function bad(why) { printf("csv_get: record %d: %s\n", nrec + 1, why) > "/dev/stderr"; err = 1; exit 2 }
	function end_record(   i) {
		nf++; rec[nf] = field; field = ""
		if (nrec == 0) {
			width = nf
			for (i = 1; i <= nf; i++) idx[rec[i]] = i
			if (keycol != "" && (!(keycol in idx) || !(col in idx)))
				bad("no column named " keycol " or " col)
		} else if (nf != width) {
			bad(nf " fields, the header has " width)
		} else if (keycol != "" && rec[idx[keycol]] == key) {
			found = found + 1; value = rec[idx[col]]
		}
		nrec++; nf = 0
	}
	END {
		if (err) exit 2
		n = length(text); i = 1; field = ""; nf = 0; nrec = 0; atstart = 1
		while (i <= n) {
			c = substr(text, i, 1)
			if (atstart && c == "\"") {
				# a quoted field: up to the quote not followed by another
				i++
				for (;;) {
					if (i > n) bad("unclosed quote")
					c = substr(text, i, 1)
					if (c == "\"") {
						if (substr(text, i + 1, 1) == "\"") { field = field "\""; i += 2; continue }
						i++; break
					}
					field = field c; i++
				}
				c = substr(text, i, 1)
				if (c == "\r" && substr(text, i + 1, 1) == "\n") c = "\r\n"
				if (c != "," && c != "\n" && c != "\r\n" && c != "") bad("text after a closing quote")
				continue
			}
			if (c == ",") { nf++; rec[nf] = field; field = ""; atstart = 1; i++; continue }
			if (c == "\r" && substr(text, i + 1, 1) == "\n") { i++; c = "\n" }
			if (c == "\n") {
				end_record(); atstart = 1; i++
				if (i > n) break
				continue
			}
			if (c == "\"") bad("a quote inside an unquoted field")
			field = field c; atstart = 0; i++
		}
		if (field != "" || nf > 0) end_record()
		if (keycol == "") { print nrec; exit 0 }
		if (found != 1) {
			printf("csv_get: %d records with %s = %s, want 1\n", found, keycol, key) > "/dev/stderr"
			exit 2
		}
		print value
	}' "$1"
}

finish() {
	FAILS=$(cat "$T/failures" 2>/dev/null | wc -l | tr -d ' ')
	if [ "$FAILS" -gt 0 ]; then
		echo "$TEST_NAME: $FAILS failed, $CHECKS passed" >&2
		exit 1
	fi
	echo "$TEST_NAME: all $CHECKS checks passed"
	exit 0
}
