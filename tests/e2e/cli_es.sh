#!/usr/bin/env bash
# Spanish-speaking users: filters that forgive case and accents, CLP amounts
# written the Chilean way, a wide AMOUNT column, and restore in place.
. "$(dirname "$0")/lib/common.sh"

# ---- filters: case and accents forgiven --------------------------------
ID1=$(new_opp "Migración a la nube" --owner "José" --line "Nube" --client "Compañía Ñandú")
ID2=$(new_opp "Soporte anual" --owner "ana" --line "Soporte" --client "Banco Sur")
ID3=$(new_opp "Otra migracion" --owner "JOSE" --line "nube" --client "banco sur")

run list --owner jose
expect_rc 0 "list --owner jose"
expect_out "Migración a la nube" "owner without accent finds José"
expect_out "Otra migracion" "owner in another case finds JOSE"
expect_no_out "Soporte anual" "owner filter leaves ana out"
run list --owner jos
expect_no_out "Migración" "owner is a whole value, not a prefix"
expect_out "^0 opportunities" "nothing for a partial owner"

run list --client "COMPANIA NANDU"
expect_out "Migración a la nube" "client without ñ/accents in capitals"
expect_out "^1 opportunity" "exactly one"
run list --client "Banco Sur"
expect_out "^2 opportunities" "client whatever its case"
run list --client "Banco"
expect_out "^0 opportunities" "client is a whole value"
run list --line NUBE --json
expect_rc 0 "list --line NUBE --json"
expect_out "\"id\":$ID1," "line Nube"
expect_out "\"id\":$ID3," "line nube"
expect_no_out "\"id\":$ID2," "line Soporte left out"

# ---- CLP amounts written the Chilean way -------------------------------
run add "Licencias" --client "Cliente Uno" --amount 1.234.567
expect_rc 0 "CLP with dots as thousands separators"
ID4=$(cat "$OUT")
expect_eq "$(json_field "$ID4" amount)" "1234567" "1.234.567 CLP is 1234567"
run edit "$ID4" --amount 2.000.000
expect_rc 0 "edit with Chilean dots"
expect_eq "$(json_field "$ID4" amount)" "2000000" "2.000.000 CLP"
run add "Mal" --client "Cliente Uno" --amount 1.5
expect_rc 2 "1.5 CLP is a usage error"
expect_err "too many decimals for CLP \(0 allowed\)" "says why"
run add "USD" --client "Cliente Uno" --currency USD --amount 1.234.567
expect_rc 2 "USD with dot-grouping is refused"
expect_err "write 1234567\.50 or 1,234,567\.50" "names the accepted forms"
run add "USD" --client "Cliente Uno" --currency USD --amount 1,234,567.50
expect_rc 0 "the form it suggests works"

# ---- AMOUNT column: big amounts whole, aligned -------------------------
run add "Enorme" --client "Cliente Uno" --amount 999.999.999.999.999
ID5=$(cat "$OUT")
run add "Maximo" --client "Cliente Uno" --currency USD --amount 92233720368547758.07
ID6=$(cat "$OUT")
run list
expect_rc 0 "list"
expect_out "999,999,999,999,999 CLP" "a huge CLP amount is not cut"
expect_out "92,233,720,368,547,758\.07 USD" "the largest USD amount is not cut"
expect_no_out "…" "nothing cut in the table"
# Right-aligned: every amount ends in the same column as the AMOUNT header,
# the widest too (rows with amounts have ASCII titles here: awk counts bytes).
ends=$(grep -E '^ +[0-9]+ .* (CLP|USD) +[0-9]+$' "$OUT" | awk '{ match($0, / (CLP|USD) +[0-9]+$/); print RSTART + 3 }' | sort -u)
hdr=$(head -1 "$OUT" | awk '{ print index($0, "AMOUNT") + 5 }')
expect_eq "$ends" "$hdr" "every amount ends under the end of the AMOUNT header"

# ---- restore: back to its place ----------------------------------------
A=$(new_opp "Primera")
B=$(new_opp "Segunda")
C=$(new_opp "Tercera")
ok delete "$B"
ok restore "$B"
run list --json --stage inmadura
order=$(grep -oE '"title":"(Primera|Segunda|Tercera)"' "$OUT" | tr -d '\n')
expect_eq "$order" '"title":"Primera""title":"Segunda""title":"Tercera"' \
	"a restored middle card is back in the middle"
: "$A$C$ID5"

finish
