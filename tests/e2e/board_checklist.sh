# A refused move opens the qualification checklist, then succeeds; then the
# card is marked lost and reopened.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Portal Ñandú" --client "Café Austral" --amount 1500000 >/dev/null || t_fail "cli add"
t_start 100 30
t_wait "Inmadura (1)"
t_keys '>'
t_wait "Missing to enter Oportunidad Calificada"
t_wait "Se ha tenido una interacción directa (1:1) con el cliente."
t_wait "Met: 0/5"
t_keys Space Tab Space Tab Space
t_wait "Met: 3/5"
t_keys Tab Space Tab Space
t_wait "Met: 5/5"
t_keys Enter
t_wait "Calificada (1)"
t_wait "Moved Portal Ñandú to Oportunidad Calificada"
t_cli list 2>/dev/null | grep -q calificada || t_fail "the store does not have the card in calificada"
# lose: reason list, then an optional note
t_keys x
t_wait "competitor"
t_keys Down Enter
t_wait "A note is optional"
t_type "eligió otra"
t_keys Enter
t_wait "Perdida (1)"
t_wait "marked lost (competitor)"
# forward from Perdida is refused and says to reopen: the status bar
# offers the key, and the messages key shows the message whole
t_keys '>'
t_wait "it can leave only by being reopened"
t_wait "r reopen"
t_keys L
t_wait "Press r to reopen it."
t_keys Escape
t_wait_gone "Recent messages"
t_keys r
t_wait "Reopening needs a note"
t_type "volvió"
t_keys Enter
t_wait "reopened in Oportunidad Calificada"
t_wait "Calificada (1)"
t_keys q
t_wait "EXITED 0"
