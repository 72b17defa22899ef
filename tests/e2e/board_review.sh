# The review screen (R) against the pipeline worked out by hand for the
# report's tests (lib/report_fixture.sh; the workings are in cli_report.sh
# beside each value): every figure at 80x24, the board's total line, a
# list entry opening its card, a rate opening the cards behind it, the
# filters, a change made by another process, scrolling to the last list;
# then 40x12, and the converted totals with rates configured.
. "$(dirname "$0")/lib/tmux.sh"

# The fixture's helpers (written for common.sh) on the board's database.
DB=$T_DB
OUT=$T_DIR/out
ERR=$T_DIR/err
RC=0
expect_rc() { [ "$RC" -eq "$1" ] || t_fail "$2: exit $RC, not $1: $(cat "$ERR")"; }
. "$(dirname "$0")/lib/report_fixture.sh"
build_fixture

# The board and its review as of the fixture's now (TZ=UTC is exported).
T_ENV="TZ=UTC EMBUDO_NOW=$NOW"

# t_line START: the screen's first line whose text starts with START
# (leading spaces left out), runs of spaces squeezed to one.
t_line() {
	t_screen | sed 's/^ *//; s/  */ /g; s/ *$//' | grep -F -m1 -- "$1"
}
# t_row_is EXPECTED: a line of the screen reads EXPECTED (spaces squeezed),
# waiting for it as t_wait does.
t_row_is() {
	local i=0
	while [ "$i" -lt 300 ]; do
		t_screen | sed 's/^ *//; s/  */ /g; s/ *$//' | grep -qxF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	t_fail "no line reads \"$1\""
}

t_start 80 24
t_wait "Inmadura (2)"
# ---- the board's total line: the forecast (inmadura..por-facturar,
# weighted: CLP 600,000 + 900,000, EUR 100.00, USD 4,500.00) apart from
# what is invoiced (en-facturacion and lista, not weighted: 8M + 10M) ----
t_wait "Forecast ≈ CLP 1,500,000 · EUR 100.00 · USD 4,500.00   Invoiced CLP 18,000,000"
t_wait "R review"
# the help lists it, from the action table
t_keys '?'
t_wait "embudo: keys"
t_keys NPage
t_wait "Pipeline review: each stage's"
t_keys Escape
t_wait_gone "embudo: keys"

# ---- the review at 80x24 ------------------------------------------------------
t_keys R
t_wait "Pipeline review · 2026-03-31 12:00 · all time"
t_wait "1-21/"
# One row per stage: count, totals, weighted, conversion, median days of
# the completed stays. Counts [2,1,0,1,1,1,3]; conversion 7/9, 4/7, 3/4,
# 2/3, 1/2, none after lista and perdida; medians 10, 10, 16.5, 10, 10,
# none, 11. Weighted at 10/30/70/90/100/100/0 %.
t_row_is "Stage Count Totals Weighted Conv. Median"
t_row_is "Inmadura 2 CLP 6M · EUR 1k CLP 600k · EUR 100 77.8% 10d"
t_row_is "Calificada 1 CLP 3,000,000 CLP 900,000 57.1% 10d"
t_row_is "Comprometida 0 75.0% 16.5d"
t_row_is "por Facturar 1 USD 5,000.00 USD 4,500.00 66.7% 10d"
t_row_is "en Facturación 1 CLP 8,000,000 CLP 8,000,000 50.0% 10d"
t_row_is "Lista 1 CLP 10,000,000 CLP 10,000,000 - -"
t_row_is "Perdida 3 CLP 9M · USD 2k - 11d"
# Won 1, 2, 4, 8; lost 3, 10: 4/6. By value CLP 18M of 27M, USD all won.
t_row_is "Win rate 66.7% 4 won · 2 lost"
t_row_is "by value CLP 66.7% · USD 100.0%"
# 4: won, then lost (cancelled).
t_row_is "Cancelled 1 card USD 2,000.00"
# The forecast, what is invoiced apart, the forecast by close month (5
# and 7 in March, 6 in April, 2 with no close date last).
t_row_is "Forecast CLP 1,500,000 · EUR 100.00 · USD 4,500.00"
t_row_is "Invoiced CLP 18,000,000"
t_row_is "2026-03 CLP 1,500,000"
t_row_is "2026-04 EUR 100.00"
t_row_is "no close date USD 4,500.00"
# Nothing computed outside the report: no currencies added, no ≈ total.
t_screen_lacks "≈" "no converted total without rates"

# ---- scrolling: a page down shows the loss matrix and the lists ----------------
t_keys NPage
t_wait "Losses: reason by the stage lost from"
t_row_is "Inmadura Calificada Comprometida"
t_row_is "declined 1 - -"
t_row_is "competitor - 1 -"
t_row_is "cancelled - - 1"
# overdue: 7 (03-01, 30 days), 5 (03-05, 26 days); slipped: 5 twice
# (01-31 -> 03-05), 6 once (03-20 -> 04-30); awaiting: 2 (72 days in por
# Facturar), 8 (39 days in en Facturación).
t_row_is "Overdue (2)"
t_row_is "#7 Siete · Cliente Siete close 2026-03-01, 30 days late"
t_row_is "#5 Cinco · Cliente Cinco close 2026-03-05, 26 days late"
t_row_is "Slipped (2)"
t_row_is "#5 Cinco · Cliente Cinco moved later 2×: 2026-01-31 → 2026-03-05"
t_row_is "#6 Seis · Cliente Seis moved later 1×: 2026-03-20 → 2026-04-30"
t_row_is "Awaiting invoice (1)"
t_row_is "#2 Dos · Cliente Dos 72 days in por Facturar"
# the last list, at the end of the document
t_row_is "Awaiting delivery (1)"
t_row_is "#8 Ocho · Viña Sur 39 days in en Facturación"
t_keys Home
t_wait "1-21/"
t_row_is "Stage Count Totals Weighted Conv. Median"
t_keys End
t_wait "Awaiting delivery (1)"
t_screen_lacks "Stage Count" "End shows the end"

# ---- Enter on a list's entry opens its card; Esc comes back ---------------------
# End focuses the last entry (8); Up the one above it (2).
t_keys Enter
t_wait "Title:         Ocho"
t_keys Escape
t_wait_gone "Title:"
t_wait "Awaiting delivery (1)"
t_keys Up Enter
t_wait "Title:         Dos"
t_keys Escape
t_wait_gone "Title:"

# ---- a rate opens the cards behind it -------------------------------------------
# Home focuses Inmadura's conversion: its cohort, 9 entered, 7 advanced
# (5 and 6 never left inmadura).
t_keys Home Enter
t_wait "Entered Inmadura: 9 cards, 7 advanced to Calificada"
t_row_is "#5 Cinco · Cliente Cinco 2026-01-10 · now Inmadura"
t_row_is "#7 Siete · Cliente Siete 2026-02-05, advanced · now Calificada"
t_row_is "#8 Ocho · Viña Sur 2026-02-01, advanced · now en Facturación"
t_screen_lacks "Nueve" "a deleted card is in no figure"
t_keys Escape
t_wait "1-21/"
# Down through the other conversions to the win rate: the lost (3, 10),
# then the won (1, 2, 4, 8).
t_keys Down Down Down Down Down Enter
t_wait "Lost: 2 cards"
t_row_is "#3 Tres · Cliente Tres 2026-02-10 · now Perdida"
t_row_is "#10 Diez · Cliente Diez 2026-02-18 · now Perdida"
t_keys Escape
t_wait "1-21/"
t_keys Left Enter
t_wait "Won: 4 cards"
t_row_is "#1 Uno · Cliente Uno 2026-01-20 · now Lista"
t_row_is "#2 Dos · Cliente Dos 2026-01-18 · now por Facturar"
t_row_is "#4 Cuatro · Cliente Cuatro 2026-01-25 · now Perdida"
t_row_is "#8 Ocho · Viña Sur 2026-02-20 · now en Facturación"
t_keys Escape
# The cancellation, then a cell of the loss matrix: declined from
# inmadura is 10, whose card opens from that list.
t_keys Down Enter
t_wait "Cancelled (won, then lost): 1 card · USD 2,000.00"
t_row_is "#4 Cuatro · Cliente Cuatro 2026-02-15 · now Perdida"
t_keys Escape
t_keys Down Enter
t_wait "Lost, declined, from Inmadura: 1 card · CLP 5,000,000"
t_row_is "#10 Diez · Cliente Diez 2026-02-18 · now Perdida"
t_keys Enter
t_wait "Title:         Diez"
t_keys Escape
t_wait_gone "Title:"
t_keys Escape
t_wait "Pipeline review"

# ---- the filters apply ---------------------------------------------------------
# The owner ana: 1, 2, 5, 7, 10 (9 is deleted). Inmadura now 5; entered
# it 1, 2, 5, 7, 10, advanced 1, 2, 7, 10: 4/5. Won 1, 2, lost 10: 2/3.
# No cancellation. Forecast 5 and 7 (CLP 600,000 + 900,000) and 2 (USD
# 4,500.00); invoiced 1 only.
t_keys Home o
t_wait "Filter by owner"
t_type ana
t_keys Enter
t_wait_gone "Filter by owner"
t_row_is "Inmadura 1 CLP 6,000,000 CLP 600,000 80.0% 7.5d"
t_row_is "Win rate 66.7% 2 won · 1 lost"
t_row_is "Cancelled 0 cards"
t_row_is "Forecast CLP 1,500,000 · USD 4,500.00"
t_row_is "Invoiced CLP 10,000,000"
t_wait '5 cards match owner "ana" (/ or o changes it; Esc on the board clears it)'
# The text filter on top (title or client, accents ignored): "vina" is
# only 8's client, Viña Sur, which is beto's: nothing left.
t_keys /
t_type vina
t_keys Enter
t_row_is "Win rate - 0 won · 0 lost"
t_row_is "Forecast -"
# Back on the board, its clear key drops both; the review again has all.
t_keys Escape
t_wait "Inmadura ("
t_wait_gone "Pipeline review"
t_keys Escape
t_wait "Inmadura (2)"
t_keys R
t_wait "Pipeline review"
t_row_is "Win rate 66.7% 4 won · 2 lost"
# the text filter alone: 8, won, awaiting delivery
t_keys /
t_type vina
t_keys Enter
t_row_is "Win rate 100.0% 1 won · 0 lost"
t_row_is "Invoiced CLP 8,000,000"
# 8 left inmadura after 19 days (1 of 1 advanced), passed through the
# three stages after it in one move (each 1 of 1, no stay there) and
# stays in en Facturación (0 of 1 advanced, no stay ended).
t_row_is "en Facturación 1 CLP 8,000,000 CLP 8,000,000 0.0% -"
t_row_is "Inmadura 0 100.0% 19d"
t_keys Escape
t_wait "Inmadura ("
t_keys Escape
t_wait "Inmadura (2)"
t_keys R
t_wait "Pipeline review"
t_row_is "Win rate 66.7% 4 won · 2 lost"

# ---- another process changes the data: the review follows without a key --------
# 7 lost from calificada at 11:00: lost 3, 10, 7: 4/7; calificada empty,
# the forecast without its 900,000; 7's stay in calificada ended (02-09T10
# to 03-31T11: 50 days): stays 2, 10, 19, 50, median 14.5.
EMBUDO_NOW=2026-03-31T11:00:00Z t_cli lose 7 --reason declined >/dev/null || t_fail "cli lose"
t_row_is "Win rate 57.1% 4 won · 3 lost"
t_row_is "Calificada 0 57.1% 14.5d"
t_row_is "Forecast CLP 600,000 · EUR 100.00 · USD 4,500.00"
t_keys End
t_row_is "Overdue (1)"
t_row_is "#5 Cinco · Cliente Cinco close 2026-03-05, 26 days late"
t_row_is "Inmadura Calificada Comprometida"
t_row_is "declined 1 1 -"
# q goes back to the board, whose total line followed too
t_keys q
t_wait "Forecast ≈ CLP 600,000 · EUR 100.00 · USD 4,500.00   Invoiced CLP 18,000,000"
t_screen_lacks "Pipeline review" "q closes the review, not the board"
t_keys q
t_wait "EXITED 0"

# ---- 40x12: usable, cut clearly ------------------------------------------------
t_restart 40 12 "$(t_board_cmd)"
t_wait "Inmadura (2)"
t_keys R
t_wait "Review · 2026-03-31"
t_row_is "Stage Count Conv. Median"
t_row_is "Inmadura 2 77.8% 10d"
t_row_is "CLP 6,000,000 · EUR 1,000.00"
t_row_is "≈10% CLP 600,000 · EUR 100.00"
# the brief title, the position in the document whole at its right
t_screen | head -n 1 | grep -qE '^Review · 2026-03-31 +1-9/[0-9]+$' ||
	t_fail "the title row at 40x12: $(t_screen | head -n 1)"
t_keys End
t_wait "Awaiting delivery (1)"
t_row_is "#8 Ocho · Viña Sur 39d"
t_keys Up
t_row_is "#2 Dos · Cliente Dos 72d"
t_keys PPage
t_row_is "declined, from Inmadura 1"
t_row_is "declined, from Calificada 1"
t_row_is "#5 Cinco · Cliente Cinco 26d late"
# the page up focused the last entry in view, 5: its card, framed
t_keys Enter
t_wait "Title:"
t_wait "Cinco"
# its frame closed inside the 40 columns
t_screen | grep -qE '^ ?┌.*┐ ?$' || t_fail "the detail's frame is not closed at the top"
t_screen | grep -qE '^ ?└─*┘ ?$' || t_fail "the detail's frame is not closed at the bottom"
t_keys Escape
t_wait_gone "Title:"
t_keys PPage
t_wait "The forecast by month of expected clo…"
t_keys Escape
t_wait "Inmadura (2)"
t_keys q
t_wait "EXITED 0"

# ---- rates, and the review's key rebound ----------------------------------------
# With rates, one converted total beside each per-currency one; the
# review's key is an action of the keymap like any other.
mkdir -p "$T_DIR/config/embudo"
cat >"$T_DIR/config/embudo/config.yaml" <<'EOF'
rates: {reporting: CLP, USD: 950, CLF: 39000, as_of: 2026-12-01}
keys:
  board:
    review: [V]
EOF
t_restart 100 40 "$(t_board_cmd)"
t_wait "Inmadura (2)"
t_wait "V review"
t_keys R
t_wait "R does nothing here"
t_screen_lacks "Pipeline review" "R, no longer bound, opens nothing"
t_keys V
t_wait "Pipeline review"
t_row_is "≈ CLP at the rates of 2026-12-01"
# por Facturar: USD 5,000.00 x 950 = CLP 4,750,000, weighted 4,500.00 x
# 950 = 4,275,000; inmadura: EUR has no rate, the CLP alone (compact in
# its column); perdida (3, 10 and 7 lost, 4 cancelled): CLP 12M + USD
# 2,000.00 x 950 = 13,900,000.
t_row_is "por Facturar 1 USD 5,000.00 USD 4,500.00 66.7% 10d"
t_row_is "≈ CLP 4,750,000 ≈ CLP 4,275,000"
t_row_is "≈ CLP 6M (no rate for EUR) ≈ CLP 600k (no rate for EUR)"
t_row_is "≈ CLP 13,900,000"
# The forecast: CLP 600,000 (5) + USD 4,500.00 x 950 = 4,275,000: CLP
# 4,875,000; EUR has no rate. Invoiced: CLP 18M as it is.
t_row_is "Forecast CLP 600,000 · EUR 100.00 · USD 4,500.00"
t_row_is "≈ CLP 4,875,000 (no rate for EUR)"
t_row_is "≈ CLP 18,000,000"
t_row_is "2026-04 EUR 100.00"
t_row_is "≈ CLP: no rate for EUR"
# cancelled: USD 2,000.00 x 950
t_row_is "≈ CLP 1,900,000"
# Text from the database is neutralised: a title with escape sequences,
# bidi controls and wide characters, overdue since 03-25, joins the list
# without clearing or colouring the screen, cut to its column.
EMBUDO_NOW=2026-03-20T10:00:00Z t_cli add "$(printf 'Evil\033[2JRED\033]0;pwn\007 \342\200\256abc 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字')" \
	--client Hostil --amount 1000 --currency CLP --close 2026-03-25 >/dev/null || t_fail "cli add"
t_keys End
t_row_is "Overdue (2)"
t_wait "Evil�[2JRED�]0;pwn� �abc 漢字"
t_wait "close 2026-03-25, 6 days late"
t_wait "Pipeline review"
t_wait "Esc back"
# the same key closes it
t_keys V
t_wait_gone "Pipeline review"
t_wait "Inmadura (3)"
t_keys q
t_wait "EXITED 0"
