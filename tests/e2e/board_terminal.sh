# The board's first words: a terminal that cannot place the cursor gets an
# explanation and exit status 2, not a blank screen; an empty database says
# how to add the first card, and the hint goes once a card exists.
. "$(dirname "$0")/lib/tmux.sh"
t_session 100 30 "$(T_ENV="TERM=dumb" t_board_cmd)"
t_wait "cannot place the cursor" 5
t_wait "EXITED 2" 5
t_restart 100 30
t_wait "No opportunities yet: press a to add the first one." 5
t_cli add "Primera" --client "Cliente" >/dev/null || t_fail "add"
t_wait "Inmadura (1)" 3
t_wait_gone "No opportunities yet" 3
t_keys q
t_wait "EXITED 0" 3
