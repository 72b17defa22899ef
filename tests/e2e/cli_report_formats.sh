# embudo report for people and for notes: the table (80 columns), CSV and
# Markdown, each checked against the hand-computed pipeline of
# lib/report_fixture.sh (the workings are in cli_report.sh); --by, the
# filters, rates, and the usage errors.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/report_fixture.sh"
need_json_tool

jq_is() { expect_eq "$(jqv "$1")" "$2" "$3"; }
# csv_has LINE WHAT: the last report has the CSV record LINE (CRLF-ended).
csv_has() {
	if grep -qxF -- "$1"$'\r' "$OUT"; then pass; else fail "$2: no record '$1'"; fi
}
# md_has LINE WHAT: the last report has the Markdown line LINE.
md_has() {
	if grep -qxF -- "$1" "$OUT"; then pass; else fail "$2: no line '$1'"; fi
}

ok help report
expect_out "^usage: embudo report \[--json \| --format table\|json\|csv\|md\]" "help report"

build_fixture

# ---- the table ------------------------------------------------------------
COLUMNS=80 report
expect_rc 0 "the table"
expect_out "^Pipeline review, now 2026-03-31T12:00:00Z; period all time$" "its title"
# Entered 9, advanced 7: 77.8%; the funnel 100%. Lista and Perdida have
# no next stage: "-".
expect_out "^Inmadura +2 +9 +7 +77\.8% +100\.0%$" "inmadura's flow"
expect_out "^Comprometida +0 +4 +3 +75\.0% +44\.4%$" "comprometida's flow (4/9 = 44.4%)"
expect_out "^Lista +1 +1 +- +- +11\.1%$" "lista's flow (1/9)"
expect_out "^Perdida +3 +4 +- +- +-$" "perdida's flow"
# Days: 9 stays, median 10, mean 86/9 = 9.6; 2 under way, 55 and 55.
expect_out "^Inmadura +9 +10 +9\.6 +2 +55 +55$" "inmadura's days"
expect_out "^Perdida +1 +11 +11 +3 +44 +44\.7$" "perdida's days (134/3 = 44.7)"
expect_out "^Inmadura +CLP +6,000,000 +600,000$" "inmadura's value in CLP"
expect_out "^ +EUR +1,000\.00 +100\.00$" "and in EUR, on the next row"
expect_out "^By count: 66\.7% \(4 won, 2 lost\)$" "the win rate"
expect_out "^CLP +18,000,000 +9,000,000 +66\.7%$" "the win rate by value in CLP"
expect_out "^USD +7,000\.00 +0\.00 +100\.0%$" "and in USD"
expect_out "^Cancelled \(won, then lost in the period\): 1$" "cancellations"
expect_out "^declined +Inmadura +1 +CLP +5,000,000$" "a cell of the loss matrix"
expect_out "^cancelled +Comprometida +1 +USD +2,000\.00$" "the cancelled one in the matrix"
expect_out "^Weighted, not yet invoiced +CLP +1,500,000$" "the forecast"
expect_out "^Invoiced, never forecast +CLP +18,000,000$" "invoiced apart"
expect_out "^no close date +USD +4,500\.00$" "the month-less forecast last"
expect_out "^Overdue \(2\)$" "overdue's count"
expect_out "^ 7 +2026-03-01 +30$" "7: 30 days overdue"
expect_out "^ 5 +2 +2026-01-31 +2026-03-05$" "5 slipped twice"
expect_out "^Awaiting invoice \(1\)$" "awaiting invoice"
expect_out "^ 2 +72$" "2: 72 days in por Facturar"
expect_out "^ 8 +39$" "8: 39 days in en Facturación"
expect_eq "$(wc -L <"$OUT")" "$(( $(wc -L <"$OUT") <= 80 ? $(wc -L <"$OUT") : 0 ))" \
	"every line fits 80 columns"
expect_no_out "≈" "nothing converted without rates"

# ---- Markdown -------------------------------------------------------------
report --format md
expect_rc 0 "Markdown"
md_has "# Pipeline review, now 2026-03-31T12:00:00Z; period all time" "its title"
md_has "## Flow (entered and advanced in the period)" "a section"
md_has "| Stage | Count | Entered | Advanced | Conversion | From start |" "the flow's header"
md_has "| --- | ---: | ---: | ---: | ---: | ---: |" "numbers right-aligned"
md_has "| Calificada | 1 | 7 | 4 | 57.1% | 77.8% |" "calificada: 4/7, 7/9"
md_has "| Comprometida | 2 | 16.5 | 16.5 | 0 | - | - |" "comprometida's days"
md_has "| Perdida | CLP | 9,000,000 | 0 |" "perdida's value"
md_has "|  | USD | 2,000.00 | 0.00 |" "its USD row"
md_has "| competitor | Calificada | 1 | CLP | 4,000,000 |" "the loss matrix"
md_has "| 2026-03 | CLP | 1,500,000 |" "the forecast by month"
md_has "| 6 | 1 | 2026-03-20 | 2026-04-30 |" "6 slipped once"

# ---- CSV ------------------------------------------------------------------
report --format csv
expect_rc 0 "CSV"
expect_eq "$(head -1 "$OUT")" $'section,key,measure,currency,value\r' "the header"
csv_has "stages,inmadura,entered,,9" "entered"
csv_has "stages,calificada,conversion,,0.5714" "conversion 4/7"
csv_has "stages,lista,advanced,," "no next stage: empty"
csv_has "stages,perdida,totals,USD,2000.00" "an amount as JSON writes it"
csv_has "stages,comprometida,days_median,,16.5" "a median"
csv_has "stages,lista,days_mean,," "no stays: empty"
csv_has "win_rate,,rate,,0.6667" "the win rate"
csv_has "win_rate,by_value,rate,USD,1" "by value in USD"
csv_has "cancelled,,count,,1" "cancellations"
csv_has "losses,declined/inmadura,value,CLP,5000000" "the loss matrix"
csv_has "forecast,,invoiced,CLP,18000000" "invoiced"
csv_has "forecast,2026-04,by_close_month,EUR,100.00" "by month"
csv_has "forecast,,by_close_month,USD,4500.00" "no close date: an empty key"
csv_has "overdue,7,days,,30" "overdue"
csv_has "slipped,5,from,,2026-01-31" "slipped from"
csv_has "awaiting_delivery,8,days,,39" "awaiting delivery"
expect_eq "$(csv_get "$OUT")" "$(wc -l <"$OUT")" "well-formed: one record a line"

# ---- --by ---------------------------------------------------------------------
# ana: 1 (lista), 2 (por-facturar), 5 (inmadura), 7 (calificada), 10
# (perdida); beto: 3 and 4 (perdida), 6 (inmadura), 8 (en-facturacion).
report --json --by owner
expect_rc 0 "--by owner"
jq_is '[.[].owner]' '["ana","beto"]' "one report per owner, in order"
jq_is '[.[] | [.stages[].count]]' '[[1,1,0,1,0,1,1],[1,0,0,0,1,0,2]]' "each owner's counts"
# ana entered inmadura 5, calificada 1, 2, 7, 10, comprometida and
# por-facturar 1, 2, en-facturacion and lista 1, perdida 5, 10; beto
# inmadura 4, calificada 3, 4, 8, comprometida 4, 8, por-facturar and
# en-facturacion 8, perdida 3, 4.
jq_is '[.[] | [.stages[].entered]]' '[[5,4,2,2,1,1,2],[4,3,2,1,1,0,2]]' "each owner's entries"
# ana won 1, 2 and lost 10; beto won 4, 8 and lost 3; 4 is beto's
# cancellation.
jq_is '[.[] | [.win_rate.won, .win_rate.lost, .win_rate.rate, .cancelled.count]]' \
	'[[2,1,0.6667,0],[2,1,0.6667,1]]' "each owner's win rate and cancellations"
jq_is '[.[] | [.overdue[].id, .slipped[].id, .awaiting_invoice[].id, .awaiting_delivery[].id]]' \
	'[[7,5,5,2],[6,8]]' "each owner's lists"
report --json --by line
expect_rc 0 "--by line"
# "" (4), Cloud (1, 3, 6, 7, 10), Data (2, 5, 8), in folded order.
jq_is '[.[].line]' '["","Cloud","Data"]' "one report per line, the empty one too"
jq_is '[.[] | [.stages[].count]]' '[[0,0,0,0,0,0,1],[1,1,0,0,0,1,2],[1,0,0,1,1,0,0]]' "each line's counts"
report --format csv --by owner
expect_rc 0 "CSV by owner"
expect_eq "$(head -1 "$OUT")" $'owner,section,key,measure,currency,value\r' "the group's column first"
csv_has "beto,stages,perdida,count,,2" "beto's perdida"
csv_has "ana,overdue,7,days,,30" "ana's overdue"
COLUMNS=80 report --by line
expect_rc 0 "the table by line"
expect_out "^Pipeline review, now 2026-03-31T12:00:00Z; period all time; line \(none\)$" "a section per line"
expect_out "; line Cloud$" "Cloud's section"
expect_out "; line Data$" "Data's section"

# ---- filters, as list has them ---------------------------------------------
report --json --owner ANA
expect_rc 0 "--owner, case ignored"
jq_is '.owner' '"ANA"' "the filter as given"
jq_is '[.stages[].count]' '[1,1,0,1,0,1,1]' "ana's opportunities"
report --json --client "vina sur"
expect_rc 0 "--client, accents ignored"
# 8 alone: created in inmadura, then one move through to en-facturacion.
jq_is '[.client, [.stages[].count], [.stages[].entered], .win_rate.won, .win_rate.rate]' \
	'["vina sur",[0,0,0,0,1,0,0],[1,1,1,1,1,0,0],1,1]' "Viña Sur's one opportunity"
jq_is '.awaiting_delivery' '[{"id":8,"days":39}]' "its list"
report --json --line data --since 2026-02-01
expect_rc 0 "--line with a period"
# 2, 5, 8; since February: 8's entries; no decision but 8's win.
jq_is '[[.stages[].entered], .win_rate.won, .win_rate.lost]' '[[1,1,1,1,1,0,0],1,0]' "Data since February"
report --json --owner nobody
expect_rc 0 "a filter that matches nothing"
jq_is '[[.stages[].count], .win_rate.rate, .stages[0].conversion, .overdue]' \
	'[[0,0,0,0,0,0,0],null,null,[]]' "an empty report, with no denominators"

# ---- rates ------------------------------------------------------------------
printf 'rates: {reporting: CLP, USD: 950.25, as_of: 2026-03-31}\n' >"$T/rates.yaml"
report --json --config "$T/rates.yaml"
expect_rc 0 "with rates"
# inmadura: 6,000,000 CLP; EUR has no rate: listed, never guessed.
jq_is '.stages[0].totals_converted' '{"currency":"CLP","amount":"6000000","as_of":"2026-03-31","unconverted":["EUR"]}' \
	"inmadura's converted total"
# por-facturar: 5,000.00 USD * 950.25 = 4,751,250; weighted 4,500.00 *
# 950.25 = 4,276,125.
jq_is '[.stages[3].totals_converted.amount, .stages[3].weighted_converted.amount]' '["4751250","4276125"]' \
	"por-facturar converted"
# perdida: 9,000,000 + 2,000.00 * 950.25 = 9,000,000 + 1,900,500.
jq_is '.stages[6].totals_converted.amount' '"10900500"' "perdida converted"
# Won 18,000,000 + 7,000.00 * 950.25 = 24,651,750; lost 9,000,000:
# 24,651,750 / 33,651,750 = 0.73256.
jq_is '.win_rate.by_value_converted' \
	'{"currency":"CLP","won":"24651750","lost":"9000000","rate":0.7326,"as_of":"2026-03-31","unconverted":[]}' \
	"the win rate by value, converted"
jq_is '.cancelled.value_converted.amount' '"1900500"' "the cancellation converted"
jq_is '.losses[2].value_converted.amount' '"1900500"' "a loss converted"
# 1,500,000 + 4,500.00 * 950.25 = 5,776,125, EUR left out.
jq_is '.forecast.weighted_converted' '{"currency":"CLP","amount":"5776125","as_of":"2026-03-31","unconverted":["EUR"]}' \
	"the forecast converted"
jq_is '.forecast.by_close_month[2].weighted_converted.amount' '"4276125"' "a month converted"
jq_is '[.stages[0].totals, .forecast.weighted]' '[{"CLP":"6000000","EUR":"1000.00"},{"CLP":"1500000","EUR":"100.00","USD":"4500.00"}]' \
	"the per-currency totals stay as they are"
COLUMNS=80 report --config "$T/rates.yaml"
expect_rc 0 "the table with rates"
expect_out "^ +≈ CLP +4,751,250 +4,276,125$" "por-facturar's converted row"
expect_out "^≈ CLP +24,651,750 +9,000,000 +73\.3%$" "the win rate converted"
expect_out "^≈: converted to CLP at the rates of 2026-03-31" "the rates' date"
report --format csv --config "$T/rates.yaml"
expect_rc 0 "CSV with rates"
csv_has "rates,CLP,as_of,,2026-03-31" "the rates' date"
csv_has "stages,inmadura,totals_unconverted,EUR," "EUR has no rate"
csv_has "forecast,,weighted_converted,CLP,5776125" "the forecast converted"

# ---- usage ------------------------------------------------------------------
for bad in "--format xml" "--json --format csv" "--since 2026-02-30" "--until tomorrow" \
	"--since 2026-03-01 --until 2026-02-01" "--by team" "--stage lista"; do
	# shellcheck disable=SC2086
	report $bad
	expect_rc 2 "report $bad"
done
report --since 2026-03-01 --until 2026-02-01
expect_err "after --until" "an empty period is refused"
printf 'rates: {reporting: CLP, USD: -1, as_of: 2026-03-31}\n' >"$T/bad.yaml"
report --json --config "$T/bad.yaml"
expect_rc 5 "bad rates"
expect_err "bad\.yaml:1:30: rates\.USD '-1'" "where the bad rate is"

finish
