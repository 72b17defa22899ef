# Deleted or live in the wrong state (exit 1, not a usage error), currency
# codes from ISO 4217 only, amounts in the card's own currency, and the
# per-currency totals under `list`.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

# ---- a deleted opportunity: refused with exit 1, the way out named ------
a=$(new_opp "Borrada" --amount 100)
b=$(new_opp "Viva")
ok delete "$a"
v=$(json_field "$a" version)
for cmd in "edit $a --title otro" "criterion $a 1" "commitment $a --kind email --ref r" \
	"billing-approval $a --ref r" "invoice $a --number F-9" "invoice $a --number F-9 --amount 5" \
	"delivery $a --scope total" "move $a calificada" "lose $a --reason declined" \
	"reopen $a --note x" "retract $a delivery"; do
	# shellcheck disable=SC2086
	run $cmd
	expect_rc 1 "$cmd on a deleted opportunity"
	expect_err "opportunity $a is deleted; restore it first: embudo restore $a" "$cmd: the message"
	expect_err "nothing was changed" "$cmd: says nothing changed"
	expect_no_err '^usage:' "$cmd: a usage line for a state refusal"
done
expect_eq "$(json_field "$a" version)" "$v" "nothing changed the deleted one"
expect_eq "$(json_field "$a" title)" "Borrada" "title kept"
run delete "$a"
expect_rc 1 "delete of a deleted one"
expect_err "opportunity $a is already deleted"
expect_no_err '^usage:' "delete twice: usage line"
run restore "$b"
expect_rc 1 "restore of a live one"
expect_err "opportunity $b is not deleted"
expect_no_err '^usage:' "restore of a live one: usage line"
expect_eq "$(json_field "$a" version)" "$v" "refusals left the version alone"
ok restore "$a"
ok edit "$a" --title "Restaurada"
expect_eq "$(json_field "$a" title)" "Restaurada" "editable once restored"
# a usage error stays a usage error, and a missing one stays 3
run edit "$a" --close 2027-13-01
expect_rc 2 "bad date is still a usage error"
run restore 98765
expect_rc 3 "restore of a missing opportunity"

# ---- currencies: active ISO 4217 codes only -----------------------------
for code in USS ABC XXX usx; do
	run add "Mal" --client Z --currency "$code"
	expect_rc 2 "add --currency $code"
	expect_err "unknown currency '$code' \(ISO 4217 code such as CLP, USD, EUR, CLF\)"
done
run edit "$b" --currency USS
expect_rc 2 "edit --currency USS"
expect_eq "$(json_field "$b" currency)" "CLP" "a refused currency changed nothing"
ok list --json
expect_eq "$(jq -r '[.[].title] | join(",")' "$OUT")" "Restaurada,Viva" "no opportunity with a bad currency"
# ISO 4217 minor units: KWD has 3, JPY 0
k=$(new_opp "Kuwait" --currency kwd --amount 1.234)
expect_eq "$(json_field "$k" amount)" "1.234" "KWD keeps three decimals"
run add "Yen" --client Z --currency JPY --amount 10.5
expect_rc 2 "JPY takes no decimals"

# ---- an amount without --currency is in the card's own currency --------
u=$(new_opp "Dólares" --currency USD --amount 10)
ok edit "$u" --amount 12.5
expect_eq "$(json_field "$u" amount)" "12.50" "edit --amount in USD"
run invoice "$u" --number F-1 --amount 3.25
expect_rc 0 "invoice --amount"
expect_out '^[0-9]+$' "invoice prints the item id"
expect_eq "$(json_field "$u" invoices.0.amount)" "3.25" "invoice amount in USD"
run invoice "$u" --number F-2 --amount 1.255
expect_rc 2 "three decimals are not USD"
v=$(json_field "$u" version)
run invoice "$u" --number F-3 --amount 1 --if-version "$((v - 1))"
expect_rc 1 "stale --if-version with --amount"
expect_err "conflict: opportunity $u changed since version $((v - 1)) \(now $v\)"
expect_eq "$("$EMBUDO_BIN" --db "$DB" show "$u" --json | jq ".invoices | length")" 1 "nothing recorded by the conflict"
ok invoice "$u" --number F-3 --amount 1 --if-version "$v"

# ---- list: totals per currency of the rows listed, never added ---------
DB=$T/totals.db
new_opp "Uno" --amount 100,000,000 >/dev/null
new_opp "Dos" --amount 17,500,000 >/dev/null
new_opp "Tres" --currency USD --amount 100000 >/dev/null
new_opp "Cuatro" --currency USD --amount 13000 >/dev/null
new_opp "Cinco" --currency CLF --amount 960 >/dev/null
new_opp "Seis" >/dev/null
CLIENT="Otro Cliente" new_opp "Siete" --currency CLF --amount 0.5 >/dev/null
gone=$(new_opp "Borrada" --currency EUR --amount 5)
ok delete "$gone"
ok list
expect_eq "$(tail -1 "$OUT")" \
	"7 opportunities · CLP 117,500,000 · CLF 960.5000 · USD 113,000.00" \
	"footer: one total per currency (CLP first, then by code), deleted ones not listed"
ok list --client "Otro Cliente"
expect_eq "$(tail -1 "$OUT")" "1 opportunity · CLF 0.5000" "footer of a filtered list"
ok list --all
expect_eq "$(tail -1 "$OUT")" \
	"8 opportunities · CLP 117,500,000 · CLF 960.5000 · EUR 5.00 · USD 113,000.00" \
	"list --all totals the rows it lists"
ok list --stage lista
expect_eq "$(tail -1 "$OUT")" "0 opportunities" "an empty list has no totals"
ok list --json
json_valid "$OUT" || fail "list --json stays pure JSON"
expect_no_out "opportunities" "no footer in JSON"

finish
