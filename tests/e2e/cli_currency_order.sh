# One currency order in every total: the configured default currency
# first, then by code; never the order the rows happen to come in.
. "$(dirname "$0")/lib/common.sh"

new_opp "Dólares" --currency USD --amount 1500 >/dev/null
new_opp "UF" --currency CLF --amount 12.5 >/dev/null
new_opp "Euros" --currency EUR --amount 10 >/dev/null
new_opp "Pesos" --amount 48000000 >/dev/null

ok list
expect_out "^4 opportunities · CLP 48,000,000 · CLF 12.5000 · EUR 10.00 · USD 1,500.00$" "CLP (the default) first, then by code"

printf 'currency: USD\n' >"$T/usd.yaml"
ok --config "$T/usd.yaml" list
expect_out "^4 opportunities · USD 1,500.00 · CLF 12.5000 · CLP 48,000,000 · EUR 10.00$" "the configured currency first"

# The same order whatever order the rows come in.
ok list --stage inmadura
expect_out "^4 opportunities · CLP 48,000,000 · CLF 12.5000 · EUR 10.00 · USD 1,500.00$" "filtered list"

finish
