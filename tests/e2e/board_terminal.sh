# The board's first words: a terminal that cannot place the cursor gets an
# explanation and exit status 2, not a blank screen; an empty database says
# how to add the first card, and the hint goes once a card exists.
. "$(dirname "$0")/lib/tmux.sh"
tmux -L "$T_SOCK" -f /dev/null new-session -d -x 100 -y 30 \
	"env TERM=dumb LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c '\"$EMBUDO_BIN\" --db \"$T_DB\"; echo EXITED \$?; sleep 60'"
t_wait "cannot place the cursor" 5
t_wait "EXITED 2" 5
tmux -L "$T_SOCK" kill-server 2>/dev/null
t_start 100 30
t_wait "No opportunities yet: press a to add the first one." 5
t_cli add "Primera" --client "Cliente" >/dev/null || t_fail "add"
t_wait "Inmadura (1)" 3
t_wait_gone "No opportunities yet" 3
t_keys q
t_wait "EXITED 0" 3
