# The whole 7x7 stage matrix through the CLI against a real database: from
# every stage to every stage, a card holding all the evidence moves where
# the rules allow (back only with a note), and is refused with exit 1, the
# requirement's code, and nothing changed where they do not. A card with
# no evidence is refused every forward move, naming each missing piece.
. "$(dirname "$0")/lib/common.sh"
need_json_tool

stages=(inmadura calificada comprometida por-facturar en-facturacion lista perdida)

# card_at STAGE [bare]: a new card moved to STAGE, holding all the evidence
# (or, with "bare", none beyond what STAGE needs: then only inmadura and
# perdida-from-inmadura are reachable). Prints its id alone, and nothing
# when it could not make the card. Called inside $(...): its fail calls
# count through $T/failures (lib/common.sh), and only the id reaches stdout.
card_at() {
	local id
	id=$(new_opp "Matriz $1")
	if ! [[ $id =~ ^[0-9]+$ ]]; then
		fail "add of the card for $1 printed '$id', not an id"
		return
	fi
	{
		if [ "${2:-}" != bare ]; then
			qualify "$id"
			"$EMBUDO_BIN" --db "$DB" commitment "$id" --kind contract --ref K &&
				"$EMBUDO_BIN" --db "$DB" billing-approval "$id" --ref B &&
				"$EMBUDO_BIN" --db "$DB" invoice "$id" --number F &&
				"$EMBUDO_BIN" --db "$DB" delivery "$id" --scope total ||
				fail "evidence for card $id"
		fi
		case $1 in
		inmadura) ;;
		perdida) "$EMBUDO_BIN" --db "$DB" lose "$id" --reason declined || fail "lose $id" ;;
		*) "$EMBUDO_BIN" --db "$DB" move "$id" "$1" || fail "move $id $1" ;;
		esac
	} >/dev/null
	echo "$id"
}

for f in 0 1 2 3 4 5 6; do
	for t in 0 1 2 3 4 5 6; do
		from=${stages[$f]} to=${stages[$t]}
		id=$(card_at "$from")
		[ -n "$id" ] || continue # card_at has counted the failure
		v=$(json_field "$id" version)
		if [ "$f" -eq "$t" ]; then
			run move "$id" "$to" --note n
			expect_rc 1 "$from -> $to"
			expect_err "refused: same-stage" "$from -> $to: same stage"
		elif [ "$from" = perdida ]; then
			run move "$id" "$to" --note n
			expect_rc 1 "$from -> $to"
			expect_err "refused: reopen" "$from -> $to: only by reopening"
		elif [ "$to" = perdida ]; then
			run move "$id" "$to" --note n
			expect_rc 1 "$from -> $to"
			expect_err "refused: reason" "$from -> $to: needs a reason"
			ok lose "$id" --reason competitor
			expect_eq "$(json_field "$id" lost.from)" "$from" "lost from $from"
		elif [ "$t" -lt "$f" ]; then
			run move "$id" "$to"
			expect_rc 1 "$from -> $to without a note"
			expect_err "refused: note" "$from -> $to: back needs a note"
			expect_eq "$(stage_of "$id")" "$from" "$from -> $to without a note: unchanged"
			ok move "$id" "$to" --note "vuelta"
			expect_eq "$(stage_of "$id")" "$to" "$from -> $to with a note"
			v=$((v - 1)) # the one move below
		else
			ok move "$id" "$to"
			expect_eq "$(stage_of "$id")" "$to" "$from -> $to with the evidence"
			v=$((v - 1))
		fi
		if [ "$f" -eq "$t" ] || [ "$from" = perdida ]; then
			expect_eq "$(json_field "$id" version)" "$v" "$from -> $to: nothing changed"
		elif [ "$to" != perdida ]; then
			expect_eq "$(json_field "$id" version)" $((v + 2)) "$from -> $to: one version step"
		fi
	done
done

# no evidence: every forward move from inmadura names everything missing
# along the chain, and changes nothing
codes=(criterion-1 criterion-2 criterion-3 criterion-4 criterion-5 commitment
	billing-approval invoice delivery)
last=(0 5 6 7 8 9) # codes needed up to each stage (index into codes)
for t in 1 2 3 4 5; do
	id=$(card_at inmadura bare)
	[ -n "$id" ] || continue
	run move "$id" "${stages[$t]}"
	expect_rc 1 "bare inmadura -> ${stages[$t]}"
	for ((k = 0; k < ${last[$t]}; k++)); do
		expect_err "^embudo: refused: ${codes[$k]}:" "bare inmadura -> ${stages[$t]} names ${codes[$k]}"
	done
	# exactly those: none beyond the target
	expect_eq "$(grep -c '^embudo: refused: ' "$ERR")" "${last[$t]}" \
		"bare inmadura -> ${stages[$t]}: the number of requirements named"
	expect_eq "$(stage_of "$id")" inmadura "bare inmadura -> ${stages[$t]}: unchanged"
	ok history "$id" --json
	expect_eq "$(jq -r '[.[].what] | join(" ")' "$OUT")" create \
		"bare inmadura -> ${stages[$t]}: the history holds the creation alone"
done

finish
