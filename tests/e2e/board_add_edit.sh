# Add and edit with accented text; a bad amount is refused on the spot.
. "$(dirname "$0")/lib/tmux.sh"
t_start 100 30
t_keys a
t_wait "Add an opportunity"
t_type "Migración Ñuñoa"
t_keys Tab
t_type "Señora Pérez"
t_keys Tab Tab Tab
t_type "12.5"
t_wait "decimal"
# Enter is refused while a field shows an error: the keys after it still
# edit the form (keys are read in order), and nothing reaches the database
t_keys Enter
t_keys BSpace BSpace
t_wait_gone "decimal"
t_screen | grep -q "Add an opportunity" || t_fail "Enter closed a form that shows an error"
[ "$(t_cli list | tail -n 1)" = "0 opportunities" ] || t_fail "Enter saved a form that shows an error"
t_keys Enter
t_wait "Added Migración Ñuñoa"
t_wait "Inmadura (1)"
t_wait "Señora Pérez"
t_keys e
t_wait "Edit the opportunity"
t_keys End
t_type " café"
# cursor editing: to the start, insert, step back, delete the extra space
t_keys Home
t_type "Gran  "
t_keys Left Delete
t_wait "Gran Migración Ñuñoa café"
t_keys Enter
t_wait "Saved Gran Migración Ñuñoa café (1 field changed)"
t_wait "Gran Migración Ñuñoa c"
t_cli show 1 | grep -q "Title: *Gran Migración Ñuñoa café" || t_fail "the edit is not in the database"
# Esc cancels without changes
t_keys e
t_wait "Edit the opportunity"
t_type "zzz"
t_keys Escape
t_wait "Edit cancelled"
t_cli show 1 | grep -q "^Title: *Gran Migración Ñuñoa café$" || t_fail "a cancelled edit changed the title"
t_keys u
t_wait "Undid the edit"
t_cli show 1 | grep -q "^Title: *Migración Ñuñoa$" || t_fail "undo did not restore the title"
t_keys q
t_wait "EXITED 0"
