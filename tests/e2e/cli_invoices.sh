# Evidence sanity for invoices: one invoice number is recorded once per
# opportunity (exit 1, naming the first; a retracted one does not count),
# and show says how much was invoiced of the opportunity's amount.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

id=$(new_opp "Facturas" --amount 48000000)
ok invoice "$id" --number F-100 --date 2026-02-01 --amount 30000000
first=$(cat "$OUT")
v=$(json_field "$id" version)

run invoice "$id" --number f-100 --amount 30000000
expect_rc 1 "the same invoice number again"
expect_err "refused: invoice F-100 is already recorded on opportunity $id \(item $first, dated 2026-02-01\)" "names the first"
expect_eq "$(cat "$OUT")" "" "no item id printed"
expect_eq "$(json_field "$id" version)" "$v" "nothing changed"
run show "$id" --json
expect_eq "$(jq '.invoices | length' "$OUT")" 1 "still one invoice"

# Another opportunity may have its own F-100.
other=$(new_opp "Otra")
ok invoice "$other" --number F-100

# show: invoiced X of Y, in the table and (a new field) in JSON.
ok invoice "$id" --number F-101
ok show "$id"
expect_out "^Invoices: +invoiced 30,000,000 of 48,000,000 CLP; 1 invoice without an amount$" "show says invoiced X of Y"
run show "$id" --json
expect_eq "$(jq -r .invoiced "$OUT")" 30000000 "JSON invoiced"
expect_eq "$(jq -r .amount "$OUT")" 48000000 "JSON amount unchanged"

# A retracted invoice counts neither as a duplicate nor in the sum.
ok retract "$id" invoice "$first"
ok show "$id"
expect_out "^Invoices: +invoiced 0 of 48,000,000 CLP; 1 invoice without an amount$" "retracted invoice not added"
ok invoice "$id" --number F-100 --amount 18000000
ok show "$id"
expect_out "^Invoices: +invoiced 18,000,000 of 48,000,000 CLP; 1 invoice without an amount$" "re-recorded after the retraction"

# Without an amount on the opportunity.
none=$(new_opp "Sin monto" --currency USD)
ok invoice "$none" --number A-1 --amount 1250.50
ok show "$none"
expect_out "^Invoices: +invoiced 1,250.50 USD \(the opportunity has no amount\)$" "no amount on the opportunity"
ok show "$other"
expect_out "^Invoices: +invoiced 0 CLP \(the opportunity has no amount\); 1 invoice without an amount$" "neither"

finish
