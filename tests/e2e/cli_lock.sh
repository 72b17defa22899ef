# A database locked by another writer for too long: reads still work (WAL),
# a write gives up after the store's retry budget with exit 4 and a message
# naming the file, and nothing is changed. Takes about ten seconds.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3
need_json_tool


id=$(new_opp "Bloqueada")
v=$(json_field "$id" version)

# Another process holds the write lock through a FIFO we control.
mkfifo "$T/fifo"
sqlite3 "$DB" <"$T/fifo" >/dev/null 2>&1 &
holder=$!
exec 3>"$T/fifo"
echo "BEGIN IMMEDIATE;" >&3
echo "SELECT 1;" >&3
# Wait until the holder really has the lock (a fixed sleep is flaky on a
# loaded machine): a write with no busy wait fails from then on.
for _ in $(seq 100); do
	sqlite3 "$DB" "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 || break
	sleep 0.05
done

run list
expect_rc 0 "reading while another process writes"
expect_out Bloqueada
start=$(date +%s)
run edit "$id" --title "no debe quedar"
end=$(date +%s)
expect_rc 4 "writing while the database stays locked"
expect_err "$DB" "the message names the file"
expect_err "locked|busy" "the message says the database is locked"
[ $((end - start)) -lt 60 ] || fail "gave up only after $((end - start)) s"

echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"

expect_eq "$(json_field "$id" title)" Bloqueada "nothing changed"
expect_eq "$(json_field "$id" version)" "$v" "version unchanged"
ok edit "$id" --title "ahora sí"
expect_eq "$(json_field "$id" title)" "ahora sí" "writes work again once unlocked"

finish
