# The hand-computed pipeline of the report's tests (sourced after
# common.sh): ten opportunities created, moved, lost, reopened, edited and
# deleted at set times (EMBUDO_NOW), two owners, three lines, three
# currencies. cli_report.sh and cli_report_formats.sh check every figure
# of `embudo report` against values worked out by hand from the
# definitions (embudo(1), DEFINITIONS); the workings are written beside
# each expected value there. Times are UTC (TZ=UTC) unless a check says.
#
# Default probabilities: inmadura 10, calificada 30, comprometida 70,
# por-facturar 90, en-facturacion 100, lista 100, perdida 0.
#
# id  owner line   amount           close (now)   life
#  1  ana   Cloud  CLP 10,000,000   2026-02-28    created 01-05T10, calificada 01-10T10,
#                                                 comprometida 01-20T10, por-facturar
#                                                 02-01T10, en-facturacion 02-11T10, lista
#                                                 02-21T10; close slipped 02-15 -> 02-28
#                                                 on 01-12 (won: never "slipped")
#  2  ana   Data   USD 5,000.00     -             created 01-08T09; one move of three
#                                                 steps to por-facturar 01-18T09 (calificada
#                                                 and comprometida passed through); no invoice
#  3  beto  Cloud  CLP 4,000,000    2026-03-10    created 01-12T10, calificada 01-22T10,
#                                                 lost (competitor) 02-10T10
#  4  beto  -      USD 2,000.00     2026-02-20    created 01-15T12; to comprometida in one
#                                                 move 01-25T12 (calificada passed through);
#                                                 lost (cancelled) 02-15T12: a cancellation
#  5  ana   Data   CLP 6,000,000    2026-03-05    created 01-10T08 with close 01-31; lost
#                                                 (declined) 01-25T08; reopened 02-05T08;
#                                                 close 01-31 -> 02-28 (01-20, later),
#                                                 -> 03-15 (02-10, later), -> 03-05 (02-20,
#                                                 earlier)
#  6  beto  Cloud  EUR 1,000.00     2026-04-30    created 02-02T15 with close 03-20; close
#                                                 -> 04-30 on 02-15 (later)
#  7  ana   Cloud  CLP 3,000,000    2026-03-01    created 02-05T10, calificada 02-09T10
#  8  beto  Data   CLP 8,000,000    2026-03-31    client "Viña Sur"; created 02-01T10; one
#                                                 move of four steps to en-facturacion
#                                                 02-20T10; no delivery
#  9  ana   -      CLP 99,000,000   -             created 01-06T10, deleted 01-07T10: in no
#                                                 figure
# 10  ana   Cloud  CLP 5,000,000    -             created 02-03T10, calificada 02-06T10, back
#                                                 to inmadura 02-08T10, lost (declined)
#                                                 02-18T10
#
# The report's now: 2026-03-31T12:00:00Z (today 2026-03-31).

export TZ=UTC
NOW=2026-03-31T12:00:00Z

# at TIME ARGS...: one command at store time TIME; it must succeed.
at() {
	local t=$1
	shift
	LAST="EMBUDO_NOW=$t embudo --db $DB $*"
	EMBUDO_NOW=$t "$EMBUDO_BIN" --db "$DB" "$@" >"$OUT" 2>"$ERR"
	RC=$?
	expect_rc 0 "at $t: $*"
}

# evidence TIME ID STAGE: records the entry evidence of STAGE for ID.
evidence() {
	local t=$1 id=$2 n
	case $3 in
	calificada) for n in 1 2 3 4 5; do at "$t" criterion "$id" "$n"; done ;;
	comprometida) at "$t" commitment "$id" --kind email --ref "OK $id" ;;
	por-facturar) at "$t" billing-approval "$id" --ref "HES $id" ;;
	en-facturacion) at "$t" invoice "$id" --number "F-$id" ;;
	lista) at "$t" delivery "$id" --scope total ;;
	esac
}

# forward TIME ID STAGE...: the evidence of each STAGE, then one move to
# the last of them (a move of several steps when more than one is given).
forward() {
	local t=$1 id=$2 s last
	shift 2
	for s in "$@"; do
		evidence "$t" "$id" "$s"
		last=$s
	done
	at "$t" move "$id" "$last"
}

# add TIME TITLE ARGS...: creates the next opportunity.
add_at() {
	local t=$1 title=$2
	shift 2
	at "$t" add "$title" "$@"
}

build_fixture() {
	# 1: to Lista, one stage at a time; its close date slips once while
	# undecided, but it is won (not in the slipped list).
	add_at 2026-01-05T10:00:00Z "Uno" --client "Cliente Uno" --owner ana --line Cloud \
		--amount 10000000 --currency CLP --close 2026-02-15
	at 2026-01-12T10:00:00Z edit 1 --close 2026-02-28
	forward 2026-01-10T10:00:00Z 1 calificada
	forward 2026-01-20T10:00:00Z 1 comprometida
	forward 2026-02-01T10:00:00Z 1 por-facturar
	forward 2026-02-11T10:00:00Z 1 en-facturacion
	forward 2026-02-21T10:00:00Z 1 lista
	# 2: three steps at once; waits for its invoice.
	add_at 2026-01-08T09:00:00Z "Dos" --client "Cliente Dos" --owner ana --line Data \
		--amount 5000 --currency USD
	forward 2026-01-18T09:00:00Z 2 calificada comprometida por-facturar
	# 3: lost from calificada.
	add_at 2026-01-12T10:00:00Z "Tres" --client "Cliente Tres" --owner beto --line Cloud \
		--amount 4000000 --currency CLP --close 2026-03-10
	forward 2026-01-22T10:00:00Z 3 calificada
	at 2026-02-10T10:00:00Z lose 3 --reason competitor
	# 4: committed, then cancelled.
	add_at 2026-01-15T12:00:00Z "Cuatro" --client "Cliente Cuatro" --owner beto \
		--amount 2000 --currency USD --close 2026-02-20
	forward 2026-01-25T12:00:00Z 4 calificada comprometida
	at 2026-02-15T12:00:00Z lose 4 --reason cancelled
	# 5: lost, reopened; its close date slips twice and is pulled in once.
	add_at 2026-01-10T08:00:00Z "Cinco" --client "Cliente Cinco" --owner ana --line Data \
		--amount 6000000 --currency CLP --close 2026-01-31
	at 2026-01-20T08:00:00Z edit 5 --close 2026-02-28
	at 2026-01-25T08:00:00Z lose 5 --reason declined
	at 2026-02-05T08:00:00Z reopen 5 --note "Vuelve el presupuesto"
	at 2026-02-10T08:00:00Z edit 5 --close 2026-03-15
	at 2026-02-20T08:00:00Z edit 5 --close 2026-03-05
	# 6: in EUR, which the rates leave out; slips once.
	add_at 2026-02-02T15:00:00Z "Seis" --client "Cliente Seis" --owner beto --line Cloud \
		--amount 1000 --currency EUR --close 2026-03-20
	at 2026-02-15T15:00:00Z edit 6 --close 2026-04-30
	# 7: in calificada, overdue.
	add_at 2026-02-05T10:00:00Z "Siete" --client "Cliente Siete" --owner ana --line Cloud \
		--amount 3000000 --currency CLP --close 2026-03-01
	forward 2026-02-09T10:00:00Z 7 calificada
	# 8: four steps at once; waits for its delivery.
	add_at 2026-02-01T10:00:00Z "Ocho" --client "Viña Sur" --owner beto --line Data \
		--amount 8000000 --currency CLP --close 2026-03-31
	forward 2026-02-20T10:00:00Z 8 calificada comprometida por-facturar en-facturacion
	# 9: deleted.
	add_at 2026-01-06T10:00:00Z "Nueve" --client "Cliente Nueve" --owner ana \
		--amount 99000000 --currency CLP
	at 2026-01-07T10:00:00Z delete 9
	# 10: forward, back, lost from inmadura.
	add_at 2026-02-03T10:00:00Z "Diez" --client "Cliente Diez" --owner ana --line Cloud \
		--amount 5000000 --currency CLP
	forward 2026-02-06T10:00:00Z 10 calificada
	at 2026-02-08T10:00:00Z move 10 inmadura --note "Cambió el interlocutor"
	at 2026-02-18T10:00:00Z lose 10 --reason declined
}

# report ARGS...: the report at $NOW.
report() {
	LAST="EMBUDO_NOW=$NOW embudo --db $DB report $*"
	EMBUDO_NOW=$NOW "$EMBUDO_BIN" --db "$DB" report "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

# jqv EXPR: EXPR of the last report's JSON, compact.
jqv() { jq -c "$1" "$OUT"; }
