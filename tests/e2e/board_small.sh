# At 40x12: a long message takes the one line under the cards (cut, with
# the key that shows it whole) and the next key takes it away; the
# messages key shows it whole; a form stays above the status bar; and an
# emoji sequence in a title reaches the terminal drawn apart.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Portal Ñandú" --client "Café Austral" --amount 1500000 >/dev/null || t_fail "cli add"
t_cli add "$(printf '\360\237\221\251\342\200\215\360\237\222\273 Dev \360\237\207\250\360\237\207\261 Chile')" \
	--client "Cliente Dos" >/dev/null || t_fail "cli add emoji"
t_start 40 12
t_wait "Inmadura (2)"
t_wait "? help  q quit"
rows=$(t_screen | head -n 10)
# a refusal longer than the line: one line, cut, with the key
t_keys '<'
t_wait "L messages"
t_screen | sed -n 11p | grep -q "^Oportunidad Inmadura is the.*… L messages" ||
	t_fail "the message is not one cut line above the status bar"
[ "$(t_screen | head -n 10)" = "$rows" ] || t_fail "the message covers the cards"
t_screen_lacks "there is no stage before it" "the message is not cut at 40 columns"
# the next key takes it away
t_keys j
t_wait_gone "L messages"
# the messages key shows it whole
t_keys L
t_wait "Recent messages"
t_wait "there is no stage"
t_wait "before it."
t_keys Escape
t_wait_gone "Recent messages"
# a form (the checklist a refused move opens) fits above the status bar
t_keys k '>'
t_wait "Missing to enter"
t_screen | tail -n 1 | grep -q "? help  q quit" || t_fail "the form covers the status bar"
t_lacks "└" "$(t_screen | tail -n 1)" "the form's frame is on the status bar"
t_keys Escape
t_wait_gone "Missing to enter"
# the emoji title: no joiner and no regional indicator reach the terminal
t_keys j
t_wait "Dev CL Chile"
t_screen_lacks "$(printf '\342\200\215')" "a zero width joiner reached the terminal"
t_screen_lacks "$(printf '\360\237\207\250')" "a regional indicator reached the terminal"
t_keys q
t_wait "EXITED 0"
exit 0
