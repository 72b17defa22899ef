# `embudo demo`: fills a new database with about forty opportunities in
# every stage, with real evidence and history, and refuses to touch a
# database that already has opportunities.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

run demo
expect_rc 0 "demo on a new database"
ok list --json
json_valid "$OUT" || fail "list --json of the demo is not valid JSON"
n=$(grep -o '"version":' "$OUT" | wc -l | tr -d ' ')
[ "$n" -ge 35 ] && [ "$n" -le 45 ] && pass || fail "demo made $n opportunities, expected about forty"
for s in inmadura calificada comprometida por-facturar en-facturacion lista perdida; do
	c=$(grep -o "\"stage\":\"$s\"" "$OUT" | wc -l | tr -d ' ')
	[ "$c" -ge 2 ] && pass || fail "demo has $c opportunities in $s (want several)"
done
for cur in CLP USD CLF; do
	grep -q "\"currency\":\"$cur\"" "$OUT" && pass || fail "demo has no $cur amounts"
done
grep -q '"lost":{"reason":"' "$OUT" || fail "demo has lost opportunities with reasons"
grep -Eq '[ÁÉÍÓÚÑáéíóúñ]' "$OUT" || fail "demo has accented text"
grep -q '東京' "$OUT" || fail "demo has CJK text"

# every card satisfies the invariant: its evidence justifies its stage
jq -e 'all(.[]; (if .stage == "perdida" then .lost.from else .stage end) as $s
	| (["inmadura","calificada","comprometida","por-facturar","en-facturacion","lista"] | index($s)) as $k
	| ($k < 1 or (.criteria | all)) and ($k < 2 or (.commitments | length > 0))
	and ($k < 3 or .billing_approval != null) and ($k < 4 or (.invoices | length > 0))
	and ($k < 5 or .delivery != null))' "$OUT" >/dev/null ||
	fail "a demo card's stage is not justified by its evidence"

# history is real and backdated: days in stage differ
first=$(json_get 0.id <"$OUT")
ok history "$first"
expect_out ' create ' "demo history has the creation"
ok list --json --stage lista
id=$(json_get 0.id <"$OUT")
ok history "$id" --json
for what in create criterion commitment billing-approval invoice delivery move; do
	grep -q "\"what\":\"$what\"" "$OUT" && pass || fail "history of a lista demo card lacks $what"
done
ok list
days=$(awk 'NR > 1 && $NF ~ /^[0-9]+$/ { print $NF }' "$OUT" | sort -u | wc -l | tr -d ' ')
[ "$days" -ge 5 ] && pass || fail "days in stage vary too little ($days distinct values)"

# a first look at the review has something in each list: close dates
# are days from the day the demo is made, two of them passed, two moved
ok report --json
expect_eq "$(jq '.overdue | length' "$OUT")" 2 "the demo has two overdue opportunities"
expect_eq "$(jq '.slipped | length' "$OUT")" 2 "the demo has two slipped opportunities"
expect_eq "$(jq '[.slipped[].times] | add' "$OUT")" 2 "each slipped once"
[ "$(jq '.awaiting_invoice | length' "$OUT")" -gt 0 ] && pass || fail "the demo awaits no invoice"
[ "$(jq '.awaiting_delivery | length' "$OUT")" -gt 0 ] && pass || fail "the demo awaits no delivery"

# a second demo is refused: exit 2, nothing added
cp "$DB" "$T/before.db"
run demo
expect_rc 2 "demo on a database with opportunities"
expect_err "database already has opportunities; demo only fills an empty database"
m=$("$EMBUDO_BIN" --db "$DB" list --all --json | grep -o '"version":' | wc -l | tr -d ' ')
expect_eq "$m" "$n" "second demo added nothing"

# --db given after the command
run_raw demo --db "$T/second.db"
expect_rc 0 "demo --db PATH"
[ -s "$T/second.db" ] || fail "demo --db PATH wrote no file"

finish
