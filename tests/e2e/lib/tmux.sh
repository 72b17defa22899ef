# Helpers for the board's end-to-end tests (sourced, not run): the real
# binary inside a private tmux server, driven with send-keys and read with
# capture-pane. Every script gets its own server and temporary directory,
# both removed on exit.
set -u
: "${EMBUDO_BIN:?set EMBUDO_BIN to the absolute path of the embudo binary}"
# Missing tools fail the test loudly: a board test that cannot run is not a pass.
for t_tool in tmux:tmux pgrep:procps ps:procps; do
	command -v "${t_tool%%:*}" >/dev/null 2>&1 || {
		echo "FAIL: ${t_tool%%:*} is required for the board tests (apt-get install ${t_tool#*:}; make deps-test)" >&2
		exit 1
	}
done
unset t_tool

T_SOCK="embudo-test-$$"
T_DIR=$(mktemp -d /tmp/embudo-e2e-XXXXXX)
T_DB="$T_DIR/board.db"
T_SERVER_PID=""
T_SOCK_PATH=""
export XDG_CONFIG_HOME="$T_DIR/config" XDG_DATA_HOME="$T_DIR/data"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

# Runs at exit. A t_fail inside $(...) or a pipeline only ends that
# subshell; it also leaves $T_DIR/failed, so the script still fails.
t_cleanup() {
	local rc=$?
	[ -s "$T_DIR/failed" ] && [ "$rc" -eq 0 ] && rc=1
	tmux -L "$T_SOCK" kill-server 2>/dev/null
	# The dying server keeps its listening descriptor; the file can go now.
	[ -n "$T_SOCK_PATH" ] && rm -f "$T_SOCK_PATH"
	rm -rf "$T_DIR"
	exit "$rc"
}
trap t_cleanup EXIT

t_fail() {
	echo "$*" >>"$T_DIR/failed"
	echo "FAIL: $*" >&2
	echo "---- screen ----" >&2
	tmux -L "$T_SOCK" capture-pane -p >&2 2>/dev/null
	exit 1
}

t_cli() { "$EMBUDO_BIN" --db "$T_DB" "$@"; }

# True while process pid exists and is not a zombie (the tmux server is a
# daemon: in a container whose init does not reap, it stays a zombie).
t_alive() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case $st in Z*) return 1 ;; esac
	return 0
}

# t_session W H CMD: a new server with one W x H pane running the shell
# command line CMD. Fails the test when tmux cannot start it.
t_session() {
	local w=$1 h=$2 cmd=$3 err
	err=$(tmux -L "$T_SOCK" -f /dev/null new-session -d -x "$w" -y "$h" "$cmd" 2>&1) ||
		t_fail "tmux new-session failed: $err"
	T_SERVER_PID=$(tmux -L "$T_SOCK" display -p '#{pid}' 2>&1) ||
		t_fail "the new tmux server does not answer: $T_SERVER_PID"
	T_SOCK_PATH=$(tmux -L "$T_SOCK" display -p '#{socket_path}')
	tmux -L "$T_SOCK" set -g window-size manual >/dev/null 2>&1 || true
}

# t_board_cmd [DB]: the pane's command line: the board on DB (default
# $T_DB), then "EXITED <status>" when it ends. The shell around it ignores
# SIGINT and SIGQUIT (C-c, C-\ reach the whole foreground group): the board
# installs its own handlers, and the shell must live on to print the status.
# T_ARGS (optional) adds global options, e.g. T_ARGS="--config $T_DIR/c.yaml"
# (no spaces inside one option: the temporary directory has none).
# T_ENV (optional) adds environment, e.g. T_ENV="TERM=dumb".
t_board_cmd() {
	local db=${1:-$T_DB}
	printf '%s' "env LANG=C.UTF-8 LC_ALL=C.UTF-8 ${T_ENV:-} sh -c 'trap \"\" INT QUIT; \"$EMBUDO_BIN\" --db \"$db\" ${T_ARGS:-}; echo EXITED \$?; sleep 60'"
}

# Starts the board in a pane of WxH and waits for its first frame.
t_start() {
	t_session "${1:-100}" "${2:-30}" "$(t_board_cmd)"
	t_wait "Inmadura" 15
}

# Ends the server and waits until it is gone: kill-server only asks it to
# exit, and a new-session meanwhile reaches the dying server ("server
# exited unexpectedly").
t_stop() {
	local i=0
	tmux -L "$T_SOCK" kill-server 2>/dev/null
	if [ -n "$T_SERVER_PID" ]; then
		while t_alive "$T_SERVER_PID"; do
			i=$((i + 1))
			[ "$i" -gt 200 ] && t_fail "tmux server $T_SERVER_PID still running 10s after kill-server"
			sleep 0.05
		done
	fi
	tmux -L "$T_SOCK" has-session 2>/dev/null && t_fail "tmux still has a session after kill-server"
	[ -n "$T_SOCK_PATH" ] && rm -f "$T_SOCK_PATH"
	T_SERVER_PID=""
	return 0
}

# t_restart [W H [CMD]]: a fresh server once the old one is gone; with CMD
# the pane runs CMD (see t_session), otherwise the board as in t_start.
t_restart() {
	t_stop
	if [ $# -ge 3 ]; then
		t_session "$1" "$2" "$3"
	else
		t_start "${1:-100}" "${2:-30}"
	fi
}

t_keys() { tmux -L "$T_SOCK" send-keys "$@"; }
t_type() { tmux -L "$T_SOCK" send-keys -l "$1"; }
t_screen() { tmux -L "$T_SOCK" capture-pane -p; }

# Waits until the pane shows text (fixed string), up to a timeout in seconds.
t_wait() {
	local text=$1 limit=${2:-15} i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		t_screen | grep -qF -- "$text" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	t_fail "\"$text\" not on screen after ${limit}s"
}

t_wait_gone() {
	local text=$1 limit=${2:-15} i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		t_screen | grep -qF -- "$text" || return 0
		sleep 0.05
		i=$((i + 1))
	done
	t_fail "\"$text\" still on screen after ${limit}s"
}

# t_screen_lacks TEXT WHAT: the pane does not show TEXT (fixed string).
# The capture must work and show something: a failed or blank capture
# proves no absence. Put it after a wait for what must be there.
t_screen_lacks() {
	local screen
	screen=$(t_screen) || t_fail "$2: capture-pane failed"
	[ -n "${screen//[[:space:]]/}" ] || t_fail "$2: the pane is blank"
	case $screen in
	*"$1"*) t_fail "$2: \"$1\" is on screen" ;;
	esac
	return 0
}

# The pid of the embudo process in the pane.
t_pid() {
	local sh
	sh=$(tmux -L "$T_SOCK" display -p '#{pane_pid}')
	pgrep -P "$sh" -x embudo | head -n 1
}

# Waits until process pid has ended, up to a timeout in seconds (default 1).
t_wait_exit() {
	local pid=$1 limit=${2:-1} i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -gt $((limit * 20)) ] && t_fail "embudo still running ${limit}s after $3"
		sleep 0.05
	done
	return 0
}

# t_db_ok: the database passes SQLite's own integrity check.
t_db_ok() {
	local r
	command -v sqlite3 >/dev/null 2>&1 || t_fail "sqlite3 (package sqlite3) is required; make deps-test installs it"
	r=$(sqlite3 "$T_DB" 'PRAGMA integrity_check' 2>&1) || t_fail "sqlite3 could not read $T_DB: $r"
	[ "$r" = ok ] || t_fail "PRAGMA integrity_check: $r"
}

# t_wait_joined TEXT [SECONDS]: like t_wait, but for a message the board
# wraps over several lines: the screen's lines are joined with one space
# (runs of spaces squeezed) before looking for TEXT.
t_wait_joined() {
	local text=$1 limit=${2:-15} i=0
	while [ "$i" -lt $((limit * 20)) ]; do
		t_screen | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$text" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	t_fail "\"$text\" not on screen (lines joined) after ${limit}s"
}

# t_wait_message TEXT [SECONDS]: a message the last key caused, whole. The
# line under the cards holds one line of it (cut with "…"): wait for its
# start there, then read it whole in the recent-messages pager (L) and
# close the pager again.
t_wait_message() {
	local text=$1 limit=${2:-15}
	t_wait "${text:0:30}" "$limit"
	t_keys L
	t_wait "Recent messages"
	local i=0
	# the pager's lines joined, its frame left out
	until t_screen | sed 's/[│─┌┐└┘]//g' | tr '\n' ' ' | tr -s ' ' | grep -qF -- "$text"; do
		i=$((i + 1))
		[ "$i" -lt 100 ] || t_fail "\"$text\" not among the recent messages"
		sleep 0.05
	done
	t_keys Escape
	t_wait_gone "Recent messages"
}

# t_lacks TEXT HAYSTACK WHAT: fails when HAYSTACK (a screen line already
# read) holds TEXT, or is blank: an absence is only checked on something
# that was really read.
t_lacks() {
	[ -n "${2//[[:space:]]/}" ] || t_fail "$3: nothing was read"
	case $2 in
	*"$1"*) t_fail "$3: \"$1\" is there: $2" ;;
	esac
	return 0
}
