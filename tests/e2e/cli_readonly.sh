# A database the user may read but not write (a read-only file, or a
# read-only folder): every read works and leaves no -wal or -shm file
# behind; a write exits 4 with "read-only database" and changes nothing; a
# -wal file left by another process is shared, so committed changes show.
#
# chmod does not stop root, and CI runs the tests as root: as root the
# commands run as the unprivileged user nobody (setpriv, util-linux), whom
# the permissions do stop; as anyone else they run as that user.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3

if [ "$(id -u)" = 0 ]; then
	need_cmd setpriv util-linux
	# nobody must reach the binary and the files: copies in a 0755 folder.
	chmod 755 "$T"
	mkdir -m 755 "$T/bin"
	cp "$EMBUDO_BIN" "$T/bin/embudo"
	READER_BIN=$T/bin/embudo
	as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
	# a folder the reader may write / a file the reader may write
	reader_owns() { chown 65534:65534 "$1"; }
else
	READER_BIN=$EMBUDO_BIN
	as_reader() { "$@"; }
	reader_owns() { :; }
fi

# rrun DB ARGS...: the reader runs embudo on DB.
rrun() {
	local db=$1
	shift
	LAST="(as reader) embudo --db $db $*"
	as_reader "$READER_BIN" --db "$db" "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# no_litter DIR WHAT: DIR holds only p.db.
no_litter() {
	expect_eq "$(cd "$1" && ls -A | tr '\n' ' ')" "p.db " "$2: nothing but p.db in the folder"
}

# a database with three opportunities, one moved, made by its owner
id=$(new_opp "Solo lectura" --amount 1200 --currency USD --owner ana)
new_opp "Otra" >/dev/null
new_opp "Tercera" >/dev/null
qualify "$id"
ok move "$id" calificada
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null

# ---- a read-only file in a folder the reader may write ----------------------
mkdir -m 755 "$T/rofile"
reader_owns "$T/rofile"
cp "$DB" "$T/rofile/p.db"
chmod 444 "$T/rofile/p.db"
# ---- a file the reader may write, in a read-only folder --------------------
mkdir -m 755 "$T/rodir"
cp "$DB" "$T/rodir/p.db"
chmod 644 "$T/rodir/p.db"
reader_owns "$T/rodir/p.db"
[ "$(id -u)" = 0 ] || chmod 555 "$T/rodir"

for case in rofile rodir; do
	db=$T/$case/p.db
	cp -p "$db" "$T/$case.orig"
	rrun "$db" list
	expect_rc 0 "$case: list"
	expect_out "^3 opportunities" "$case: list reads every row"
	no_litter "$T/$case" "$case: after list"
	rrun "$db" list --owner ana --stage calificada
	expect_rc 0 "$case: a filtered list"
	expect_out "Solo lectura" "$case: the filter finds the card"
	rrun "$db" show "$id" --json
	expect_rc 0 "$case: show"
	expect_out '"stage":"calificada"' "$case: show reads the card"
	rrun "$db" history "$id"
	expect_rc 0 "$case: history"
	rrun "$db" export
	expect_rc 0 "$case: export"
	rrun "$db" check
	expect_rc 0 "$case: check"
	expect_out ": ok: 3 opportunities" "$case: check finds it healthy"
	no_litter "$T/$case" "$case: after the reads"
	for w in "add Nueva --client X" "edit $id --title Cambiada" "move $id inmadura --note atrás" \
		"delete $id" "criterion $id 1 --unset"; do
		# shellcheck disable=SC2086
		rrun "$db" $w
		expect_rc 4 "$case: $w"
		expect_err "read-only database" "$case: $w says why"
	done
	no_litter "$T/$case" "$case: after the refused writes"
	cmp -s "$db" "$T/$case.orig" || fail "$case: the database changed"
done
[ "$(id -u)" = 0 ] || chmod 755 "$T/rodir"

# ---- another process has it open: its -wal is shared, not copied ------------
mkdir -m 755 "$T/live"
cp "$DB" "$T/live/p.db"
chmod 644 "$T/live/p.db"
mkfifo "$T/hold"
sqlite3 "$T/live/p.db" <"$T/hold" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/hold"
echo "BEGIN; SELECT count(*) FROM opportunity;" >&3
# the owner commits while the holder keeps the -wal alive
for _ in $(seq 100); do [ -e "$T/live/p.db-wal" ] && break; sleep 0.05; done
"$EMBUDO_BIN" --db "$T/live/p.db" add "Recién confirmada" --client "Z" >/dev/null || fail "owner add"
[ "$(id -u)" = 0 ] || chmod 444 "$T/live/p.db"
before=$(cd "$T/live" && ls -A | tr '\n' ' ')
expect_eq "$before" "p.db p.db-shm p.db-wal " "the owner's -wal and -shm are there"
rrun "$T/live/p.db" list
expect_rc 0 "list beside another process's -wal"
expect_out "Recién confirmada" "the change committed to the -wal is seen"
expect_out "^4 opportunities" "every row"
expect_eq "$(cd "$T/live" && ls -A | tr '\n' ' ')" "$before" "no other file appears"
echo "COMMIT;" >&3
exec 3>&-
wait "$holder"

finish
