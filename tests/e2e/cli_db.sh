# The database file: a file that is not embudo's, or made by a newer
# embudo, is refused with exit 4 and left byte-for-byte untouched; a path
# that cannot be created is exit 4; the database path precedence; two
# processes moving the same opportunity at once: exactly one wins.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3
need_json_tool

# ---- not an embudo database: exit 4, untouched ---------------------------
printf 'just some notes\nnot a database\n' >"$T/notes.txt"
cp "$T/notes.txt" "$T/notes.orig"
run_raw --db "$T/notes.txt" list
expect_rc 4 "a text file as the database"
expect_err "notes.txt" "the message names the file"
cmp -s "$T/notes.txt" "$T/notes.orig" || fail "the text file was modified"
run_raw --db "$T/notes.txt" add X --client Y
expect_rc 4 "add into a text file"
cmp -s "$T/notes.txt" "$T/notes.orig" || fail "the text file was modified by add"

# another application's SQLite database
sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
cp "$T/other.db" "$T/other.orig"
run_raw --db "$T/other.db" list
expect_rc 4 "another application's SQLite file"
cmp -s "$T/other.db" "$T/other.orig" || fail "the other SQLite file was modified"

# another application's WAL-mode database: no -wal/-shm left beside
# it, contents and modification time unchanged
sqlite3 "$T/walapp.db" 'PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);' >/dev/null
touch -d '2020-01-02 03:04:05' "$T/walapp.db"
cp -p "$T/walapp.db" "$T/walapp.orig"
run_raw --db "$T/walapp.db" add X --client Y
expect_rc 4 "another application's WAL-mode SQLite file"
expect_err "not an embudo database" "says it is not ours"
cmp -s "$T/walapp.db" "$T/walapp.orig" || fail "the WAL-mode file was modified"
expect_eq "$(stat -c %Y "$T/walapp.db")" "$(stat -c %Y "$T/walapp.orig")" "its mtime is unchanged"
[ -e "$T/walapp.db-wal" ] && fail "a -wal file was left beside another application's database"
[ -e "$T/walapp.db-shm" ] && fail "a -shm file was left beside another application's database"

# a newer schema left in WAL mode by embudo itself: still no litter
"$EMBUDO_BIN" --db "$T/newwal.db" add "Del futuro" --client Z >/dev/null || fail "add to newwal.db"
sqlite3 "$T/newwal.db" 'PRAGMA user_version=7;' >/dev/null
cp "$T/newwal.db" "$T/newwal.orig"
run_raw --db "$T/newwal.db" list
expect_rc 4 "a WAL-mode database with a newer schema"
cmp -s "$T/newwal.db" "$T/newwal.orig" || fail "the newer WAL-mode database was modified"
[ -e "$T/newwal.db-wal" ] && fail "a -wal file was left beside the newer database"

# a newer schema: made by embudo, then user_version raised
"$EMBUDO_BIN" --db "$T/newer.db" add "Del futuro" --client Z >/dev/null || fail "add to newer.db"
sqlite3 "$T/newer.db" 'PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; PRAGMA user_version=999;' >/dev/null
cp "$T/newer.db" "$T/newer.orig"
run_raw --db "$T/newer.db" list
expect_rc 4 "a database with a newer schema"
expect_err "newer|version" "says it is newer"
cmp -s "$T/newer.db" "$T/newer.orig" || fail "the newer database was modified"
run_raw --db "$T/newer.db" move 1 calificada
expect_rc 4 "move in a newer database"
cmp -s "$T/newer.db" "$T/newer.orig" || fail "the newer database was modified by move"

# ---- cannot create: exit 4, names the path --------------------------------
run_raw --db "$T/notes.txt/sub/x.db" list
expect_rc 4 "a database under a regular file"
expect_err "notes.txt/sub/x.db|notes.txt/sub" "names the path"

# ---- path precedence: --db > $EMBUDO_DB > config database > XDG default ----
printf 'database: %s\n' "$T/from-config.db" >"$T/db.yaml"
EMBUDO_DB=$T/from-env.db "$EMBUDO_BIN" --config "$T/db.yaml" --db "$T/from-opt.db" add A --client C >/dev/null ||
	fail "add with --db, \$EMBUDO_DB and a configured database"
[ -f "$T/from-opt.db" ] || fail "--db is used first"
[ -e "$T/from-env.db" ] && fail "\$EMBUDO_DB used despite --db"
EMBUDO_DB=$T/from-env.db "$EMBUDO_BIN" --config "$T/db.yaml" add A --client C >/dev/null ||
	fail "add with \$EMBUDO_DB and a configured database"
[ -f "$T/from-env.db" ] || fail "\$EMBUDO_DB before the config's database"
[ -e "$T/from-config.db" ] && fail "config database used despite \$EMBUDO_DB"
"$EMBUDO_BIN" --config "$T/db.yaml" add A --client C >/dev/null || fail "add with a configured database"
[ -f "$T/from-config.db" ] || fail "the config's database before the XDG default"
"$EMBUDO_BIN" add A --client C >/dev/null || fail "add with the default database"
[ -f "$XDG_DATA_HOME/embudo/pipeline.db" ] || fail "XDG default database"

# ---- two processes move the same opportunity at once ----------------------
# To make the race real (not two runs one after the other), a sqlite3 process
# holds the write lock while both movers start: both are then alive and
# waiting for the lock at the same moment, and are released together.
id=$(new_opp "Carrera")
qualify "$id"
mkfifo "$T/lockfifo"
for round in 1 2 3 4; do
	v=$(json_field "$id" version)
	# rounds 1-2 with --if-version (the loser: conflict), 3-4 without
	# (the loser: refused, it is already there)
	ifv=()
	[ "$round" -le 2 ] && ifv=(--if-version "$v")
	sqlite3 "$DB" <"$T/lockfifo" >/dev/null 2>&1 &
	holder=$!
	exec 3>"$T/lockfifo"
	echo "BEGIN IMMEDIATE; SELECT 1;" >&3
	sleep 0.3
	"$EMBUDO_BIN" --db "$DB" move "$id" calificada ${ifv[@]+"${ifv[@]}"} >"$T/o1" 2>"$T/e1" &
	p1=$!
	"$EMBUDO_BIN" --db "$DB" move "$id" calificada ${ifv[@]+"${ifv[@]}"} >"$T/o2" 2>"$T/e2" &
	p2=$!
	sleep 0.5
	LAST="two concurrent 'move $id calificada ${ifv[*]}' (round $round)"
	if kill -0 "$p1" 2>/dev/null && kill -0 "$p2" 2>/dev/null; then
		pass
	else
		fail "round $round: a mover did not wait for the lock (no real race)"
	fi
	echo "ROLLBACK;" >&3
	exec 3>&-
	wait "$holder"
	wait "$p1"; r1=$?
	wait "$p2"; r2=$?
	if { [ "$r1" -eq 0 ] && [ "$r2" -eq 1 ]; } || { [ "$r1" -eq 1 ] && [ "$r2" -eq 0 ]; }; then
		pass
	else
		fail "concurrent moves: expected one exit 0 and one exit 1, got $r1 and $r2 ($(cat "$T/e1" "$T/e2"))"
	fi
	if [ "$round" -le 2 ]; then
		cat "$T/e1" "$T/e2" | grep -Eq "conflict: opportunity $id changed since version $v" ||
			fail "round $round: the loser says it lost a conflict"
	else
		cat "$T/e1" "$T/e2" | grep -Eq "refused: same-stage" ||
			fail "round $round: the loser says the card is already there"
	fi
	cat "$T/e1" "$T/e2" >"$T/e12" || fail "round $round: the movers' stderr is missing"
	expect_absent "$T/e12" "locked|busy" "round $round: a mover reported the lock"
	expect_eq "$(json_field "$id" stage)" calificada "round $round: moved"
	expect_eq "$(json_field "$id" version)" $((v + 1)) "round $round: one version step"
	# back again for the next round
	"$EMBUDO_BIN" --db "$DB" move "$id" inmadura --note "otra ronda" >/dev/null || fail "move back"
done
ok history "$id" --json
expect_eq "$(grep -c '"what":"move","field":"stage","old":"inmadura","new":"calificada"' "$OUT")" 4 \
	"history: exactly one move per round"
expect_eq "$(grep -c '"new":"inmadura","note":"otra ronda"' "$OUT")" 4 "history: each move back"
expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity_check after concurrent writes"

# ---- the database file is private ----------------------------------------
perm=$(stat -c %a "$DB" 2>/dev/null || stat -f %Lp "$DB")
expect_eq "$perm" 600 "a new database file is 0600"

finish
