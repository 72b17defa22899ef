#!/usr/bin/env bash
# Nothing raw reaches a terminal: arguments echoed in error messages,
# export to a terminal (through a real pty: script(1)), and a database
# changed behind embudo's back is reported, not hidden.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3
need_cmd script bsdutils

ESC=$'\e'

# ---- usage errors never echo an argument raw ---------------------------
ID=$(new_opp "Trato")
check_err_clean() { # what
	expect_err $'\xef\xbf\xbd' "$1: shown as U+FFFD"
	expect_no_err "$ESC" "$1: ESC reached stderr"
}
run list --stage "${ESC}[31mred"
expect_rc 2 "unknown stage"
check_err_clean "no stage"
expect_err "no stage '.\[31mred'" "the rest of the argument is shown"
run commitment "$ID" --kind email --ref r --date "${ESC}]0;owned${ESC}\\"
expect_rc 2 "bad --date"
check_err_clean "--date"
run add X --client Y --amount "1${ESC}[2J"
expect_rc 2 "bad --amount"
check_err_clean "--amount"
# one way to show a control character in every part of a message: U+FFFD
expect_err $'--amount \'1\xef\xbf\xbd\\[2J\' is not an amount in CLP: not a number: \'1\xef\xbf\xbd\\[2J\'$' \
	"--amount: U+FFFD in the parser's part of the message too, never '?'"
run lose "$ID" --reason "${ESC}[5m"
expect_rc 2 "bad --reason"
check_err_clean "--reason"
run show "1${ESC}[H"
expect_rc 2 "bad id"
check_err_clean "id"
run list "--o${ESC}[Hx"
expect_rc 2 "unknown option"
check_err_clean "unknown option"
run_raw "nocmd${ESC}[2J"
expect_rc 2 "unknown command"
check_err_clean "unknown command"
# Bidi controls too (U+202E would reverse the rest of the line).
run list --stage $'x\u202ey'
expect_rc 2 "bidi stage"
expect_err $'no stage \'x\xef\xbf\xbdy\'' "U+202E shown as U+FFFD"
expect_no_err $'\u202e' "U+202E reached stderr"
# Accents are not controls: kept.
run list --stage "etapa-ñandú"
expect_err "no stage 'etapa-ñandú'" "UTF-8 text is kept as it is"

# ---- export: exact into a file, terminal-safe on a terminal ------------
EVIL=$'Evil\e]0;pwned\aTitle\u202e'
run add "$EVIL" --client "Cliente Uno"
expect_rc 0 "add a title with escape sequences"
run export
expect_rc 0 "export to a file"
expect_out "$ESC" "export into a file keeps the exact bytes"
expect_no_out "terminal-safe" "no note in the data"
expect_eq "$(wc -c <"$ERR" | tr -d ' ')" 0 "no note on stderr when not a terminal"
run export --format json
expect_out 'Evil\\u001b\]0;pwned\\u0007Title\\u202e' "JSON is escaped either way"

LAST="script -qc 'embudo export 2>tty.err' /dev/null"
script -qc "$(printf '%q --db %q export 2>%q' "$EMBUDO_BIN" "$DB" "$T/tty.err")" \
	/dev/null </dev/null >"$OUT" 2>"$ERR"
RC=$?
expect_rc 0 "export to a pty"
expect_out $'Evil\xef\xbf\xbd\\]0;pwned\xef\xbf\xbdTitle\xef\xbf\xbd' "neutralised title"
expect_out "^id,title,client" "still CSV"
expect_no_out "$ESC" "export to a terminal let ESC through"
expect_no_out $'\u202e' "export to a terminal let U+202E through"
cp "$T/tty.err" "$ERR"
expect_err "terminal-safe" "a note says the output was changed"
expect_err "redirect it to a file" "and how to get the exact data"
expect_eq "$(wc -l <"$T/tty.err" | tr -d ' ')" "1" "the note is one line"
# Nothing to neutralise: no note.
DB2=$T/clean.db
"$EMBUDO_BIN" --db "$DB2" add "Limpio" --client "Cliente" >/dev/null || fail "add to $DB2"
LAST="script -qc 'embudo export 2>tty2.err' /dev/null"
script -qc "$(printf '%q --db %q export 2>%q' "$EMBUDO_BIN" "$DB2" "$T/tty2.err")" \
	/dev/null </dev/null >"$OUT" 2>&1
RC=$?
expect_rc 0 "clean export to a pty"
expect_out "Limpio" "clean export to a pty"
# the export ran (it made its stderr file) and wrote nothing there
if [ -e "$T/tty2.err" ]; then
	expect_eq "$(wc -c <"$T/tty2.err" | tr -d ' ')" 0 "a note although nothing was changed"
else
	fail "the export to a pty did not run"
fi

# ---- a stage embudo does not know: reported, never hidden --------------
BAD=$(new_opp "Editada a mano")
sqlite3 "$DB" "UPDATE opportunity SET stage = 'stage9' WHERE id = $BAD;" >/dev/null
run list
expect_rc 4 "list with an unknown stage is a database error"
expect_err "opportunity $BAD has an unknown stage 'stage9'" "names the row and the value"
expect_err "integrity_check" "says what to do"
run show "$BAD"
expect_rc 4 "show of that row"
expect_err "unknown stage 'stage9'" "show says why"
run show "$ID"
expect_rc 0 "other rows still read"
run export
expect_rc 4 "export does not leave it out silently"
sqlite3 "$DB" "UPDATE opportunity SET stage = 'inmadura' WHERE id = $BAD;" >/dev/null
run list
expect_rc 0 "fixed, it lists again"
expect_out "Editada a mano" "and the row is there"

# ---- an evidence kind or scope embudo does not know: the same -----------
run commitment "$BAD" --kind email --ref "mail 1"
expect_rc 0 "a commitment"
sqlite3 "$DB" "UPDATE commitment SET kind = 'fax' WHERE opp_id = $BAD;" >/dev/null
run show "$BAD"
expect_rc 4 "show with an unknown commitment kind is a database error"
expect_err "opportunity $BAD has an unknown commitment kind 'fax'" "names the row and the kind"
run list
expect_rc 4 "list does not read it as another kind"
run check
expect_rc 4 "check finds it"
expect_out "unknown commitment kind 'fax'" "check lists the row"
sqlite3 "$DB" "UPDATE commitment SET kind = 'email' WHERE opp_id = $BAD;" >/dev/null
run delivery "$BAD" --scope total
expect_rc 0 "a delivery"
sqlite3 "$DB" "UPDATE delivery SET scope = 'half' WHERE opp_id = $BAD;" >/dev/null
run show "$BAD" --json
expect_rc 4 "an unknown delivery scope too"
expect_err "unknown delivery scope 'half'" "names the scope"
sqlite3 "$DB" "UPDATE delivery SET scope = 'total' WHERE opp_id = $BAD;" >/dev/null
run show "$BAD"
expect_rc 0 "fixed, it shows again"

finish
