# SIGHUP during an edit: the board ends within a second, the terminal is
# restored (the shell prints the exit) and the database keeps its data:
# the unsaved edit is dropped, nothing else changes, and the file passes
# SQLite's integrity check.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Original" --client "Cliente" >/dev/null || t_fail "cli add"
before=$(t_cli show 1 --json) || t_fail "cli show before"
history_before=$(t_cli history 1 --json) || t_fail "cli history before"
t_start 100 30
t_wait "Original"
t_keys e
t_wait "Edit the opportunity"
t_keys End
t_type " cambiado"
t_wait "Original cambiado"
pid=$(t_pid)
[ -n "$pid" ] || t_fail "no embudo process"
kill -HUP "$pid"
t_wait_exit "$pid" 1 "SIGHUP"
t_wait "EXITED 129" 2
[ "$(tmux -L "$T_SOCK" display -p '#{alternate_on}')" = 0 ] || t_fail "still in the alternate screen"
t_screen_lacks "Edit the opportunity" "the screen was not restored"
t_db_ok
after=$(t_cli show 1 --json) || t_fail "cli show after: the card is gone"
[ "$after" = "$before" ] || t_fail "the card changed: before $before, after $after"
[ "$(t_cli history 1 --json)" = "$history_before" ] || t_fail "the history changed"
exit 0
