# list, list --json and export read one snapshot: while another process
# moves a card back and forth between Inmadura and Calificada, every read
# lists each opportunity exactly once (before, a card moved between the
# query of one stage and the next was counted twice or missed).
. "$(dirname "$0")/lib/common.sh"
need_json_tool

# Enough cards before the mover's column end that reading Inmadura takes a
# while: a move then often lands between two stages' queries.
CARDS=25
mover=$(new_opp "Se mueve")
qualify "$mover"
for i in $(seq 2 "$CARDS"); do
	new_opp "Tarjeta $i" >/dev/null || fail "add $i"
done
other=$(new_opp "Calificada fija")
qualify "$other"
ok move "$other" calificada
CARDS=$((CARDS + 1))

moves_of() { "$EMBUDO_BIN" --db "$DB" history "$mover" --json | jq '[.[] | select(.what == "move")] | length'; }

# The mover: another process moving the card until told to stop.
(
	while [ ! -e "$T/stop" ]; do
		"$EMBUDO_BIN" --db "$DB" move "$mover" calificada >/dev/null 2>>"$T/mover.err" || echo x >>"$T/mover.fail"
		"$EMBUDO_BIN" --db "$DB" move "$mover" inmadura --note vuelta >/dev/null 2>>"$T/mover.err" || echo x >>"$T/mover.fail"
	done
) &
mover_pid=$!
# Reads start once the mover is moving (waiting for it, never a fixed sleep).
for _ in $(seq 600); do
	[ "$(moves_of)" -ge 2 ] && break
	sleep 0.05
done
before=$(moves_of)

wrong=0
reads=0
for i in $(seq 40); do
	"$EMBUDO_BIN" --db "$DB" list --json >"$T/l.json" 2>"$T/l.err" || { wrong=$((wrong + 1)); continue; }
	n=$(jq '[.[].id] | length' "$T/l.json")
	u=$(jq '[.[].id] | unique | length' "$T/l.json")
	[ "$n" = "$CARDS" ] && [ "$u" = "$CARDS" ] || { wrong=$((wrong + 1)); echo "list --json: $n rows, $u ids" >&2; }
	"$EMBUDO_BIN" --db "$DB" export --format json >"$T/e.json" 2>"$T/e.err" || { wrong=$((wrong + 1)); continue; }
	n=$(jq '[.[].id] | length' "$T/e.json")
	u=$(jq '[.[].id] | unique | length' "$T/e.json")
	[ "$n" = "$CARDS" ] && [ "$u" = "$CARDS" ] || { wrong=$((wrong + 1)); echo "export: $n rows, $u ids" >&2; }
	"$EMBUDO_BIN" --db "$DB" list >"$T/l.txt" 2>"$T/l.err" || { wrong=$((wrong + 1)); continue; }
	grep -Eq "^$CARDS opportunities" "$T/l.txt" || { wrong=$((wrong + 1)); echo "list: $(tail -1 "$T/l.txt")" >&2; }
	n=$(grep -c "Se mueve" "$T/l.txt")
	[ "$n" = 1 ] || { wrong=$((wrong + 1)); echo "list: the moving card shown $n times" >&2; }
	reads=$((reads + 4))
done
touch "$T/stop"
wait "$mover_pid"
after=$(moves_of)

RC=0
LAST="40 rounds of list --json, export --format json and list under a mover"
expect_eq "$wrong" 0 "reads that did not list every card exactly once (of $reads)"
# The test means something only if the card really moved during the reads.
[ $((after - before)) -ge 4 ] && pass || fail "the mover moved only $((after - before)) times during the reads"
[ ! -e "$T/mover.fail" ] && pass || fail "the mover's moves failed: $(head -3 "$T/mover.err")"

finish
