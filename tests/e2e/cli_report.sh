# embudo report --json against a pipeline worked out by hand
# (lib/report_fixture.sh): every figure of the issue's keys, all time,
# over a period, and at the edges of a local day in three time zones.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/report_fixture.sh"
need_json_tool

# jq_is EXPR EXPECTED WHAT: the last report's EXPR (compact JSON) is EXPECTED.
jq_is() { expect_eq "$(jqv "$1")" "$2" "$3"; }
# jq_true EXPR WHAT: EXPR of the last report is true.
jq_true() { expect_eq "$(jqv "$1")" true "$2"; }

# A read-only command: no database, no file made.
report --json
expect_rc 4 "report without a database"
expect_err "no database at" "says there is none"
[ -e "$DB" ] && fail "report created a database" || pass

build_fixture

# ---- all time -----------------------------------------------------------------
report --json
expect_rc 0 "report --json"
expect_eq "$(jq -s length "$OUT")" 1 "one JSON text"
jq_is '{now, since, until, owner, line, client}' \
	'{"now":"2026-03-31T12:00:00Z","since":null,"until":null,"owner":null,"line":null,"client":null}' \
	"the query's keys: now, and no period or filter"
jq_is '[.stages[].stage]' \
	'["inmadura","calificada","comprometida","por-facturar","en-facturacion","lista","perdida"]' \
	"seven stages in flow order"
jq_is 'keys_unsorted' \
	'["now","since","until","owner","line","client","stages","win_rate","cancelled","losses","forecast","overdue","slipped","awaiting_invoice","awaiting_delivery"]' \
	"exactly the issue's keys, in its order"
jq_is '[.. | objects | keys[] | select(endswith("_converted"))] | length' 0 \
	"no converted totals without rates"

# Now, per stage (9 live: 9 is deleted): inmadura 5 (CLP 6,000,000) and 6
# (EUR 1,000); calificada 7; por-facturar 2 (USD 5,000); en-facturacion 8;
# lista 1; perdida 3, 10 (CLP 4M + 5M) and 4 (USD 2,000). Weighted: 10% of
# 6,000,000 = 600,000 and of 1,000.00 = 100.00; 30% of 3,000,000 = 900,000;
# 90% of 5,000.00 = 4,500.00; 100% of en-facturacion and lista; 0% of perdida.
jq_is '[.stages[].count]' '[2,1,0,1,1,1,3]' "count per stage"
jq_is '.stages[0].totals' '{"CLP":"6000000","EUR":"1000.00"}' "inmadura's totals, CLP first"
jq_is '.stages[0].weighted' '{"CLP":"600000","EUR":"100.00"}' "inmadura's weighted"
jq_is '.stages[1].weighted' '{"CLP":"900000"}' "calificada's weighted"
jq_is '.stages[2].totals' '{}' "comprometida is empty"
jq_is '.stages[3].weighted' '{"USD":"4500.00"}' "por-facturar's weighted"
jq_is '.stages[4].weighted' '{"CLP":"8000000"}' "en-facturacion at 100%"
jq_is '.stages[6].totals' '{"CLP":"9000000","USD":"2000.00"}' "perdida's totals"
jq_is '.stages[6].weighted' '{"CLP":"0","USD":"0.00"}' "perdida weighs nothing"

# First entries: inmadura 9 (every live one's creation); calificada 7 (1,
# 3, 7, 10 moved there, 2, 4, 8 passed through); comprometida 4 (1, 2, 4,
# 8); por-facturar 3 (1, 2, 8); en-facturacion 2 (1, 8); lista 1 (1);
# perdida 4 (3, 4, 10, and 5 before its reopening).
jq_is '[.stages[].entered]' '[9,7,4,3,2,1,4]' "entered"
# Advanced to the next stage: 7 of 9 (5, 6 never left inmadura), 4 of 7
# (1, 2, 4, 8), 3 of 4 (1, 2, 8), 2 of 3 (1, 8), 1 of 2 (1); none after
# lista and perdida.
jq_is '[.stages[].advanced]' '[7,4,3,2,1,null,null]' "advanced"
# 7/9 = 0.7778, 4/7 = 0.5714, 3/4, 2/3 = 0.6667, 1/2.
jq_is '[.stages[].conversion]' '[0.7778,0.5714,0.75,0.6667,0.5,null,null]' "conversion"
# The funnel: 1; 7/9; 7/9 * 4/7 = 4/9; * 3/4 = 1/3; * 2/3 = 2/9; * 1/2 = 1/9.
jq_is '[.stages[].from_start]' '[1,0.7778,0.4444,0.3333,0.2222,0.1111,null]' "from_start"

# Completed stays, in whole days:
#   inmadura 1: 5, 2: 10, 3: 10, 4: 10, 5: 15 (to its loss), 7: 4, 8: 19,
#     10: 3 and 10 (before and after it came back): 3 4 5 10 10 10 10 15 19,
#     median the 5th = 10, mean 86/9
#   calificada 1: 10, 3: 19, 10: 2 (2, 4, 8 only passed through): median
#     10, mean 31/3
#   comprometida 1: 12, 4: 21: median (12 + 21)/2 = 16.5, mean 16.5
#   por-facturar 1: 10; en-facturacion 1: 10; lista none; perdida 5: 11.
jq_is '[.stages[].days.stays]' '[9,3,2,1,1,0,1]' "completed stays"
jq_is '[.stages[].days.median]' '[10,10,16.5,10,10,null,11]' "their medians"
jq_true '(.stages[0].days.mean * 9 - 86 | . * . < 1e-18) and (.stages[1].days.mean * 3 - 31 | . * . < 1e-18)' \
	"means in full: 86/9 and 31/3"
jq_is '[.stages[2:][] | .days.mean]' '[16.5,10,10,null,11]' "the other means"
# Stays under way at 2026-03-31T12: 5 since 02-05T08 (54 d 4 h) and 6
# since 02-02T15 (56 d 21 h): median (54 + 56)/2 = 55; 7 since 02-09T10:
# 50; 2 since 01-18T09: 72; 8 since 02-20T10: 39; 1 since 02-21T10: 38;
# perdida 3 since 02-10T10: 49, 4 since 02-15T12: 44 exactly, 10 since
# 02-18T10: 41: median 44, mean 134/3.
jq_is '[.stages[].open_days.stays]' '[2,1,0,1,1,1,3]' "stays under way"
jq_is '[.stages[].open_days.median]' '[55,50,null,72,39,38,44]' "their medians"
jq_is '[.stages[:6][] | .open_days.mean]' '[55,50,null,72,39,38]' "their means"
jq_true '.stages[6].open_days.mean * 3 - 134 | . * . < 1e-18' "perdida's mean: 134/3"

# Outcomes: won 1 (01-20), 2 (01-18), 4 (01-25), 8 (02-20); lost 3 and 10
# (4 is won, then cancelled; 5 was lost, then reopened: undecided).
# 4 / (4 + 2) = 0.6667. By value: CLP won 10M + 8M, lost 4M + 5M: 18/27;
# USD won 5,000 + 2,000, lost none: 1.
jq_is '.win_rate' \
	'{"won":4,"lost":2,"rate":0.6667,"by_value":{"CLP":{"won":"18000000","lost":"9000000","rate":0.6667},"USD":{"won":"7000.00","lost":"0.00","rate":1}}}' \
	"the win rate by count and by value"
jq_is '.cancelled' '{"count":1,"value":{"USD":"2000.00"}}' "4 is a cancellation"
# The loss matrix: reason in catalogue order, then stage in flow order.
jq_is '.losses' \
	'[{"reason":"declined","from":"inmadura","count":1,"value":{"CLP":"5000000"}},{"reason":"competitor","from":"calificada","count":1,"value":{"CLP":"4000000"}},{"reason":"cancelled","from":"comprometida","count":1,"value":{"USD":"2000.00"}}]' \
	"the loss matrix"

# The forecast: inmadura..por-facturar weighted, per currency (600,000 +
# 900,000 CLP; 100.00 EUR; 4,500.00 USD); invoiced: en-facturacion and
# lista, 8M + 10M, not weighted. By month of close: 5 (03-05) 600,000 and
# 7 (03-01) 900,000 in 2026-03; 6 (04-30) in 2026-04; 2 has none: last.
jq_is '.forecast.weighted' '{"CLP":"1500000","EUR":"100.00","USD":"4500.00"}' "forecast"
jq_is '.forecast.invoiced' '{"CLP":"18000000"}' "invoiced, apart"
jq_is '.forecast.by_close_month' \
	'[{"month":"2026-03","weighted":{"CLP":"1500000"}},{"month":"2026-04","weighted":{"EUR":"100.00"}},{"month":null,"weighted":{"USD":"4500.00"}}]' \
	"the forecast by close month"

# Lists: overdue (undecided, close before 2026-03-31): 7 (03-01, 30 days),
# 5 (03-05, 26 days); 8 closes today but is won. Slipped: 5 twice (01-31
# -> 02-28 -> 03-15, then back to 03-05: not a slip), 6 once; 1 slipped
# but is won. Awaiting an invoice: 2 (72 days); a delivery: 8 (39 days).
jq_is '.overdue' '[{"id":7,"close":"2026-03-01","days":30},{"id":5,"close":"2026-03-05","days":26}]' "overdue"
jq_is '.slipped' '[{"id":5,"times":2,"from":"2026-01-31","to":"2026-03-05"},{"id":6,"times":1,"from":"2026-03-20","to":"2026-04-30"}]' "slipped"
jq_is '.awaiting_invoice' '[{"id":2,"days":72}]' "awaiting invoice"
jq_is '.awaiting_delivery' '[{"id":8,"days":39}]' "awaiting delivery"
# --format json is --json.
cp "$OUT" "$T/json1"
report --format json
expect_rc 0 "--format json"
cmp -s "$OUT" "$T/json1" && pass || fail "--format json differs from --json"

# ---- a period: February 2026 (UTC) ---------------------------------------------
report --json --since 2026-02-01 --until 2026-02-28
expect_rc 0 "a period"
jq_is '{since, until}' '{"since":"2026-02-01","until":"2026-02-28"}' "the period's keys"
# First entries in February: inmadura 6, 7, 8, 10; calificada 7, 8, 10;
# comprometida 8; por-facturar 1 (02-01T10), 8; en-facturacion 1, 8;
# lista 1; perdida 3, 4, 10 (5 first entered it in January).
jq_is '[.stages[].entered]' '[4,3,1,2,2,1,3]' "entered in February"
# Advanced (by now): inmadura 7, 8, 10 of 4; calificada 8 of 3;
# comprometida 8 of 1; por-facturar 1 and 8 (8 entered en-facturacion in
# the same move, at the same time) of 2; en-facturacion 1 of 2.
jq_is '[.stages[].advanced]' '[3,1,1,2,1,null,null]' "advanced"
jq_is '[.stages[].conversion]' '[0.75,0.3333,1,1,0.5,null,null]' "conversion"
# 1; 3/4; 3/4 * 1/3 = 1/4; * 1; * 1; * 1/2 = 1/8.
jq_is '[.stages[].from_start]' '[1,0.75,0.25,0.25,0.25,0.125,null]' "from_start"
# Stays ended in February: inmadura 7 (4), 8 (19), 10 (3, 10): median
# (4 + 10)/2 = 7, mean 36/4 = 9; calificada 10 (2), 3 (19): 10.5;
# comprometida 1 (12, ended 02-01T10), 4 (21): 16.5; por-facturar 1: 10;
# en-facturacion 1: 10; perdida 5 (11, ended 02-05).
jq_is '[.stages[].days]' \
	'[{"stays":4,"median":7,"mean":9},{"stays":2,"median":10.5,"mean":10.5},{"stays":2,"median":16.5,"mean":16.5},{"stays":1,"median":10,"mean":10},{"stays":1,"median":10,"mean":10},{"stays":0,"median":null,"mean":null},{"stays":1,"median":11,"mean":11}]' \
	"days of the stays ended in February"
# Decided in February: won 8 (02-20); lost 3 (02-10) and 10 (02-18):
# 1/3. By value: CLP 8M won, 9M lost: 8/17 = 0.4706.
jq_is '.win_rate' '{"won":1,"lost":2,"rate":0.3333,"by_value":{"CLP":{"won":"8000000","lost":"9000000","rate":0.4706}}}' \
	"the win rate in February"
jq_is '.cancelled' '{"count":1,"value":{"USD":"2000.00"}}' "4's cancellation, 02-15"
jq_is '[.losses[] | .reason + "/" + .from]' '["declined/inmadura","competitor/calificada","cancelled/comprometida"]' \
	"every loss of now happened in February"
# Not bounded by the period: counts, stays under way, forecast, lists.
jq_is '[.stages[].count]' '[2,1,0,1,1,1,3]' "counts are as of now"
jq_is '[.stages[].open_days.median]' '[55,50,null,72,39,38,44]' "stays under way are as of now"
jq_is '[.overdue[].id, .slipped[].id, .awaiting_invoice[].id, .awaiting_delivery[].id]' '[7,5,5,6,2,8]' \
	"the lists are as of now"

# January: won 1, 2, 4; lost none decided then (5's loss was undone).
report --json --until 2026-01-31
expect_rc 0 "a period open at its start"
jq_is '[.win_rate.won, .win_rate.lost, .win_rate.rate, .cancelled.count]' '[3,0,1,0]' "decided by January"
# --since alone: from March nothing entered, nothing was decided.
report --json --since 2026-03-01
expect_rc 0 "a period open at its end"
jq_is '[.stages[].entered] + [.win_rate.won, .win_rate.lost] + [.win_rate.rate]' '[0,0,0,0,0,0,0,0,0,null]' \
	"nothing since March; the rate has no denominator"
jq_is '[.stages[].conversion]' '[null,null,null,null,null,null,null]' "no conversion without entries"

# ---- the edges of a local day ------------------------------------------------
# 2026-02-21 as a local day: in UTC it holds 1's entry into lista
# (02-21T10:00Z); at UTC+14 it runs 02-20T10:00Z to 02-21T09:59:59Z and
# holds 8's move (02-20T10:00Z: calificada, comprometida, por-facturar,
# en-facturacion) but not 1's; at UTC-11 it runs 02-21T11:00Z to
# 02-22T10:59:59Z and holds neither.
report --json --since 2026-02-21 --until 2026-02-21
jq_is '[.stages[].entered]' '[0,0,0,0,0,1,0]' "one day, UTC"
TZ='<+14>-14' report --json --since 2026-02-21 --until 2026-02-21
jq_is '[.stages[].entered]' '[0,1,1,1,1,0,0]' "one day, UTC+14"
TZ='<-11>11' report --json --since 2026-02-21 --until 2026-02-21
jq_is '[.stages[].entered]' '[0,0,0,0,0,0,0]' "one day, UTC-11"
# "Today" is local too: at UTC-13, 2026-03-31T12:00Z is 2026-03-30, and 7
# is 29 days overdue; 8 (close 03-31) is won, so still not listed.
TZ='<-13>13' report --json
jq_is '.overdue' '[{"id":7,"close":"2026-03-01","days":29},{"id":5,"close":"2026-03-05","days":25}]' \
	"days overdue from the local date"

finish
