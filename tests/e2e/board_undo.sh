# The confirm dialog (delete: no, then yes), an amount and a currency edit,
# and undo: of a delete, kept while the database is locked by another
# process, dropped (with the reason) when someone else changed the card
# through the CLI. Every result is checked in the database with the CLI.
. "$(dirname "$0")/lib/tmux.sh"
command -v jq >/dev/null 2>&1 || t_fail "jq is required (apt-get install jq; make deps-test)"
command -v sqlite3 >/dev/null 2>&1 || t_fail "sqlite3 is required (apt-get install sqlite3; make deps-test)"
t_cli add "Caja Ñuñoa" --client "Feria Libre" --amount 1200000 >/dev/null || t_fail "cli add"
t_cli add "Segunda" --client "Otra" >/dev/null || t_fail "cli add"

# j FILTER: a field of opportunity 1 as stored.
j() { t_cli show 1 --json | jq -r "$1"; }

t_start 100 30
t_wait "Inmadura (2)"

# Delete asks first: Esc says no.
t_keys d
t_wait "Delete Caja Ñuñoa? It can be restored (u undoes it)."
t_wait "Enter: yes  Esc q: no"
t_keys Escape
t_wait "Not deleted."
t_wait_gone "Enter: yes"
[ "$(j .deleted)" = false ] || t_fail "answering no deleted the card"
# Enter says yes; u restores it.
t_keys d
t_wait "Enter: yes  Esc q: no"
t_keys Enter
t_wait "Deleted Caja Ñuñoa (u to undo)."
t_wait "Inmadura (1)"
[ "$(j .deleted)" = true ] || t_fail "answering yes did not delete the card"
t_keys u
t_wait "Undid the delete"
t_wait "Inmadura (2)"
[ "$(j .deleted)" = false ] || t_fail "undo did not restore the card"

# An amount and a currency edit: the amount is checked in the new currency.
t_keys e
t_wait "Edit the opportunity"
t_keys Tab Tab Tab Tab End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
t_type "2.500.000"
t_wait "2.500.000"
t_keys Tab BSpace BSpace BSpace
t_type "usd"
t_wait "! '2.500.000' uses dots between thousands"
# Enter refuses and puts the cursor in the amount, to be fixed there.
t_keys Enter End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
t_type "2,500.50"
t_wait "Amount                  2,500.50"
t_wait_gone "uses dots between thousands"
t_keys Enter
t_wait "Saved Caja Ñuñoa (2 fields changed)."
[ "$(j '"\(.amount) \(.currency)"')" = "2500.50 USD" ] || t_fail "amount edit not stored: $(j '"\(.amount) \(.currency)"')"

# A locked database: the undo waits, fails, and is kept for another u.
mkfifo "$T_DIR/fifo"
sqlite3 "$T_DB" <"$T_DIR/fifo" >/dev/null 2>&1 &
holder=$!
exec 3>"$T_DIR/fifo"
echo "BEGIN IMMEDIATE;" >&3
echo "SELECT 1;" >&3
locked=no
for _ in $(seq 200); do
	if ! sqlite3 "$T_DB" "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then
		locked=yes
		break
	fi
	sleep 0.05
done
[ "$locked" = yes ] || t_fail "the sqlite3 process did not take the write lock"
t_keys u
t_wait_message "Nothing undone: the database stayed locked. The undo of your edit of Caja Ñuñoa is kept: press u to try again." 40
[ "$(j '"\(.amount) \(.currency)"')" = "2500.50 USD" ] || t_fail "a locked undo changed the card"
echo "ROLLBACK;" >&3
exec 3>&-
wait "$holder"
t_keys u
t_wait "Undid the edit: Caja Ñuñoa is in Oportunidad Inmadura."
[ "$(j '"\(.amount) \(.currency)"')" = "1200000 CLP" ] || t_fail "the kept undo did not restore: $(j '"\(.amount) \(.currency)"')"

# Someone else changes the card (the CLI): the undo is dropped, and says why.
t_keys e
t_wait "Edit the opportunity"
t_keys End
t_type " bis"
t_keys Enter
t_wait "Saved Caja Ñuñoa bis (1 field changed)."
t_cli edit 1 --client "Cliente Nuevo" >/dev/null || t_fail "cli edit"
t_wait "Cliente Nuevo"
t_keys u
t_wait_message "Nothing undone: someone else changed Caja Ñuñoa bis after your edit, so the undo of it was dropped (undoing it now would overwrite their change). Reloaded."
[ "$(j '"\(.title)|\(.client)"')" = "Caja Ñuñoa bis|Cliente Nuevo" ] || t_fail "a dropped undo changed the card"
t_keys u
t_wait "Nothing to undo in this session."
t_keys q
t_wait "EXITED 0"
