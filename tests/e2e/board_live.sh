# Navigation, resize down to 40x12 and back, and a change made by another
# process shown without a keystroke.
. "$(dirname "$0")/lib/tmux.sh"
for t in Uno Dos Tres; do t_cli add "$t" --client "Cliente $t" >/dev/null || t_fail "cli add"; done
t_start 100 30
t_wait "Inmadura (3)"
t_keys j j
# the third card is selected: its detail opens
t_keys Enter
t_wait "Title:         Tres"
t_keys Escape
t_wait_gone "Title:"
t_keys k End Home
t_keys Enter
t_wait "Title:         Uno"
t_keys Escape
t_wait_gone "Title:"
# an empty column has no card to open
t_keys l
t_keys Enter
t_wait "this column is empty"
t_keys h
# a second process adds a card: it appears by itself
t_cli add "Desde otro proceso" --client "Remoto" >/dev/null || t_fail "cli add"
t_wait "Inmadura (4)" 3
t_wait "Desde otro proceso" 3
# resize down: one column, the focused one, and a usable board
tmux -L "$T_SOCK" resize-window -x 40 -y 12
t_wait_gone "Calificada (0)" 3
t_wait "Inmadura (4)"
tmux -L "$T_SOCK" resize-window -x 20 -y 8
t_wait "too small" 3
tmux -L "$T_SOCK" resize-window -x 100 -y 30
t_wait "Calificada (0)" 3
t_wait "Inmadura (4)"
# the help is generated from the action table
t_keys '?'
t_wait "Move the card one stage forward"
t_keys Escape
t_wait_gone "Move the card one stage forward"
t_keys q
t_wait "EXITED 0"
