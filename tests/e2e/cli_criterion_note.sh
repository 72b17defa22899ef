# A note is never dropped: `criterion --note` on a criterion already in
# that state keeps the note as a history row of its own (a note, not a
# change: the version stays) and says the criterion was already so.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

id=$(new_opp "Con notas")
ok criterion "$id" 1 --note "primera reunión"
expect_eq "$(cat "$OUT")" "" "a real change prints nothing"
v=$(json_field "$id" version)

ok criterion "$id" 1 --note "confirmado por correo"
expect_out "^criterion 1 of opportunity $id was already met; note saved$" "says it was already met"
run history "$id" --json
expect_rc 0 "history"
expect_eq "$(jq -r '.[-1].what' "$OUT")" note "the last event is a note"
expect_eq "$(jq -r '.[-1].field' "$OUT")" criterion-1 "about criterion 1"
expect_eq "$(jq -r '.[-1].note' "$OUT")" "confirmado por correo" "the note kept exact"
expect_eq "$(jq -r '.[-1].old + .[-1].new' "$OUT")" "null" "no old or new value: not a change"
expect_eq "$(json_field "$id" version)" "$v" "the version stays"
expect_eq "$(json_field "$id" criteria_detail.0.note)" "primera reunión" "the criterion keeps its own note"

# --unset on a criterion not met, with a note.
ok criterion "$id" 3 --unset --note "aún no"
expect_out "^criterion 3 of opportunity $id was already unmet; note saved$" "says it was already unmet"
run history "$id" --json
expect_eq "$(jq -r '.[-1].field + " " + .[-1].note' "$OUT")" "criterion-3 aún no" "the unset note kept"

# Without a note nothing is written, and it says so.
n=$(run history "$id" --json; jq length "$OUT")
ok criterion "$id" 1
expect_out "^criterion 1 of opportunity $id was already met; nothing changed$" "says nothing changed"
run history "$id" --json
expect_eq "$(jq length "$OUT")" "$n" "no history row without a note"

# The table history reads it as a note.
run history "$id"
expect_out "note +criterion-1  note: confirmado por correo$" "history table"

finish
