# CLI basics: help, version, add/list/show/edit/delete/restore, and the
# exit statuses of usage errors (2), missing opportunities (3), bad
# configuration (5), and no command off a terminal.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

# --help / --version / help COMMAND
run_raw --version
expect_rc 0 "--version"
expect_out '^embudo 0\.1\.0$' "--version prints the version"
run_raw --help
expect_rc 0 "--help"
expect_out '^usage: embudo' "--help shows usage"
for c in add list show edit delete restore criterion commitment billing-approval invoice delivery move lose reopen history export retract demo config; do
	grep -q "^  $c " "$OUT" || fail "--help does not list $c"
done
run_raw help move
expect_rc 0 "help move"
expect_out '^usage: embudo move ID STAGE' "help move shows move's usage"
run_raw move --help
expect_rc 0 "move --help"
expect_out '^usage: embudo move ID STAGE' "move --help shows move's usage"
run_raw help nosuch
expect_rc 2 "help of an unknown command"

# unknown command / option: exit 2 with the usage
run_raw frobnicate
expect_rc 2 "unknown command"
expect_err "unknown command 'frobnicate'"
run list --bogus
expect_rc 2 "unknown option"
expect_err "unknown option '--bogus'"
expect_err '^usage: embudo list' "usage line of list"
[ -e "$DB" ] && fail "a usage error created the database file"

# no command off a terminal: a clear error, not the board
run_raw --db "$DB" </dev/null
expect_rc 2 "no command without a terminal"
expect_err 'terminal'
# ... but a bad configuration is reported first, as exit 5, terminal or not
printf 'currency: [unclosed\n' >"$T/board-bad.yaml"
run_raw --db "$DB" --config "$T/board-bad.yaml" </dev/null
expect_rc 5 "board with a bad configuration, no terminal"
expect_err '^embudo: configuration: '
[ -e "$DB" ] && fail "a bad configuration created the database file"
printf 'currency: USS\n' >"$T/board-uss.yaml"
run_raw --db "$DB" --config "$T/board-uss.yaml" </dev/null
expect_rc 5 "board with an unknown currency in the configuration"
expect_err "unknown currency 'USS'"

# add: prints the id alone
run add "Sistema de turnos" --client "Clínica Norte" --line "Desarrollo de Software" \
	--owner mgonzalez --amount 1,500,000 --currency clp --close 2027-01-31
expect_rc 0 "add"
expect_out '^[0-9]+$' "add prints the id alone"
id1=$(cat "$OUT")
expect_eq "$(wc -l <"$OUT" | tr -d ' ')" 1 "add prints one line"
run add "Segunda" --client "Otro" --amount=99.5 --currency=USD
expect_rc 0 "add with --opt=value"
id2=$(cat "$OUT")
[ "$id1" != "$id2" ] || fail "two adds gave the same id"

expect_eq "$(json_field "$id1" amount)" "1500000" "CLP amount"
expect_eq "$(json_field "$id1" currency)" "CLP" "currency normalised"
expect_eq "$(json_field "$id1" stage)" "inmadura" "new opportunities start inmadura"
expect_eq "$(json_field "$id1" owner)" "mgonzalez" "owner"
expect_eq "$(json_field "$id1" close)" "2027-01-31" "close date"
expect_eq "$(json_field "$id2" amount)" "99.50" "USD amount has two decimals"
# owner and history's "who" default to the OS user running the program
me=$(id -un)
expect_eq "$(json_field "$id2" owner)" "$me" "owner defaults to the OS user"
ok history "$id2" --json
expect_eq "$(json_get 0.who <"$OUT")" "$me" "history records the OS user"
expect_eq "$(json_get 0.what <"$OUT")" create "the first history row is the creation"

# add: usage errors change nothing
run add "Sin cliente"
expect_rc 2 "add without --client"
expect_err '^usage: embudo add' "add usage line"
run add "X" --client Y --amount 12.345 --currency USD
expect_rc 2 "too many decimals for USD"
run add "X" --client Y --amount abc
expect_rc 2 "amount not a number"
run add "X" --client Y --close 2027-02-30
expect_rc 2 "not a real date"
expect_err 'YYYY-MM-DD'
run add "X" --client Y --currency US
expect_rc 2 "bad currency"
run add "X" --client Y --currency USS --amount 10
expect_rc 2 "a three-letter typo is no currency"
expect_err "unknown currency 'USS' \(ISO 4217 code such as CLP, USD, EUR, CLF\)"
run add "X" --client Y --amount 10 --amount
expect_rc 2 "option without a value"
run list --json
expect_eq "$(json_get 1.id <"$OUT" 2>/dev/null)" "$id2" "list has the two good ones"
expect_eq "$(grep -c '"id":' "$OUT")" 2 "no opportunity added by the refused adds"

# --  ends options: a title starting with a dash
run add --client Z -- "--raro--"
expect_rc 0 "add after --"
expect_eq "$(json_field "$(cat "$OUT")" title)" "--raro--" "title after --"

# show
ok show "$id1"
expect_out 'Sistema de turnos'
expect_out 'Oportunidad Inmadura'
expect_out '1,500,000 CLP'
run show 99999
expect_rc 3 "show of a missing opportunity"
expect_err 'no opportunity 99999|99999'
run show abc
expect_rc 2 "show of a non-number id"
run show
expect_rc 2 "show without an id"
run show 1 2
expect_rc 2 "show with too many arguments"

# edit
ok edit "$id1" --title "Sistema de turnos v2" --amount 2000000
expect_eq "$(json_field "$id1" title)" "Sistema de turnos v2" "edited title"
expect_eq "$(json_field "$id1" amount)" "2000000" "edited amount"
ok edit "$id2" --amount 10.25
expect_eq "$(json_field "$id2" amount)" "10.25" "amount in the card's currency"
ok edit "$id2" --currency CLF --amount 1.1234
expect_eq "$(json_field "$id2" amount)" "1.1234" "amount in the new currency"
expect_eq "$(json_field "$id2" currency)" "CLF" "new currency"
run edit "$id2" --amount 1.12345
expect_rc 2 "CLF takes four decimals at most"
ok edit "$id1" --line ""
expect_eq "$(json_field "$id1" line)" "" "line cleared"
run edit "$id1"
expect_rc 2 "edit with nothing to change"
run edit 4242 --title x
expect_rc 3 "edit of a missing opportunity"

# --if-version: stale version refused with the conflict message
v=$(json_field "$id1" version)
run edit "$id1" --title "otra" --if-version "$((v - 1))"
expect_rc 1 "stale --if-version"
expect_err "conflict: .* changed since version $((v - 1)) \(now $v\)"
expect_eq "$(json_field "$id1" title)" "Sistema de turnos v2" "conflict changed nothing"
ok edit "$id1" --title "otra" --if-version "$v"
run edit "$id1" --title x --if-version zero
expect_rc 2 "bad --if-version"

# delete / restore
ok delete "$id2"
ok list
expect_out "otra" "list still shows the live one"
expect_no_out "Segunda" "deleted hidden from list"
ok list --all
expect_out "Segunda.*\[deleted\]" "list --all marks deleted"
ok show "$id2" --json
expect_eq "$(json_get deleted <"$OUT")" true "show of a deleted one"
ok restore "$id2"
ok list
expect_out "Segunda" "restored back in list"
ok history "$id2" --json
expect_eq "$(grep -o '"what":"[a-z-]*"' "$OUT" | tail -2 | tr '\n' ' ')" \
	'"what":"delete" "what":"restore" ' \
	"delete and restore are recorded in history"
# ids are never reused, not even the highest one after it is deleted
last=$(new_opp "Última")
ok delete "$last"
next=$(new_opp "Siguiente")
[ "$next" -gt "$last" ] || fail "id $next reused or below the deleted $last"
run delete 777
expect_rc 3 "delete a missing one"

# list filters
CLIENT="Cliente Filtro" new_opp "Filtrada" --owner jrojas --line "QA Automation" >/dev/null
ok list --owner jrojas
expect_out Filtrada
expect_no_out "Segunda"
ok list --line "QA Automation" --json
expect_eq "$(json_get 0.title <"$OUT")" Filtrada "--line filter"
ok list --client "Cliente Filtro"
expect_out Filtrada
ok list --stage INMADURA
expect_out Filtrada
ok list --stage calificada
expect_eq "$(tail -n 1 "$OUT")" "0 opportunities" "nothing in calificada"
expect_no_out Filtrada
run list --stage nowhere
expect_rc 2 "list with an unknown stage"

# global options after the command too, and $EMBUDO_DB
run_raw list --db "$DB" --json
expect_rc 0 "--db after the command"
expect_out Filtrada
EMBUDO_DB=$DB "$EMBUDO_BIN" list >"$OUT" 2>"$ERR"; RC=$?
expect_rc 0 "EMBUDO_DB"
expect_out Filtrada "EMBUDO_DB is used"

# configuration error: exit 5, message, nothing opened
printf 'currency: [unclosed\n' >"$T/bad.yaml"
run_raw --config "$T/bad.yaml" --db "$T/never.db" list
expect_rc 5 "bad configuration"
expect_err '^embudo: '
[ -e "$T/never.db" ] && fail "bad configuration still created the database"
run_raw --config "$T/missing.yaml" --db "$DB" list
expect_rc 5 "missing explicit configuration"
# config check|dump delegate to the configuration module
run_raw config check
expect_rc 0 "config check with defaults"
run_raw config dump
expect_rc 0 "config dump"
expect_out 'currency' "config dump prints the effective configuration"
run_raw --config "$T/bad.yaml" config check
expect_rc 5 "config check of a bad file"
run_raw config
expect_rc 2 "config without check|dump"
run_raw config frob
expect_rc 2 "config with an unknown subcommand"
# the configured default currency is used by add
printf 'currency: USD\n' >"$T/usd.yaml"
run_raw --config "$T/usd.yaml" --db "$DB" add "En dólares" --client Z
expect_rc 0 "add with a configured currency"
expect_eq "$(json_field "$(cat "$OUT")" currency)" USD "config currency is the default"

finish
