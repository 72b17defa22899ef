# Durability: a writer killed with SIGKILL in the middle of a burst of
# writes loses nothing that was committed (every add that exited 0 is
# there, with its history row), leaves no half-written change (every card
# has its creation row, every move its card in the new stage) and the file
# passes PRAGMA integrity_check and takes writes again.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3
need_cmd pgrep procps
need_json_tool


# A busy timeout: a lock another process holds for a moment is not a failure.
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }

# The writer: adds cards one process at a time, and, for each add that
# exited 0, records the title in $T/committed. A second writer moves one
# card back and forth meanwhile, so both kinds of write are cut short.
writer() {
	local i=0
	while :; do
		i=$((i + 1))
		"$EMBUDO_BIN" --db "$DB" add "burst $1-$i" --client "Cliente Ráfaga" \
			--amount "$i" --currency USD >/dev/null &&
			echo "burst $1-$i" >>"$T/committed"
	done
}

mover() {
	while :; do
		"$EMBUDO_BIN" --db "$DB" move "$1" calificada >/dev/null 2>&1
		"$EMBUDO_BIN" --db "$DB" move "$1" inmadura --note vuelta >/dev/null 2>&1
	done
}

# kill_writer LOOP_PID: SIGKILL the embudo process the loop is running
# (found by its parent's id), then the loop itself.
kill_writer() {
	local child
	kill -STOP "$1" 2>/dev/null # the loop starts no new embudo meanwhile
	for child in $(pgrep -P "$1" 2>/dev/null); do
		kill -KILL "$child" 2>/dev/null
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

: >"$T/committed"
m=$(new_opp "Vaivén")
qualify "$m"
for round in 1 2 3; do
	writer "$round" &
	w=$!
	mover "$m" &
	mv=$!
	# once the burst is under way (a few adds committed), a different
	# moment in each round
	before=$(wc -l <"$T/committed")
	for _ in $(seq 200); do
		[ "$(wc -l <"$T/committed")" -ge $((before + 3)) ] && break
		sleep 0.05
	done
	sleep "0.0$((round * 3))"
	kill_writer "$w"
	kill_writer "$mv"

	LAST="after SIGKILL of a writer (round $round)"
	expect_eq "$(sql 'PRAGMA integrity_check')" ok "round $round: integrity_check"
	n=$(wc -l <"$T/committed" | tr -d ' ')
	[ "$n" -gt 0 ] || fail "round $round: no write committed before the kill (too slow a machine?)"
	missing=0
	while IFS= read -r title; do
		[ "$(sql "SELECT count(*) FROM opportunity WHERE title = '$title'")" = 1 ] ||
			missing=$((missing + 1))
	done <"$T/committed"
	expect_eq "$missing" 0 "round $round: every committed add survived ($n committed)"
	expect_eq "$(sql "SELECT count(*) FROM opportunity o WHERE (SELECT count(*) FROM history h
		WHERE h.opp_id = o.id AND h.what = 'create') <> 1")" 0 \
		"round $round: every card has exactly one creation row"
	# the mover's card: its stage is the one its last move row says
	expect_eq "$(sql "SELECT stage FROM opportunity WHERE id = $m")" \
		"$(sql "SELECT coalesce((SELECT new_value FROM history WHERE opp_id = $m
			AND what = 'move' ORDER BY id DESC LIMIT 1), 'inmadura')")" \
		"round $round: stage and history agree"
	# the per-stage summary kept by triggers matches the rows
	expect_eq "$(sql "SELECT count(*) FROM (SELECT stage, currency, count(*) c
		FROM opportunity WHERE deleted = 0 GROUP BY stage, currency) g
		LEFT JOIN summary s USING (stage, currency) WHERE s.count IS NOT g.c")" 0 \
		"round $round: column counts match the cards"
done

# still a working database
ok add "después" --client "Cliente Ráfaga"
id=$(cat "$OUT")
ok show "$id" --json
expect_eq "$(json_get title <"$OUT")" "después" "writes work after the crashes"

finish
