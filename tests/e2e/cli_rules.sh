# The pipeline rules of domain.md, through the CLI against a real database:
# forward steps need evidence, multi-step moves are all or nothing and name
# every missing requirement, back moves need a note, losses and reopening,
# unknown stages are usage errors, each step recorded in history.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

# ---- forward one step: refused, then allowed after the evidence ----------
a=$(new_opp "Paso a paso")
run move "$a" calificada
expect_rc 1 "inmadura -> calificada without criteria"
for n in 1 2 3 4 5; do
	expect_err "^embudo: refused: criterion-$n: " "names criterion $n"
	expect_err "^embudo: hint: embudo criterion $a $n\$" "hint for criterion $n"
done
expect_err "Se ha tenido una interacción directa \(1:1\) con el cliente\." "glossary text of criterion 1"
expect_err "servicios de 23people pueden" "criterion 4 names the organisation"
expect_eq "$(stage_of "$a")" inmadura "refused move changed nothing"
v=$(json_field "$a" version)
for n in 1 2 3 4; do ok criterion "$a" "$n"; done
run move "$a" calificada
expect_rc 1 "four criteria are not enough"
expect_err "^embudo: refused: criterion-5: "
expect_eq "$(grep -c '^embudo: refused: ' "$ERR")" 1 "only the criterion still unmet is named"
ok criterion "$a" 5 --note "Presupuesto confirmado por el gerente"
ok move "$a" Calificada
expect_eq "$(stage_of "$a")" calificada "moved after the evidence"
[ "$(json_field "$a" version)" -gt "$v" ] || fail "version did not grow"

# an organisation name from the config in criterion texts
printf 'organization: "Acme Ltda."\n' >"$T/org.yaml"
b=$(new_opp "Con organización")
run_raw --config "$T/org.yaml" --db "$DB" move "$b" calificada
expect_rc 1 "refused with a configured organisation"
expect_err "servicios de Acme Ltda\. pueden" "criterion 4 uses the configured organisation"

# ---- multi-step: all or nothing, every missing requirement named ---------
c=$(new_opp "Varios pasos")
ok criterion "$c" 1
ok criterion "$c" 3
run move "$c" por-facturar
expect_rc 1 "inmadura -> por-facturar missing evidence"
for code in criterion-2 criterion-4 criterion-5 commitment billing-approval; do
	expect_err "^embudo: refused: $code: " "multi-step names $code"
done
expect_err "^embudo: hint: embudo commitment $c --kind"
expect_err "^embudo: hint: embudo billing-approval $c --ref"
# exactly those five: not criterion-1 or -3 (met), not invoice (not on the way)
expect_eq "$(grep -c '^embudo: refused: ' "$ERR")" 5 "multi-step names what is missing, nothing else"
expect_eq "$(stage_of "$c")" inmadura "all or nothing: still inmadura"
qualify "$c"
ok commitment "$c" --kind email --ref "Correo del 3 de marzo"
expect_out '^[0-9]+$' "commitment prints its item id"
ok billing-approval "$c" --ref "HES 123" --date 2026-11-01
ok move "$c" "Por Facturar"
expect_eq "$(stage_of "$c")" por-facturar "multi-step allowed"
ok history "$c" --json
json_valid "$OUT" || fail "history --json is not valid JSON"
expect_eq "$(grep -o '"what":"move"' "$OUT" | wc -l | tr -d ' ')" 3 "one history row per step"

# ---- back moves need a note ---------------------------------------------
run move "$c" inmadura
expect_rc 1 "back move without a note"
expect_err "^embudo: refused: note: "
expect_err "^embudo: hint: embudo move $c inmadura --note TEXT"
expect_eq "$(stage_of "$c")" por-facturar "refused back move changed nothing"
ok move "$c" calificada --note "El cliente revisa el alcance"
expect_eq "$(stage_of "$c")" calificada "back move with a note"
expect_eq "$(json_field "$c" commitments.0.kind)" email "evidence kept after a back move"
expect_eq "$(json_field "$c" billing_approval.ref)" "HES 123" "approval kept after a back move"
ok history "$c"
expect_out "El cliente revisa el alcance" "history shows the note"
ok move "$c" por-facturar
expect_eq "$(stage_of "$c")" por-facturar "forward again with the kept evidence"

# ---- same stage, unknown stage ------------------------------------------
run move "$c" por-facturar
expect_rc 1 "move to the stage it is in"
expect_err "refused: same-stage"
run move "$c" ganada
expect_rc 2 "unknown stage is a usage error"
expect_err "no stage 'ganada'"
expect_err "^usage: embudo move"
run move 4242 calificada
expect_rc 3 "move a missing opportunity"
run move "$c" perdida
expect_rc 1 "move to perdida needs a reason"
expect_err "refused: reason: "
expect_err "hint: embudo lose $c --reason"

# ---- losses --------------------------------------------------------------
# from inmadura
l1=$(new_opp "Perdida temprano")
ok lose "$l1" --reason declined --note "No hay presupuesto"
expect_eq "$(stage_of "$l1")" perdida "lost from inmadura"
expect_eq "$(json_field "$l1" lost.from)" inmadura "lost-from remembered"
expect_eq "$(json_field "$l1" lost.reason)" declined "loss reason"
expect_eq "$(json_field "$l1" lost.note)" "No hay presupuesto" "loss note"
# from calificada
l2=$(new_opp "Perdida calificada")
qualify "$l2"
ok move "$l2" calificada
ok lose "$l2" --reason competitor
expect_eq "$(json_field "$l2" lost.from)" calificada "lost from calificada"
# after comprometida (a cancellation)
l3=$(new_opp "Perdida comprometida")
qualify "$l3"
ok commitment "$l3" --kind purchase-order --ref "OC 4500012" --date 2026-10-10
ok move "$l3" comprometida
ok lose "$l3" --reason cancelled --note "Proyecto pospuesto"
expect_eq "$(json_field "$l3" lost.from)" comprometida "lost after comprometida"
# bad and missing reasons
l4=$(new_opp "Razón mala")
run lose "$l4" --reason aburrido
expect_rc 2 "unknown loss reason"
expect_err "no loss reason 'aburrido'"
run lose "$l4"
expect_rc 2 "lose without --reason"
expect_eq "$(stage_of "$l4")" inmadura "bad loss changed nothing"
run lose "$l1" --reason declined
expect_rc 1 "a lost card cannot be lost again"
expect_err "refused: already-lost"

# ---- out of perdida only by reopening ----------------------------------
run move "$l3" comprometida
expect_rc 1 "move out of perdida"
expect_err "refused: reopen: "
expect_err "hint: embudo reopen $l3 --note TEXT"
run move "$l3" inmadura --note "intento"
expect_rc 1 "move back out of perdida, even with a note"
expect_eq "$(stage_of "$l3")" perdida "still lost"
run reopen "$l3"
expect_rc 1 "reopen without a note"
expect_err "refused: note: "
expect_eq "$(stage_of "$l3")" perdida "refused reopen changed nothing"
ok reopen "$l3" --note "Nuevo presupuesto aprobado"
expect_eq "$(stage_of "$l3")" comprometida "reopened to the lost-from stage"
expect_eq "$(json_field "$l3" lost)" null "no loss after reopening"
run reopen "$l3" --note "otra vez"
expect_rc 1 "reopen a card that is not lost"
expect_err "refused: not-lost"
ok history "$l3"
expect_out "lose" "history shows the loss"
expect_out "reopen.*Nuevo presupuesto aprobado|Nuevo presupuesto aprobado" "history shows the reopen note"

# ---- the whole flow to lista ---------------------------------------------
f=$(new_opp "Flujo completo" --currency USD --amount 1000)
qualify "$f"
ok commitment "$f" --kind contract --ref "Contrato firmado"
ok billing-approval "$f" --ref "Aprobación por correo"
ok invoice "$f" --number F-0001 --date 2026-11-20 --amount 400.50
expect_out '^[0-9]+$' "invoice prints its item id"
run invoice "$f" --number F-0002 --amount 1.234
expect_rc 2 "invoice amount in the card's currency (USD: 2 decimals)"
ok delivery "$f" --scope partial --note "Fase 1"
ok move "$f" lista
expect_eq "$(stage_of "$f")" lista "inmadura -> lista in one go"
expect_eq "$(json_field "$f" invoices.0.amount)" "400.50" "invoice amount"
expect_eq "$(json_field "$f" delivery.scope)" partial "delivery scope"
run delivery "$f" --scope half
expect_rc 2 "unknown delivery scope"
run commitment "$f" --kind fax --ref x
expect_rc 2 "unknown commitment kind"
run commitment "$f" --kind email
expect_rc 2 "commitment without --ref"
run criterion "$f" 6
expect_rc 2 "criterion number out of range"
run criterion "$f" 0
expect_rc 2 "criterion number 0"
run billing-approval "$f" --ref x --date 2026-13-01
expect_rc 2 "bad evidence date"

# existing client: another opportunity of the client reached en-facturacion
CLIENT="Cliente Uno" g=$(new_opp "Otra del mismo cliente")
expect_eq "$(json_field "$g" existing_client)" true "client with a billed opportunity is existing"
CLIENT="Cliente Nuevo" h=$(new_opp "Cliente sin historia")
expect_eq "$(json_field "$h" existing_client)" false "new client"

finish
