# Dialogs are screens on the board's stack, not loops of their own: a form
# lives through resizes (80x24, 40x12, 200x50) keeping what was typed; while
# it is open the board under it shows other processes' changes, and the form
# says when its own card changed or went; the edit then opens again over the
# other person's version. A signal with a form open ends the board cleanly
# and writes nothing.
. "$(dirname "$0")/lib/tmux.sh"
t_cli add "Uno" --client "Cliente Uno" >/dev/null || t_fail "cli add"
t_cli add "Dos" --client "Cliente Dos" >/dev/null || t_fail "cli add"
t_start 80 24
t_wait "Inmadura (2)"
t_keys e
t_wait "Edit the opportunity"
t_keys End
t_type " mío"
t_wait "Uno mío"
# resized down and up with the form open: still there, still typed
tmux -L "$T_SOCK" resize-window -x 40 -y 12
t_wait_gone "Calificada (0)" 3
t_wait "Edit the opportunity"
t_wait "Uno mío"
tmux -L "$T_SOCK" resize-window -x 200 -y 50
t_wait "Perdida (0)" 3
t_wait "Edit the opportunity"
t_wait "Uno mío"
# another process adds a card: the board under the form shows it
t_cli add "Tres" --client "Cliente Tres" >/dev/null || t_fail "cli add"
t_wait "Inmadura (3)" 3
t_screen | grep -q "Edit the opportunity" || t_fail "the form closed when the board reloaded"
# another process saves this card: the form says so before any key
t_cli edit 1 --client "Cliente de otro" >/dev/null || t_fail "cli edit"
t_wait "Someone else saved this card meanwhile" 3
t_wait "Uno mío"
# Enter: the form again on their version, what was typed kept over it
t_keys Enter
t_wait "Edit the opportunity (changed meanwhile)"
t_wait "Client: they set \"Cliente de otro\""
t_wait "Uno mío"
t_keys Enter
t_wait "Saved Uno mío (1 field changed) over the other"
t_cli show 1 | grep -q "^Title: *Uno mío$" || t_fail "the title typed was not saved"
t_cli show 1 | grep -q "^Client: *Cliente de otro" || t_fail "the other person's client was lost"
# the checklist open on a card someone deletes: the form says so, and its
# save writes nothing
tmux -L "$T_SOCK" resize-window -x 80 -y 24
t_wait "Inmadura (3)" 3
t_keys j c
t_wait "Qualification"
t_cli delete 2 >/dev/null || t_fail "cli delete"
t_wait "Someone deleted this card meanwhile" 3
t_keys 1 Enter
t_wait "Checklist not done"
t_wait "Inmadura (2)"
[ "$(t_cli show 2 --json | grep -c '"met": true')" = 0 ] || t_fail "the deleted card's checklist was written"
# an SSH connection dropped while typing in a form: status 129, nothing written
before=$(t_cli show 3 --json) || t_fail "cli show before"
t_keys End a
t_wait "Add an opportunity"
t_type "A medias"
t_wait "A medias"
pid=$(t_pid)
[ -n "$pid" ] || t_fail "no embudo process"
kill -HUP "$pid"
t_wait_exit "$pid" 1 "SIGHUP with a form open"
t_wait "EXITED 129" 2
[ "$(tmux -L "$T_SOCK" display -p '#{alternate_on}')" = 0 ] || t_fail "still in the alternate screen"
[ "$(t_cli list | tail -n 1)" = "2 opportunities" ] || t_fail "the half-typed card was written"
[ "$(t_cli show 3 --json)" = "$before" ] || t_fail "a card changed"
t_db_ok
exit 0
