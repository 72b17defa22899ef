# The board's evidence forms, driven from the keyboard and checked in the
# database through the CLI: a move of several stages cut short (what was
# saved stays, only what is missing is named, M takes the card as far as
# its evidence allows), the checklist by its digits and Home/End and, past
# Calificada, read-only; then a commitment, the billing approval, an
# invoice and a delivery through their forms; the detail of a card with
# evidence and of a lost card.
. "$(dirname "$0")/lib/tmux.sh"
command -v jq >/dev/null 2>&1 || t_fail "jq is required (apt-get install jq; make deps-test)"
t_cli add "Ruta Ñandú" --client "Viña Sur" --amount 1500000 >/dev/null || t_fail "cli add"

# j FILTER: a field of opportunity 1 as stored.
j() { t_cli show 1 --json | jq -r "$1"; }

t_start 100 30
t_wait "Inmadura (1)"

# m to en Facturación: the checklist opens first.
t_keys m
t_wait "Move to stage"
t_keys Down Down Down Down Enter
t_wait "Missing to enter Oportunidad Calificada"
t_wait "[ ] 1. Se ha tenido una interacción directa (1:1) con el cliente."
t_wait "Met: 0/5"
# the digits toggle their criterion; Home and End reach the first and last
t_keys 1 2 3
t_wait "Met: 3/5"
t_keys End Space
t_wait "Met: 4/5"
t_wait "[x] 5. Se ha verificado"
t_keys Home Space
t_wait "Met: 3/5"
t_wait "[ ] 1. Se ha tenido"
t_keys 1 4
t_wait "Met: 5/5"
t_keys Enter
# the next form of the chain; cancelled
t_wait "Missing to enter Oportunidad Comprometida"
t_wait "Then a form for each of: Oportunidad por Facturar"
t_keys Escape
t_wait_message "Not moved to Oportunidad en Facturación (form cancelled); still missing: commitment; billing-approval; invoice. Its evidence allows Oportunidad Calificada: press M to move it there. Checklist saved: 5/5 criteria met (5 changed)."
[ "$(j .stage)" = inmadura ] || t_fail "a cut-short chain moved the card: $(j .stage)"
[ "$(j '.criteria | all')" = true ] || t_fail "the saved criteria were lost: $(j -c .criteria)"
t_keys M
t_wait "Moved Ruta Ñandú to Oportunidad Calificada."
t_wait "Calificada (1)"
[ "$(j .stage)" = calificada ] || t_fail "M did not move the card: $(j .stage)"

# Past Inmadura the checklist is read-only and says how to change it.
t_keys c
t_wait "Qualification: Oportunidad Calificada (read-only)"
t_wait "close (read-only)"
t_keys 3
t_wait "Read-only: to change a criterion, move the card back to Oportunidad"
t_keys Enter
t_wait_message "Checklist unchanged (read-only): to change a criterion, move the card back to Oportunidad Inmadura first (m)."
[ "$(j '.criteria | all')" = true ] || t_fail "the read-only checklist changed a criterion"

# Comprometida: the commitment form (kind, reference, date).
t_keys '>'
t_wait "Missing to enter Oportunidad Comprometida"
t_keys Right
t_wait "< purchase-order:"
t_keys Tab
t_type "OC-2024-17"
t_keys Tab BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
t_type "2026-01-15"
t_wait "2026-01-15"
t_keys Enter
t_wait "Moved Ruta Ñandú to Oportunidad Comprometida."
[ "$(j '.commitments[0] | "\(.kind) \(.ref) \(.date)"')" = "purchase-order OC-2024-17 2026-01-15" ] ||
	t_fail "commitment not stored: $(j -c .commitments)"

# The billing approval, recorded ahead of the move through v.
t_keys v
t_wait "Record evidence"
t_keys Down Down Enter
t_wait "Client's approval to start invoicing"
t_type "AP-9"
t_keys Enter
t_wait "Billing approval recorded."
[ "$(j .billing_approval.ref)" = AP-9 ] || t_fail "approval not stored: $(j -c .billing_approval)"
[ "$(j .stage)" = comprometida ] || t_fail "recording evidence moved the card"
t_keys '>'
t_wait "Moved Ruta Ñandú to Oportunidad por Facturar."

# en Facturación: the invoice form, with an amount in the card's currency.
t_keys '>'
t_wait "Sales invoice issued"
t_type "F-001"
t_keys Tab Tab
t_type "750.000"
t_wait "750.000"
t_keys Enter
t_wait "Moved Ruta Ñandú to Oportunidad en Facturación."
[ "$(j '.invoices[0] | "\(.number) \(.amount)"')" = "F-001 750000" ] ||
	t_fail "invoice not stored: $(j -c .invoices)"

# Lista: the delivery form (scope, date, note).
t_keys '>'
t_wait "Missing to enter Oportunidad Lista"
t_keys Right
t_wait "< partial >"
t_keys Tab Tab
t_type "primera fase"
t_keys Enter
t_wait "Moved Ruta Ñandú to Oportunidad Lista."
[ "$(j '.delivery | "\(.scope) \(.note)"')" = "partial primera fase" ] ||
	t_fail "delivery not stored: $(j -c .delivery)"
[ "$(j .stage)" = lista ] || t_fail "not in lista: $(j .stage)"

# The detail of a card with evidence (a tall pane: all of it on screen).
tmux -L "$T_SOCK" resize-window -x 120 -y 60
t_keys Enter
t_wait "#1 purchase-order  ref OC-2024-17  2026-01-15"
t_wait "Billing approval (por Facturar): ref AP-9"
t_wait "number F-001"
t_wait "Delivery (Lista): partial"
t_wait "primera fase"
t_keys Escape
t_wait_gone "Billing approval (por Facturar)"

# The detail of a lost card: where it was lost from, the reason, the note.
t_cli add "Otra Ñ" --client "Pérdida SA" >/dev/null || t_fail "cli add"
t_cli lose 2 --reason competitor --note "eligió a otro" >/dev/null || t_fail "cli lose"
t_wait "Perdida (1)"
t_keys l
t_keys Enter
t_wait "Lost from:     Oportunidad Inmadura"
t_wait "Reason:        competitor"
t_wait "Loss note:     eligió a otro"
t_keys Escape
t_wait_gone "Loss note:"
t_keys q
t_wait "EXITED 0"
