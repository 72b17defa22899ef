# C-\ (SIGQUIT in cbreak mode) ends the board like SIGTERM: no core dump, the
# terminal restored (the alternate screen left, the shell prints the exit)
# and the database intact.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Sigue aquí" --client "Cliente" >/dev/null || t_fail "cli add"
t_start 100 30
t_wait "Sigue aquí"
pid=$(t_pid)
[ -n "$pid" ] || t_fail "no embudo process"
t_keys 'C-\'
t_wait_exit "$pid" 1 'C-\'
t_wait "EXITED 131" 2
# Killed by the signal, the board would still be on screen (no endwin):
# the pane would stay in the alternate screen with the columns drawn.
[ "$(tmux -L "$T_SOCK" display -p '#{alternate_on}')" = 0 ] || t_fail "still in the alternate screen"
t_screen_lacks "Inmadura" "the screen was not restored"
t_screen_lacks "core dumped" "core dumped"
t_cli show 1 | grep -q "Sigue aquí" || t_fail "the card is gone"
exit 0
