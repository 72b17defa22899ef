# Typed history (schema 4) on a database written before it: the schema-3
# fixture (tests/fixtures/schema3, made by the build before typed history)
# is loaded into a fresh file and opened with this build, which upgrades
# it. history --json stays byte for byte what that build printed; every
# row gets the typed columns that this build writes itself for the same
# changes (the fixture's steps run again with it); `check` is clean; a
# row whose text cannot be read keeps none and `check` lists it.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3
need_cmd tmux tmux
fx=$(cd "$(dirname "$0")/../fixtures/schema3" && pwd)

load() { # file: the schema-3 dump loaded into it
	rm -f "$1"
	sqlite3 "$1" <"$fx/history.sql" >/dev/null 2>&1 || fail "cannot load the fixture into $1"
}
TYPED="SELECT id, opp_id, what, coalesce(field, '-'), coalesce(stage_from, '-'),
 coalesce(stage_to, '-'), through, coalesce(evidence, '-'), coalesce(item_id, '-'),
 coalesce(amount, '-'), coalesce(currency, '-'), coalesce(old_amount, '-'),
 coalesce(old_currency, '-'), coalesce(reason, '-') FROM history ORDER BY id"

# ---- the upgrade -----------------------------------------------------------
load "$DB"
expect_eq "$(sqlite3 "$DB" 'PRAGMA user_version')" 3 "the fixture is a schema-3 database"
for n in 1 2 3 4 5; do
	run history "$n" --json
	expect_rc 0 "history $n after the upgrade"
	if cmp -s "$OUT" "$fx/history-$n.json"; then
		pass
	else
		fail "history $n --json differs from what the schema-3 build printed: $(diff "$fx/history-$n.json" "$OUT" | head -5)"
	fi
done
# Schema 4 (typed history), then 5 (the review's kept figures, filled from
# it: check recounts them).
expect_eq "$(sqlite3 "$DB" 'PRAGMA user_version')" 6 "upgraded to schema 6"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'history_no_update'")" 1 \
	"history is append-only again"
run check
expect_rc 0 "check on the upgraded database"
expect_out "ok: 5 opportunities, 83 history rows" "check: every row typed"

# Rows read by hand from the fixture (make.sh):
typed() { sqlite3 -separator ' ' "$DB" "$TYPED" | awk -v id="$1" '$1 == id'; }
expect_eq "$(typed 1)" "1 1 create - - inmadura 0 - - 1000000 CLP - - -" "creation: Inmadura, 1,000,000 CLP (before its edits)"
expect_eq "$(typed 3)" "3 3 create - - inmadura 0 - - 125000 CLF - - -" "creation in CLF: 12.5 is 125000 in 4 decimals"
expect_eq "$(typed 4)" "4 4 create - - inmadura 0 - - - CLP - - -" "creation without an amount, in CLP before its currency edits"
expect_eq "$(typed 12)" "12 1 edit amount - - 0 - - - CLP 2500000 CLP -" "an amount cleared"
expect_eq "$(typed 14)" "14 4 edit currency - - 0 - - - USD - CLP -" "a currency edit"
expect_eq "$(typed 83)" "83 4 edit amount - - 0 - - 990 USD 990 CLP -" "the amount under a new currency"
expect_eq "$(typed 24)" "24 1 note criterion-5 - - 0 criterion 5 - - - - -" "a note about criterion 5"
expect_eq "$(typed 29)" "29 1 retract commitment - - 0 commitment 2 - - - - -" "retraction of commitment item 2"
expect_eq "$(typed 32)" "32 1 billing-approval billing-approval - - 0 billing-approval 2 - - - - -" "the replacing approval is item 2"
expect_eq "$(typed 35)" "35 1 invoice invoice - - 0 invoice 2 - CLP - - -" "an invoice without an amount"
expect_eq "$(typed 37)" "37 1 retract invoice - - 0 invoice 3 5 CLP - - -" "retraction of invoice item 3, 5 CLP"
expect_eq "$(typed 54)" "54 2 invoice invoice - - 0 invoice 4 9999 USD - - -" "an invoice of 99.99 USD"
expect_eq "$(typed 40)" "40 1 move stage por-facturar en-facturacion 1 - - - - - - -" "a step passed through"
expect_eq "$(typed 41)" "41 1 move stage en-facturacion lista 0 - - - - - - -" "the last step of that move"
expect_eq "$(typed 42)" "42 1 move stage lista comprometida 0 - - - - - - -" "a move back: one step"
expect_eq "$(typed 43)" "43 1 lose stage comprometida perdida 0 - - - - - - competitor" "a loss with its reason"
expect_eq "$(typed 45)" "45 1 reopen stage perdida comprometida 0 - - - - - - -" "reopening"
expect_eq "$(sqlite3 "$DB" "SELECT group_concat(through, '') FROM history WHERE opp_id = 3 AND what = 'move'")" \
	"111100" "a move of five steps: four passed through, then a move back"
expect_eq "$(typed 80)" "80 4 reorder position - - 0 - - - - - - -" "reorder: nothing typed"

# The board's detail and show read time in stage from it: Comprometida,
# entered 01-12 08:30, left 01-14 08:30 (2 days); 01-20 09:00 to 01-21
# 09:00 (1 day); again from 01-23 09:00 to now, 01-26 09:00 (3 days).
export EMBUDO_NOW=2026-01-26T09:00:00Z
run show 1
expect_rc 0 "show 1"
expect_out "^Time in stage: +3 days this stay; 6 days in all over 3 stays$" "time in stage from the upgraded history"
expect_out "^Weighted: +2,100,000 CLP \(70% in Comprometida\)$" "the weighted amount"
expect_out "^Last activity: +2026-01-24T09:00:00Z, 2 days ago$" "the last activity (the restore), not stale"
# en-facturacion: passed through on 01-10, entered on 01-15: one stay
run show 3
expect_out "^Time in stage: +11 days \(first stay\)$" "passing through is no stay"
unset EMBUDO_NOW

# ---- the same changes written by this build: the same typed columns --------
mkdir -p "$T/new"
if EMBUDO_BIN=$EMBUDO_BIN bash "$fx/make.sh" "$T/new" >"$T/make.out" 2>&1; then
	pass
else
	fail "the fixture's steps with this build: $(tail -3 "$T/make.out")"
fi
if [ -f "$T/new/db" ]; then
	sqlite3 -separator ' ' "$DB" "$TYPED" >"$T/upgraded"
	sqlite3 -separator ' ' "$T/new/db" "$TYPED" >"$T/written"
	expect_eq "$(wc -l <"$T/written" | tr -d ' ')" 83 "the same 83 rows written"
	if cmp -s "$T/upgraded" "$T/written"; then
		pass
	else
		fail "the upgrade typed rows otherwise than this build writes them: $(diff "$T/written" "$T/upgraded" | head -6)"
	fi
	# and their text is the text the old build wrote (who aside: the user)
	for n in 1 2 3 4 5; do
		sed 's/"who":"[^"]*"//' "$fx/history-$n.json" >"$T/want"
		sed 's/"who":"[^"]*"//' "$T/new/history-$n.json" >"$T/got"
		cmp -s "$T/want" "$T/got" && pass || fail "history $n text written differently by this build"
	done
fi

# ---- a row the upgrade cannot read: left untyped, listed by check ----------
load "$DB"
sqlite3 "$DB" "INSERT INTO history (opp_id, at, who, what, field, old_value, new_value)
 VALUES (5, '2026-01-27T09:00:00Z', 'x', 'move', 'stage', 'inmadura', 'limbo');
 INSERT INTO history (opp_id, at, who, what, field, old_value, new_value)
 VALUES (5, '2026-01-27T09:00:00Z', 'x', 'commitment', 'commitment', NULL, 'fax: 1 2026-01-01');" \
	|| fail "cannot plant the rows"
run check
expect_rc 4 "check finds the rows it could not read"
expect_out "history row 84 of opportunity 5 \(move\) has no typed stage change" "names the move row"
expect_out "history row 85 of opportunity 5 \(commitment\) has no typed evidence kind or item" "names the commitment row"
expect_out "the figures leave it out" "says what that means"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM history WHERE id IN (84, 85) AND stage_to IS NULL AND evidence IS NULL")" 2 \
	"nothing guessed for them"
run history 5 --json
expect_rc 0 "their history still reads"
expect_out '"new":"limbo"' "with their text"
finish
