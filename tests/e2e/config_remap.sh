# The configuration reaches the board: a remapped move key moves a card,
# the old key does nothing, the status bar and the ? help show the new
# keys, a remapped dialog key works, the organisation is the one named in
# criterion 4, and a bad configuration stops before the screen opens.
. "$(dirname "$0")/lib/tmux.sh"
mkdir -p "$XDG_CONFIG_HOME/embudo"
cat > "$XDG_CONFIG_HOME/embudo/config.yaml" <<'EOF'
organization: "Acme Ltda"
keys:
  board:
    move-forward: [F6]
    help: [F1]
    quit: [Q]
  dialog:
    cancel: [Esc, z]
EOF
id=$(t_cli add "Portal remapeado" --client "Cliente Uno") || t_fail "cli add"
for n in 1 2 3 4 5; do t_cli criterion "$id" "$n" >/dev/null || t_fail "cli criterion $n"; done
t_start 100 30
t_wait "Inmadura (1)"
# the status bar is generated from the keymap
t_wait "F6 advance"
t_wait "F1 help"
t_wait "Q quit"
# the default keys are gone
t_keys '>'
t_wait "> does nothing here; F1 shows the keys"
t_cli show "$id" | grep -q "^Stage: *Oportunidad Inmadura " || t_fail "'>' still moves the card"
t_screen | grep -q "Inmadura (1)" || t_fail "the card left Inmadura on screen"
# the help lists the effective keys and closes with the remapped dialog key
t_keys F1
t_wait "Move the card one stage forward"
t_screen | grep -q "F6 *Move the card one stage forward" || t_fail "help does not show F6 for move-forward"
t_keys z
t_wait_gone "Move the card one stage forward"
# the remapped key moves the card, and the store has it
t_keys F6
t_wait "Calificada (1)"
t_cli list 2>/dev/null | grep -q calificada || t_fail "the store does not have the card in calificada"
# criterion 4 names the configured organisation
t_keys c
t_wait "Acme Ltda"
t_keys Escape
t_wait_gone "Acme Ltda"
# q is no longer quit; Q is
t_keys q
t_wait "q does nothing here"
t_keys Q
t_wait "EXITED 0"

# a bad configuration: status 5 before the screen opens, no database created
printf 'keys:\n  board:\n    help: [q]\n' > "$XDG_CONFIG_HOME/embudo/config.yaml"
t_restart 100 30 "$(t_board_cmd "$T_DIR/never.db")"
t_wait "EXITED 5"
t_wait "config.yaml:3:11: key 'q' is bound to"
[ ! -e "$T_DIR/never.db" ] || t_fail "a bad configuration still created the database"
exit 0
