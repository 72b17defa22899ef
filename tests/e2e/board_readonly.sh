# The board on a database the user may read but not write: it opens, says
# "read-only" in the status bar, refuses a change with "read-only
# database", still shows the owner's changes without a keystroke, and
# leaves no -wal or -shm file behind.
#
# As root (CI) the board runs as the unprivileged user nobody (setpriv),
# whom the permissions stop; as anyone else, as that user (see
# cli_readonly.sh).
. "$(dirname "$0")/lib/tmux.sh"

chmod 755 "$T_DIR"
mkdir -m 755 "$T_DIR/ro"
RO_DB=$T_DIR/ro/p.db
"$EMBUDO_BIN" --db "$RO_DB" add "Primera" --client "Cliente" >/dev/null || t_fail "cli add"
"$EMBUDO_BIN" --db "$RO_DB" add "Segunda" --client "Cliente" >/dev/null || t_fail "cli add"
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null 2>&1 || t_fail "setpriv (util-linux) is required to run the board as nobody"
	mkdir -m 755 "$T_DIR/bin"
	cp "$EMBUDO_BIN" "$T_DIR/bin/embudo"
	as_reader="setpriv --reuid=65534 --regid=65534 --clear-groups -- $T_DIR/bin/embudo"
	chmod 644 "$RO_DB"
	chown 65534:65534 "$T_DIR/ro" # the folder is the reader's, the file is not
else
	as_reader=$EMBUDO_BIN
	chmod 444 "$RO_DB"
fi
[ "$(cd "$T_DIR/ro" && ls -A)" = p.db ] || t_fail "the folder holds more than p.db before the board"

t_session 80 24 "env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'trap \"\" INT QUIT; $as_reader --db $RO_DB; echo EXITED \$?; sleep 60'"
t_wait "Inmadura (2)" 15
t_screen | tail -n 1 | grep -q "^read-only  " || t_fail "the status bar does not begin with read-only"
t_screen | tail -n 1 | grep -q "q quit" || t_fail "the status bar lost q quit"

# a change is refused, and says why
t_keys J
t_wait "read-only database" 5

# the owner's change shows up by itself
if [ "$(id -u)" = 0 ]; then
	"$EMBUDO_BIN" --db "$RO_DB" add "Tercera" --client "Cliente" >/dev/null || t_fail "owner add"
else
	chmod 644 "$RO_DB"
	"$EMBUDO_BIN" --db "$RO_DB" add "Tercera" --client "Cliente" >/dev/null || t_fail "owner add"
	chmod 444 "$RO_DB"
fi
t_wait "Inmadura (3)" 5
t_wait "Tercera" 5

# a small screen keeps the notice with help and quit
tmux -L "$T_SOCK" resize-window -x 40 -y 12
t_wait_gone "Calificada (0)" 3
t_screen | tail -n 1 | grep -q "^read-only  " || t_fail "at 40 columns the status bar lost the notice"
t_screen | tail -n 1 | grep -q "? help  q quit" || t_fail "at 40 columns the status bar lost help and quit"

t_keys q
t_wait "EXITED 0" 5
[ "$(cd "$T_DIR/ro" && ls -A)" = p.db ] || t_fail "the board left files beside the database: $(ls -A "$T_DIR/ro")"
[ "$("$EMBUDO_BIN" --db "$RO_DB" list | tail -n 1)" = "3 opportunities" ] || t_fail "the data changed"
exit 0
