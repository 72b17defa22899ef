# A frame leaves the board in a few writes, not one per line or cursor
# movement: each write wakes the terminal (a packet over SSH). The board runs
# under strace, which records its writes to the terminal (fd 1); the first
# frame and the frame of a move are counted between the keys that bound them.
. "$(dirname "$0")/lib/tmux.sh"
command -v strace >/dev/null 2>&1 || t_fail "strace is required for this test (make deps-test)"
t_cli demo >/dev/null || t_fail "demo"
trace="$T_DIR/writes"
# LeakSanitizer cannot run under ptrace: a SANITIZE=1 build's leak check
# is left to the other tests (its other checks stay on).
asan="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
T_ENV="" t_session 160 40 "$(t_board_cmd | sed "s|\"$EMBUDO_BIN\"|strace -qq -E \"$asan\" -e trace=write,read -o \"$trace\" \"$EMBUDO_BIN\"|")"
t_wait "Inmadura" 15
t_wait "q quit" 5
# The focus move's frame must be out before q is sent (a key waiting
# to be read lets ncurses skip a frame): wait for a write after the read of j.
after_j() { awk '/^read\(0,/ { k++; next } k == 1 && /^write\(1,/ { n++ } END { print n + 0 }' "$trace"; }
t_keys j
for _ in $(seq 1 100); do
	[ "$(after_j)" -ge 1 ] && break
	sleep 0.1
done
t_keys q
t_wait "EXITED 0" 10
[ -s "$trace" ] || t_fail "no trace of the board's writes"

# Writes to the terminal before the first key is read: the first frame.
first=$(awk '/^read\(0,/ { exit } /^write\(1,/ { n++ } END { print n + 0 }' "$trace")
# Between the first key (j) and the next (q): the focus move's frame.
focus=$(after_j)
bytes=$(awk '/^read\(0,/ { exit } /^write\(1,/ { sub(/.*= /, ""); b += $0 } END { print b + 0 }' "$trace")
[ "$bytes" -gt 4000 ] || t_fail "the first frame wrote only $bytes bytes: not a board of cards"
[ "$first" -ge 1 ] && [ "$first" -le 8 ] || t_fail "the first frame took $first writes (at most 8)"
[ "$focus" -ge 1 ] && [ "$focus" -le 2 ] || t_fail "a focus move took $focus writes (at most 2)"
echo "board_writes: the first frame in $first writes ($bytes bytes), a focus move in $focus"
