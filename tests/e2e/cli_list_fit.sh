# list fits the output: $COLUMNS when set, else the terminal's width when
# stdout is a terminal; into a pipe without COLUMNS nothing is cut. The
# AMOUNT column is as wide as the widest amount shown; the title and the
# client are cut (with …) first, amounts never.
. "$(dirname "$0")/lib/common.sh"
need_cmd tmux tmux

CLIENT="Seguros Generales La Portada del Pacífico" new_opp "Portal de autoatención para asegurados y corredores" --amount 48000000 --owner ana >/dev/null
CLIENT="Energía Atacama" new_opp "Evaluación de arquitectura cloud híbrida" --currency USD --amount 18000 --owner ana >/dev/null
CLIENT="株式会社サクラ技研" new_opp "東京オフィスの移行プロジェクト" --currency CLF --amount 960 --owner ana >/dev/null
gone=$(CLIENT="Borrada S.A." new_opp "Una oportunidad eliminada con título largo" --owner ana)
ok delete "$gone"

# width FILE: the widest line, in terminal columns.
width() { LC_ALL=C.UTF-8 wc -L <"$1"; }

# ---- into a pipe, no COLUMNS: every cell whole ----------------------------
unset COLUMNS
ok list --all
expect_out "Portal de autoatención para asegurados y corredores" "a long title whole"
expect_out "Seguros Generales La Portada del Pacífico" "a long client whole"
expect_no_out "…" "nothing cut"
# AMOUNT as wide as the widest amount shown, "48,000,000 CLP" (14).
# The owner column is "OWNER" wide (every owner is shorter), then the gap:
# AMOUNT, right-aligned, ends where "48,000,000 CLP" (14 columns) ends.
expect_out "^ID  STAGE +TITLE +CLIENT +OWNER {10}AMOUNT  DAYS$" "header: AMOUNT 14 columns wide"
expect_out " {4}18,000.00 USD  +0$" "narrower amounts right-aligned to it"
expect_out "  \[deleted\]$" "deleted marked"
expect_out "^ 1  inmadura  .*  ana {4}48,000,000 CLP     0$" "no wider than the widest amount"

# ---- COLUMNS=80: 80 columns at most ----------------------------------------
COLUMNS=80 run list --all
expect_rc 0 "list at 80"
expect_eq "$(width "$OUT")" 80 "the table fits 80 columns exactly (it was 119 wide)"
expect_out "Portal de [^ ]*…" "the title cut with …"
expect_out "Seguros G[^ ]*…" "the client cut with …"
expect_out "  48,000,000 CLP  " "amounts never cut"
expect_out "  960.0000 CLF  " "every amount whole"
expect_out "  \[deleted\]$" "deleted still marked"
expect_out "^4 opportunities · CLP 48,000,000 · CLF 960.0000 · USD 18,000.00$" "footer on one line"

# Narrower: the footer breaks between totals, never inside one.
COLUMNS=50 run list
expect_out "^3 opportunities · CLP 48,000,000 · CLF 960.0000$" "footer first line"
expect_out "^                · USD 18,000.00$" "footer continues under its first ·"
expect_out "  48,000,000 CLP  " "amounts whole at 50"

# Wide enough: nothing cut.
COLUMNS=300 run list
expect_no_out "…" "nothing cut when it fits"
# COLUMNS that is not a number is ignored.
COLUMNS=abc run list
expect_no_out "…" "a bad COLUMNS is ignored"

# ---- a terminal of 80 columns, no COLUMNS -----------------------------------
sock="embudo-fit-$$"
tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
	"env -u COLUMNS LC_ALL=C.UTF-8 '$EMBUDO_BIN' --db '$DB' list; echo LISTED; sleep 60" ||
	fail "tmux could not start"
for _ in $(seq 100); do
	tmux -L "$sock" capture-pane -p -J >"$T/screen" 2>/dev/null
	grep -q LISTED "$T/screen" && break
	sleep 0.1
done
tmux -L "$sock" kill-server 2>/dev/null
cp "$T/screen" "$OUT"
RC=0
LAST="embudo list in an 80x24 terminal"
expect_out "LISTED" "the list ran"
expect_eq "$(width "$OUT")" 80 "no line wraps at 80 columns"
expect_out "Portal de [^ ]*…" "cut to the terminal"

finish
