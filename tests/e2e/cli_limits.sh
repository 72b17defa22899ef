# Limits are errors, not deaths: a write past the file-size limit (ulimit -f)
# or onto a full disk exits 4 with a message that says which, never dies of
# SIGXFSZ (exit 153, no message), and leaves nothing half-written: the
# database passes `embudo check` and takes the write once there is room.
#
# The full disk is a 512 KiB tmpfs mounted in a private mount namespace
# (unshare -m as root, unshare -Urm otherwise); a machine that allows
# neither fails this test, naming why.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3

count() { sqlite3 "$1" 'SELECT count(*) FROM opportunity'; }

# ---- the file-size limit ------------------------------------------------------
for i in $(seq 10); do new_opp "Oportunidad $i" >/dev/null || fail "add $i"; done
expect_eq "$(count "$DB")" 10 "ten opportunities to start with"
# 40 KiB: room for the -shm (32 KiB), not for the WAL frames of an add
LAST="(ulimit -f 40; embudo add)"
(ulimit -f 40 && exec "$EMBUDO_BIN" --db "$DB" add "No cabe" --client "X") >"$OUT" 2>"$ERR"
RC=$?
expect_rc 4 "a write past the file-size limit"
expect_err "the file-size limit \(ulimit -f\) of 40960 bytes was reached" "says it is the limit"
expect_err "nothing was written" "says nothing was written"
expect_eq "$(count "$DB")" 10 "nothing was added"
ok check
ok add "Ahora sí" --client X
expect_eq "$(count "$DB")" 11 "the write works without the limit"

# ---- a full disk ------------------------------------------------------------------
need_cmd unshare util-linux
mkdir "$T/full"
cat >"$T/full.sh" <<'EOF'
set -u
dir=$1 bin=$2 out=$3
mount -t tmpfs -o size=512k tmpfs "$dir" || { echo "mount failed" >"$out/mount"; exit 1; }
for i in 1 2 3 4 5; do "$bin" --db "$dir/p.db" add "Oportunidad $i" --client X >/dev/null || exit 2; done
# fill what is left
dd if=/dev/zero of="$dir/fill" bs=4096 >/dev/null 2>&1
df -B1 --output=avail "$dir" | tail -n 1 >"$out/avail"
"$bin" --db "$dir/p.db" add "No cabe" --client X >"$out/add.out" 2>"$out/add.err"
echo $? >"$out/add.rc"
rm -f "$dir/fill"
sqlite3 "$dir/p.db" 'SELECT count(*) FROM opportunity' >"$out/count.full" 2>&1
"$bin" --db "$dir/p.db" check >"$out/check.out" 2>&1
echo $? >"$out/check.rc"
"$bin" --db "$dir/p.db" add "Ahora sí" --client X >/dev/null 2>&1
echo $? >"$out/again.rc"
sqlite3 "$dir/p.db" 'SELECT count(*) FROM opportunity' >"$out/count.after" 2>&1
umount "$dir"
EOF
mkdir "$T/res"
if [ "$(id -u)" = 0 ]; then
	unshare -m --propagation private bash "$T/full.sh" "$T/full" "$EMBUDO_BIN" "$T/res" 2>"$T/unshare.err"
else
	unshare -Urm bash "$T/full.sh" "$T/full" "$EMBUDO_BIN" "$T/res" 2>"$T/unshare.err"
fi
ns=$?
LAST="embudo add on a full 512 KiB tmpfs"
if [ "$ns" -ne 0 ]; then
	fail "cannot run the full-disk case: a tmpfs could not be mounted in a private mount namespace (status $ns: $(cat "$T/unshare.err" "$T/res/mount" 2>/dev/null | head -n 3)); this needs root with CAP_SYS_ADMIN or unprivileged user namespaces"
else
	cp "$T/res/add.out" "$OUT"
	cp "$T/res/add.err" "$ERR"
	RC=$(cat "$T/res/add.rc")
	expect_rc 4 "a write onto a full disk"
	expect_err "the disk is full \([0-9]+ bytes free on its file system\)" "says the disk is full"
	expect_err "nothing was written" "says nothing was written"
	expect_eq "$(cat "$T/res/count.full")" 5 "nothing was added"
	expect_eq "$(cat "$T/res/check.rc")" 0 "check finds the database healthy: $(cat "$T/res/check.out")"
	expect_eq "$(cat "$T/res/again.rc")" 0 "the write works once there is room"
	expect_eq "$(cat "$T/res/count.after")" 6 "and is there"
fi

finish
