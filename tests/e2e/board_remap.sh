# A move key remapped in the configuration (--config) moves a card; the
# default key it replaced does nothing, and the status bar and the help
# name the new key (both come from the action table).
. "$(dirname "$0")/lib/tmux.sh"
cat >"$T_DIR/remap.yaml" <<'YAML'
keys:
  board:
    move-forward: [F6]
YAML
"$EMBUDO_BIN" --db "$T_DB" --config "$T_DIR/remap.yaml" config check >/dev/null 2>&1 ||
	t_fail "the remap configuration is refused"
id=$(t_cli add "Mesa de ayuda Ñuble" --client "Clínica Sur") || t_fail "cli add"
for n in 1 2 3 4 5; do t_cli criterion "$id" "$n" >/dev/null || t_fail "criterion $n"; done
T_ARGS="--config $T_DIR/remap.yaml"
t_start 100 30
t_wait "Inmadura (1)"
t_wait "F6 advance"
# the old key is unbound now
t_keys '>'
t_wait "does nothing here"
t_cli show "$id" | grep -q "^Stage: *Oportunidad Inmadura " || t_fail "'>' still moves the card"
# the new key moves it
t_keys F6
t_wait "Calificada (1)"
t_wait "Moved Mesa de ayuda Ñuble to Oportunidad Calificada"
t_cli show "$id" | grep -q "^Stage: *Oportunidad Calificada " || t_fail "F6 did not move the card in the database"
# the help (not on screen before the key, unlike the status bar's "F6")
t_keys '?'
t_wait "Move the card one stage forward"
t_screen | grep -q "F6.*Move the card one stage forward" || t_fail "the help does not show F6 for moving forward"
t_keys Escape
t_wait_gone "Move the card one stage forward"
t_keys q
t_wait "EXITED 0"
