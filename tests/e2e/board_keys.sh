# What a newcomer finds at 80x24: the status bar keeps "/ filter" and
# "u undo" and offers what the focused card allows (its checklist in
# Inmadura, reopen on a lost card); the help says what keys do in words,
# with a legend of the marks; the owner filter offers the owners with
# their card counts and narrows as a name is typed.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Portal Ñandú" --client "Café Austral" --owner "José Pérez" >/dev/null || t_fail "cli add 1"
t_cli add "Mesa de ayuda" --client "Clínica Sur" --owner "jose perez" >/dev/null || t_fail "cli add 2"
t_cli add "Data lake" --client "Banco Sur" --owner "mgonzalez" >/dev/null || t_fail "cli add 3"
id=$(t_cli add "Perdido" --client "Viña" --owner "vsoto") || t_fail "cli add 4"
t_cli lose "$id" --reason declined >/dev/null || t_fail "cli lose"
t_start 80 24
t_wait "Inmadura (3)"
bar() { t_screen | tail -n 1; }
t_wait "c checklist"
for k in "/ filter" "u undo" "> advance" "? help" "q quit"; do
	bar | grep -qF -- "$k" || t_fail "the status bar lacks '$k': $(bar)"
done
t_lacks "r reopen" "$(bar)" "reopen offered for an open card"
# a lost card: reopen, not advance
t_keys l l l l l l
t_wait "Perdida (1)"
t_wait "r reopen"
t_lacks "> advance" "$(bar)" "advance offered for a lost card"
bar | grep -qF "u undo" || t_fail "the status bar lacks undo: $(bar)"
t_keys h h h h h h
t_wait "c checklist"
# the help: words, not action names, and the legend
t_keys '?'
t_wait "Move the card one stage forward"
t_screen_lacks "move-forward" "the help shows an action name"
t_keys End
t_wait "Days the card has been in its stage"
t_wait "Qualification criteria met"
t_wait "Stale: no activity for its stage's stale_days"
t_wait "Weighted value"
t_wait "Forecast (weighted), Invoiced: under the cards"
# the legend's heading, a page up from its end (however long the legend)
t_keys PPage
t_wait "Marks on the board"
t_keys Escape
t_wait_gone "Marks on the board"
# the owner filter: owners with counts, narrowed as typed (case and accents ignored)
t_keys o
t_wait "Filter by owner"
t_wait "2 cards"
t_wait "1 card"
t_type "JOSE"
t_wait_gone "1 card"
t_wait "2 cards"
t_keys Enter
t_wait "2 cards match owner"
t_wait "Inmadura (2)"
t_keys q
t_wait "EXITED 0"
exit 0
