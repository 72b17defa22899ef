# Helpers for the board's end-to-end tests (sourced, not run): the real
# binary inside a private tmux server, driven with send-keys and read with
# capture-pane. Every script gets its own server and temporary directory,
# both removed on exit.
set -u
: "${EMBUDO_BIN:?set EMBUDO_BIN to the absolute path of the embudo binary}"
command -v tmux >/dev/null || { echo "tmux is required for the board tests" >&2; exit 1; }

T_SOCK="embudo-test-$$"
T_DIR=$(mktemp -d /tmp/embudo-e2e-XXXXXX)
T_DB="$T_DIR/board.db"
export XDG_CONFIG_HOME="$T_DIR/config" XDG_DATA_HOME="$T_DIR/data"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

t_cleanup() {
	tmux -L "$T_SOCK" kill-server 2>/dev/null
	rm -rf "$T_DIR"
}
trap t_cleanup EXIT

t_fail() {
	echo "FAIL: $*" >&2
	echo "---- screen ----" >&2
	tmux -L "$T_SOCK" capture-pane -p >&2 2>/dev/null
	exit 1
}

t_cli() { "$EMBUDO_BIN" --db "$T_DB" "$@"; }

# Starts the board in a pane of WxH; the pane prints "EXITED <status>" when it ends.
# The shell around it ignores SIGINT and SIGQUIT (C-c, C-\ reach the whole
# foreground group): the board installs its own handlers, and the shell must
# live on to print the status.
# T_ARGS (optional) adds global options, e.g. T_ARGS="--config $T_DIR/c.yaml"
# (no spaces inside one option: the temporary directory has none).
t_start() {
	local w=${1:-100} h=${2:-30}
	tmux -L "$T_SOCK" -f /dev/null new-session -d -x "$w" -y "$h" \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c 'trap \"\" INT QUIT; \"$EMBUDO_BIN\" --db \"$T_DB\" ${T_ARGS:-}; echo EXITED \$?; sleep 60'"
	tmux -L "$T_SOCK" set -g window-size manual >/dev/null 2>&1 || true
	t_wait "Inmadura" 15
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
