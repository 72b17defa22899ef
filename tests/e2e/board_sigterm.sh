# SIGTERM (what `kill` and a shutting-down system send): the board ends
# within a second with status 143 (128 + SIGTERM), the terminal is restored
# (the alternate screen left, the shell prints the exit), the data is
# unchanged and the file passes SQLite's integrity check.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Termina" --client "Cliente" >/dev/null || t_fail "cli add"
before=$(t_cli show 1 --json) || t_fail "cli show before"
t_start 100 30
t_wait "Termina"
[ "$(tmux -L "$T_SOCK" display -p '#{alternate_on}')" = 1 ] || t_fail "the board is not in the alternate screen"
pid=$(t_pid)
[ -n "$pid" ] || t_fail "no embudo process"
kill -TERM "$pid"
t_wait_exit "$pid" 1 "SIGTERM"
t_wait "EXITED 143" 2
[ "$(tmux -L "$T_SOCK" display -p '#{alternate_on}')" = 0 ] || t_fail "still in the alternate screen"
t_screen_lacks "Inmadura" "the screen was not restored"
t_db_ok
[ "$(t_cli show 1 --json)" = "$before" ] || t_fail "the card changed or is gone"
exit 0
