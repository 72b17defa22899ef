# Evidence and the invariant through the CLI: recording never moves a card,
# evidence may be recorded ahead of time, retracting what the stage (or the
# lost-from stage) depends on is refused, and every change is in history.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

# ---- criteria: unset on a calificada card is refused ---------------------
a=$(new_opp "Invariante criterios")
qualify "$a"
expect_eq "$(stage_of "$a")" inmadura "recording criteria does not move the card"
ok criterion "$a" 2 --unset
expect_eq "$(json_field "$a" criteria.1)" false "unset on an inmadura card is allowed"
ok criterion "$a" 2
ok move "$a" calificada
v=$(json_field "$a" version)
run criterion "$a" 3 --unset
expect_rc 1 "unticking a criterion of a calificada card"
expect_err "^embudo: refused: criterion-3: " "names the criterion that would go missing"
expect_err "^embudo: refused: move-back-first: " "says to move back first"
expect_err "hint: embudo move $a inmadura --note TEXT"
expect_no_err "hint: embudo criterion $a 3" "no hint to tick the criterion being unticked"
expect_eq "$(json_field "$a" criteria.2)" true "criterion still met"
expect_eq "$(json_field "$a" version)" "$v" "refusal wrote nothing"
ok move "$a" inmadura --note "Falta validar presupuesto"
ok criterion "$a" 3 --unset
expect_eq "$(json_field "$a" criteria.2)" false "unset allowed after moving back"

# ---- commitments: the only one cannot go; a second one can --------------
b=$(new_opp "Invariante compromiso")
qualify "$b"
ok commitment "$b" --kind email --ref "Correo de aceptación" --date 2026-11-02
k1=$(cat "$OUT")
ok move "$b" comprometida
run retract "$b" commitment "$k1"
expect_rc 1 "retracting the only commitment of a comprometida card"
expect_err "refused: commitment: "
expect_err "refused: move-back-first: "
expect_err "hint: embudo move $b calificada --note TEXT"
expect_no_err "hint: embudo commitment" "no hint to record the commitment being retracted"
expect_eq "$(json_field "$b" commitments.0.id)" "$k1" "commitment still there"
ok commitment "$b" --kind purchase-order --ref "OC 4500999"
k2=$(cat "$OUT")
ok show "$b"
expect_out "item $k1: email" "show lists commitment item ids"
expect_out "item $k2: purchase-order"
ok retract "$b" commitment "$k1"
expect_eq "$(json_field "$b" commitments.0.id)" "$k2" "one of two commitments retracted"
run retract "$b" commitment "$k2"
expect_rc 1 "then the last one is refused"
run retract "$b" commitment 99999
expect_rc 3 "retract a missing item"
run retract "$b" commitment
expect_rc 2 "retract commitment without item id"
run retract "$b" criterion 1
expect_rc 2 "criteria are retracted with criterion --unset"
expect_err "criterion $b N --unset"
run retract "$b" billing-approval 3
expect_rc 2 "billing-approval takes no item id"
run retract "$b" nothing
expect_rc 2 "unknown evidence kind"

# ---- evidence ahead of time does not move the card ----------------------
ok invoice "$b" --number F-100 --date 2026-11-10
inv=$(cat "$OUT")
ok billing-approval "$b" --ref "Aprobación anticipada"
ok delivery "$b" --scope total
expect_eq "$(stage_of "$b")" comprometida "recording later evidence does not move"
ok retract "$b" invoice "$inv"
expect_eq "$(json_field "$b" invoices)" "[]" "invoice recorded ahead can be retracted"
ok retract "$b" delivery
expect_eq "$(json_field "$b" delivery)" null "delivery retracted"
ok move "$b" por-facturar
run retract "$b" billing-approval
expect_rc 1 "retracting the approval a por-facturar card depends on"
expect_err "refused: billing-approval: "
expect_eq "$(stage_of "$b")" por-facturar "still por-facturar"

# ---- a lost card keeps the evidence of its lost-from stage ---------------
c=$(new_opp "Perdida con compromiso")
qualify "$c"
ok commitment "$c" --kind contract --ref "Anexo 2"
kc=$(cat "$OUT")
ok move "$c" comprometida
ok lose "$c" --reason no-agreement
run retract "$c" commitment "$kc"
expect_rc 1 "retracting what the lost-from stage depends on"
run criterion "$c" 1 --unset
expect_rc 1 "unticking a criterion of a card lost from comprometida"

# ---- history: each step ----------------------------------------------------
ok history "$b"
for what in create criterion commitment move retract invoice billing-approval delivery; do
	expect_out "  $what " "history of $b has '$what'"
done
ok history "$b" --json
json_valid "$OUT" || fail "history --json is not valid JSON"
expect_eq "$(json_get 0.what <"$OUT")" create "history starts with the creation"
expect_eq "$(grep -o '"what":"criterion"' "$OUT" | wc -l | tr -d ' ')" 5 "five criterion events"
expect_eq "$(grep -o '"what":"retract"' "$OUT" | wc -l | tr -d ' ')" 3 "three retractions"
[ -n "$(json_get 0.who <"$OUT")" ] || fail "history records who"
json_get 0.at <"$OUT" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$' || fail "history 'at' is a UTC timestamp"
run history 99999
expect_rc 3 "history of a missing opportunity"
ok delete "$b"
ok restore "$b"
ok history "$b"
expect_out "  delete " "delete recorded"
expect_out "  restore " "restore recorded"

# ---- EMBUDO_NOW sets the clock of history and default dates --------------
d=$(EMBUDO_NOW=2026-01-15T10:00:00Z "$EMBUDO_BIN" --db "$DB" add "Con reloj" --client R)
EMBUDO_NOW=2026-01-20T10:00:00Z "$EMBUDO_BIN" --db "$DB" commitment "$d" --kind email --ref r >/dev/null
expect_eq "$(json_field "$d" created)" "2026-01-15T10:00:00Z" "created from EMBUDO_NOW"
expect_eq "$(json_field "$d" commitments.0.date)" "2026-01-20" "default evidence date is today"

finish
