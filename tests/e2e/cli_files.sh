# The path given as the database: anything but a regular file is refused
# before SQLite touches it (a FIFO would block forever, /dev/null would get
# a -journal beside it); reads never create a database; a damaged embudo
# file is called damaged, with what to do, never "not an embudo database".
. "$(dirname "$0")/lib/common.sh"
need_cmd timeout coreutils

# run_limited ARGS...: like run_raw, but a hang ends after 10 s (status 124).
run_limited() {
	LAST="embudo $*"
	timeout 10 "$EMBUDO_BIN" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# ---- special files: exit 4, "not a regular file", nothing touched --------
mkfifo "$T/pipe"
for cmd in list "add X --client Y"; do
	# shellcheck disable=SC2086
	run_limited --db "$T/pipe" $cmd
	expect_rc 4 "a FIFO as the database ($cmd) is refused, not waited on"
	expect_err "pipe is not a regular file \(it is a FIFO\)" "says what it is"
done
[ -p "$T/pipe" ] || fail "the FIFO was replaced"

journal_before=no
[ -e /dev/null-journal ] && journal_before=yes
run_limited --db /dev/null add X --client Y
expect_rc 4 "/dev/null as the database"
expect_err "/dev/null is not a regular file \(it is a character device\)" "says what it is"
if [ "$journal_before" = no ] && [ -e /dev/null-journal ]; then
	fail "a /dev/null-journal was left behind"
else
	pass
fi

mkdir "$T/folder.db"
run_limited --db "$T/folder.db" list
expect_rc 4 "a directory as the database"
expect_err "is not a regular file \(it is a directory\)" "says what it is"

# ---- reads never create ----------------------------------------------------
for cmd in list "show 1" "history 1" export check; do
	# shellcheck disable=SC2086
	run_limited --db "$T/typo/x.db" $cmd
	expect_rc 4 "$cmd on a missing database"
	expect_err "no database at $T/typo/x.db; nothing was created" "$cmd names the path"
	expect_err "embudo --db $T/typo/x.db add TITLE --client NAME" "$cmd says how to create one"
	expect_err "embudo --db $T/typo/x.db demo" "$cmd names demo too"
	expect_no_out "0 opportunities" "$cmd prints no empty answer"
	[ -e "$T/typo" ] && fail "$cmd created $T/typo"
done
# a write to an opportunity that cannot exist creates nothing either
run_limited --db "$T/typo/x.db" move 1 calificada
expect_rc 4 "move on a missing database"
expect_err "no database at" "move says so"
[ -e "$T/typo" ] && fail "move created $T/typo"
# an empty file holds no database: a read says so and leaves it empty
: >"$T/empty.db"
run_limited --db "$T/empty.db" list
expect_rc 4 "list on an empty file"
expect_err "no database at $T/empty.db" "says there is no database"
expect_eq "$(stat -c %s "$T/empty.db")" 0 "the empty file stays empty"

# the board, add and demo still create it on first use
run_limited --db "$T/typo/x.db" add "Primera" --client "Cliente"
expect_rc 0 "add creates the database and its folder"
run_limited --db "$T/typo/x.db" list
expect_rc 0 "list once it exists"
expect_out "^1 opportunity" "and lists what was added"
run_limited --db "$T/new/demo.db" demo
expect_rc 0 "demo creates its database"
[ -f "$T/new/demo.db" ] || fail "demo did not create the database"

# ---- damaged is not foreign --------------------------------------------------
for i in $(seq 30); do
	"$EMBUDO_BIN" --db "$DB" add "Oportunidad con un título bastante largo $i" --client "Cliente $i" >/dev/null ||
		fail "add $i"
done
size=$(stat -c %s "$DB")
head -c $((size / 3)) "$DB" >"$T/cut.db"
cp "$T/cut.db" "$T/cut.orig"
for cmd in list "add X --client Y" check; do
	# shellcheck disable=SC2086
	run_limited --db "$T/cut.db" $cmd
	expect_rc 4 "$cmd on a truncated embudo database"
	expect_err "cut.db is an embudo database but it is damaged" "$cmd calls it damaged"
	expect_err "restore it from a backup" "$cmd says to restore a backup"
	expect_err "embudo check" "$cmd names embudo check"
	if grep -q "not an embudo database\|choose another file" "$ERR"; then
		fail "$cmd gives the advice for a foreign file"
	else
		pass
	fi
done
# check lists what SQLite can still see
expect_out "^problem: " "check lists the damage"
cmp -s "$T/cut.db" "$T/cut.orig" || fail "the damaged file was modified"
[ -e "$T/cut.db-wal" ] && fail "a -wal file was left beside the damaged file"

# a page overwritten in the middle: it opens, and the first read that
# meets the damage says so
cp "$DB" "$T/torn.db"
printf 'GARBAGE%.0s' $(seq 1200) | dd of="$T/torn.db" bs=4096 seek=3 conv=notrunc 2>/dev/null
run_limited --db "$T/torn.db" list
expect_rc 4 "list meets a damaged page"
expect_err "torn.db is (an embudo database but it is )?damaged" "calls it damaged"
expect_err "restore it from a backup, and run 'embudo check'" "says what to do"
if grep -q "not an embudo database\|choose another file" "$ERR"; then
	fail "a damaged page gets the advice for a foreign file"
else
	pass
fi
run_limited --db "$T/torn.db" check
expect_rc 4 "check on a damaged page"
expect_out "^problem: SQLite integrity check: " "check lists SQLite's findings"
expect_err "torn.db is damaged: [0-9]+ problems? \(listed above\); restore it from a backup" \
	"and closes with what to do"

finish
