# SIGHUP during an edit: the board ends within a second, the terminal is
# restored (the shell prints the exit) and the database keeps its data.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Original" --client "Cliente" >/dev/null || t_fail "cli add"
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
t_screen | grep -q "Edit the opportunity" && t_fail "the screen was not restored"
t_cli show 1 | grep -q "Original" || t_fail "the card is gone"
t_cli show 1 | grep -q "cambiado" && t_fail "the cancelled edit was saved"
t_cli integrity >/dev/null 2>&1 || true
exit 0
