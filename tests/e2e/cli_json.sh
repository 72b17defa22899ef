# Output formats: JSON is valid and round-trips UTF-8 exactly, control
# characters are escaped in JSON and neutralised in tables (no raw ESC ever
# reaches the terminal), CSV export follows RFC 4180, JSON export is valid.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3
need_json_tool

esc=$'\x1b'

# ---- UTF-8 round trip: accents, CJK, emoji ----------------------------------
title='Migración ñandú — 東京オフィス 🚀 Ω'
client='株式会社サクラ技研'
a=$(new_opp "$title")
ok edit "$a" --client "$client" --line 'Data & Analytics' --owner 'josé'
ok show "$a" --json
json_valid "$OUT" || fail "show --json is not valid JSON"
expect_eq "$(json_get title <"$OUT")" "$title" "UTF-8 title round-trips"
expect_eq "$(json_get client <"$OUT")" "$client" "CJK client round-trips"
expect_eq "$(json_get owner <"$OUT")" "josé" "accented owner round-trips"
grep -q '東京オフィス 🚀' "$OUT" || fail "UTF-8 written as is (not \\u-escaped) in JSON"
for key in id title client line owner amount currency stage criteria commitments billing_approval \
	invoices delivery lost version close created updated stage_since deleted existing_client position; do
	grep -q "\"$key\":" "$OUT" || fail "show --json lacks \"$key\""
done
expect_eq "$(json_get amount <"$OUT")" null "no amount is null"
expect_eq "$(json_get criteria.4 <"$OUT")" false "criteria are booleans"
ok show "$a"
grep -q '東京オフィス' "$OUT" || fail "CJK shown in the table"

# ---- control characters: neutralised in tables, escaped in JSON -----------
evil="Bad${esc}[2J${esc}]0;pwned"$'\a'"title"$'\t'"tab"
b=$(new_opp "$evil" --line "L${esc}[31mred")
[ -n "$b" ] || fail "add with control characters"
ok commitment "$b" --kind email --ref "ref${esc}[5m" 
ok criterion "$b" 1 --note "nota${esc}[1m"
ok lose "$b" --reason declined --note "perdida${esc}[0m"
for cmd in "list" "list --all" "show $b" "history $b"; do
	# shellcheck disable=SC2086
	run $cmd
	expect_rc 0 "$cmd"
	expect_out $'\xef\xbf\xbd' "'$cmd' shows the controls as U+FFFD"
	expect_no_out "$esc" "raw ESC in '$cmd' output"
	expect_no_out $'\a' "raw BEL in '$cmd' output"
done
run show "$b"
expect_out 'Bad.\[2J' "the rest of the title is still shown"
ok show "$b" --json
json_valid "$OUT" || fail "show --json with control characters is not valid JSON"
expect_no_out "$esc" "raw ESC in JSON"
grep -qi '\\u001b' "$OUT" || fail "ESC escaped as \\u001b in JSON"
expect_eq "$(json_get title <"$OUT")" "$evil" "control characters round-trip through JSON"
ok list --json --all
json_valid "$OUT" || fail "list --json is not valid JSON"
expect_out '\\u001b' "ESC escaped in list --json"
expect_no_out "$esc" "raw ESC in list --json"
ok history "$b" --json
json_valid "$OUT" || fail "history --json is not valid JSON"
expect_out '\\u001b' "ESC escaped in history --json"
expect_no_out "$esc" "raw ESC in history --json"

# invalid UTF-8 is refused (store: STORE_INVALID -> exit 2), nothing added
n_before=$("$EMBUDO_BIN" --db "$DB" list --all --json | grep -o '"id":' | wc -l)
run add $'bad\xff\xfe' --client X
expect_rc 2 "invalid UTF-8 title"
n_after=$("$EMBUDO_BIN" --db "$DB" list --all --json | grep -o '"id":' | wc -l)
expect_eq "$n_after" "$n_before" "invalid UTF-8 added nothing"

# ---- list --json: an array of objects; empty list is [] -----------------
ok list --json --stage lista
json_valid "$OUT" || fail "empty list --json is not valid JSON"
expect_eq "$(tr -d ' \n' <"$OUT")" "[]" "empty list is []"
ok list --json
expect_eq "$(json_get 0.id <"$OUT")" "$a" "list --json element"
ok list --json --all
expect_eq "$(json_get 1.lost.reason <"$OUT")" declined "lost object in list --json"

# ---- export csv ------------------------------------------------------------
c=$(new_opp 'Coma, "comillas" y
salto' --amount 1234.5 --currency USD)
ok delete "$c"
ok export
head -1 "$OUT" | grep -q '^id,title,client,' || fail "CSV header row"
# parsed as RFC 4180 (a multi-line quoted field is one record)
expect_eq "$(csv_get "$OUT")" 4 "CSV: header + one row per opportunity (deleted included)"
got=$(csv_get "$OUT" id "$c" title)"|"$(csv_get "$OUT" id "$c" amount)"|"
got=$got$(csv_get "$OUT" id "$c" currency)"|"$(csv_get "$OUT" id "$c" deleted)
expect_eq "$got" 'Coma, "comillas" y
salto|1234.50|USD|true' "CSV quoting round-trips"
expect_eq "$(csv_get "$OUT" id "$a" title)" "$title" "CSV keeps UTF-8 verbatim"
expect_eq "$(csv_get "$OUT" id "$a" client)" "$client" "CSV keeps CJK verbatim"
grep -q '"Coma, ""comillas"" y' "$OUT" || fail "CSV doubles quotes inside a quoted field"
grep -q "東京オフィス 🚀" "$OUT" || fail "CSV has UTF-8 verbatim"
ok export --format=csv
ok export --format json
json_valid "$OUT" || fail "export --format json is not valid JSON"
expect_eq "$(grep -o '"deleted":true' "$OUT" | wc -l | tr -d ' ')" 1 "export json includes the deleted one"
run export --format xml
expect_rc 2 "unknown export format"

# ---- hand-edited databases -----------------------------------------------
# a hand-edited file: control characters even where embudo only writes
# dates, codes and timestamps never reach the terminal raw (CSV export
# keeps text exact by design, quoted)
h=$(new_opp "Editada a mano" --amount 10 --currency USD)
ok commitment "$h" --kind contract --ref C-1
ok invoice "$h" --number F-1 --amount 1
ok delivery "$h" --scope total
ok billing-approval "$h" --ref OK
e=$(printf '\033[2J')
sqlite3 "$DB" "UPDATE opportunity SET close_date = '$e', stage_since = '$e',
	created = '$e' WHERE id = $h;
	UPDATE commitment SET date = '$e' WHERE opp_id = $h;
	UPDATE invoice SET date = '$e' WHERE opp_id = $h;
	UPDATE delivery SET date = '$e' WHERE opp_id = $h;
	UPDATE billing_approval SET date = '$e' WHERE opp_id = $h;" ||
	fail "hand-editing the database"
sqlite3 "$DB" "INSERT INTO history (opp_id, at, who, what) VALUES ($h, '$e', 'x', 'edit');" ||
	fail "hand-adding a history row"
for cmd in "list" "show $h" "history $h"; do
	# shellcheck disable=SC2086
	run $cmd
	expect_rc 0 "$cmd of a hand-edited card"
	expect_out $'\xef\xbf\xbd' "'$cmd' shows the hand-edited ESC as U+FFFD"
	expect_no_out "$esc" "raw ESC in '$cmd' of a hand-edited card"
done

finish
