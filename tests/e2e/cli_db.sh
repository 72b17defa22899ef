# The database file: a file that is not embudo's, or made by a newer
# embudo, is refused with exit 4 and left byte-for-byte untouched; a path
# that cannot be created is exit 4; the database path precedence; two
# processes moving the same opportunity at once: exactly one wins.
. "$(dirname "$0")/lib/common.sh"
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

if command -v sqlite3 >/dev/null 2>&1; then
	# another application's SQLite database
	sqlite3 "$T/other.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
	cp "$T/other.db" "$T/other.orig"
	run_raw --db "$T/other.db" list
	expect_rc 4 "another application's SQLite file"
	cmp -s "$T/other.db" "$T/other.orig" || fail "the other SQLite file was modified"

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
else
	fail "sqlite3 command not found (make deps installs it)"
fi

# ---- cannot create: exit 4, names the path --------------------------------
run_raw --db "$T/notes.txt/sub/x.db" list
expect_rc 4 "a database under a regular file"
expect_err "notes.txt/sub/x.db|notes.txt/sub" "names the path"

# ---- path precedence: --db > $EMBUDO_DB > config database > XDG default ----
printf 'database: %s\n' "$T/from-config.db" >"$T/db.yaml"
EMBUDO_DB=$T/from-env.db "$EMBUDO_BIN" --config "$T/db.yaml" --db "$T/from-opt.db" add A --client C >/dev/null
[ -f "$T/from-opt.db" ] || fail "--db is used first"
[ -e "$T/from-env.db" ] && fail "\$EMBUDO_DB used despite --db"
EMBUDO_DB=$T/from-env.db "$EMBUDO_BIN" --config "$T/db.yaml" add A --client C >/dev/null
[ -f "$T/from-env.db" ] || fail "\$EMBUDO_DB before the config's database"
[ -e "$T/from-config.db" ] && fail "config database used despite \$EMBUDO_DB"
"$EMBUDO_BIN" --config "$T/db.yaml" add A --client C >/dev/null
[ -f "$T/from-config.db" ] || fail "the config's database before the XDG default"
"$EMBUDO_BIN" add A --client C >/dev/null
[ -f "$XDG_DATA_HOME/embudo/pipeline.db" ] || fail "XDG default database"

# ---- two processes move the same opportunity at once ----------------------
id=$(new_opp "Carrera")
qualify "$id"
v=$(json_field "$id" version)
for round in 1 2 3; do
	"$EMBUDO_BIN" --db "$DB" move "$id" calificada --if-version "$v" >"$T/o1" 2>"$T/e1" &
	p1=$!
	"$EMBUDO_BIN" --db "$DB" move "$id" calificada --if-version "$v" >"$T/o2" 2>"$T/e2" &
	p2=$!
	wait "$p1"; r1=$?
	wait "$p2"; r2=$?
	LAST="two concurrent 'move $id calificada --if-version $v' (round $round)"
	if { [ "$r1" -eq 0 ] && [ "$r2" -eq 1 ]; } || { [ "$r1" -eq 1 ] && [ "$r2" -eq 0 ]; }; then
		pass
	else
		fail "concurrent moves: expected one exit 0 and one exit 1, got $r1 and $r2 ($(cat "$T/e1" "$T/e2"))"
	fi
	cat "$T/e1" "$T/e2" | grep -Eq "conflict: .* changed since version $v|refused: same-stage" ||
		fail "the loser says why"
	expect_eq "$(json_field "$id" stage)" calificada "round $round: moved once"
	# back again for the next round
	"$EMBUDO_BIN" --db "$DB" move "$id" inmadura --note "otra ronda" >/dev/null || fail "move back"
	v=$(json_field "$id" version)
done
ok history "$id" --json
expect_eq "$(grep -o '"new":"calificada"' "$OUT" | wc -l | tr -d ' ')" 3 "exactly one move per round in history"
if command -v sqlite3 >/dev/null 2>&1; then
	expect_eq "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity_check after concurrent writes"
fi

# ---- the database file is private ----------------------------------------
perm=$(stat -c %a "$DB" 2>/dev/null || stat -f %Lp "$DB")
expect_eq "$perm" 600 "a new database file is 0600"

finish
