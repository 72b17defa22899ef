# embudo check: a read-only consistency check. Healthy: exit 0 and one line.
# Damaged by hand (the sqlite3 shell): exit 4 and one line per problem. It
# never writes: the file keeps its bytes and its modification time.
. "$(dirname "$0")/lib/common.sh"
need_cmd sqlite3 sqlite3

a=$(new_opp "Migración" --amount 1500000 --currency CLP)
b=$(new_opp "Plataforma" --amount 2500.50 --currency USD)
c=$(new_opp "Perdida")
qualify "$b"
ok move "$b" calificada
ok lose "$c" --reason declined

ok check
expect_eq "$(wc -l <"$OUT")" 1 "a healthy database: one line"
expect_out "^$DB: ok: 3 opportunities, [0-9]+ history rows" "the line says it is fine"
expect_out "the review's kept figures and the last activities agree\$" "the line names what agrees"
expect_eq "$(wc -c <"$ERR")" 0 "nothing on stderr"

# nothing written: same bytes, same modification time, no side files
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
touch -d '2020-01-02 03:04:05' "$DB"
cp -p "$DB" "$T/before.db"
ok check
cmp -s "$DB" "$T/before.db" || fail "check changed the file"
expect_eq "$(stat -c %Y "$DB")" "$(stat -c %Y "$T/before.db")" "its mtime is unchanged"

# damage made by hand: each problem on its own line, exit 4
sqlite3 "$DB" "UPDATE opportunity SET stage = 'comprometida' WHERE id = $a;
UPDATE criterion SET met = 0 WHERE opp_id = $b AND n = 2;
UPDATE summary SET count = count + 5 WHERE stage = 'perdida';
DELETE FROM opportunity_search WHERE rowid = $c;"
run check
expect_rc 4 "a damaged database"
expect_out "^problem: opportunity $a is in comprometida without the evidence its stage needs: criterion-1, .*commitment$" \
	"the rules' verdict on $a"
expect_out "^problem: opportunity $a is in comprometida, but its history never moved it from inmadura$" \
	"the history's verdict on $a"
expect_out "^problem: opportunity $b is in calificada without the evidence its stage needs: criterion-2$" \
	"the missing criterion of $b"
expect_out "^problem: the stage summary counts 6 perdida [A-Z]+ opportunities; a recount finds 1$" \
	"the summary"
expect_out "^problem: opportunity $c is missing from the search index$" "the search index"
# The review's facts follow $a's row now, not what was kept from its history.
expect_out "^problem: opportunity $a: its kept review figures \(report_fact, report_figure\) are not what its history gives" \
	"the review's kept figures of $a"
expect_eq "$(grep -c '^problem: ' "$OUT")" 6 "six problems, no more"
expect_err "is damaged: 6 problems \(listed above\); restore it from a backup" "the closing line"

finish
