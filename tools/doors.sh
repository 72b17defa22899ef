#!/bin/sh
# The doors between the rooms of src/ (README, "Source overview"), checked
# by `make check`:
#   - every file of src/ and include/ is in a room, and a room includes only
#     the rooms the table below lets it (a table with no circle);
#   - SQL (sqlite3, SQL statements) only in the store;
#   - curses only in the board (keymap.c may include <curses.h> for its
#     KEY_* numbers, and calls no curses function);
#   - libyaml only in the configuration;
#   - no file of src/ or include/ over 900 lines.
# usage: tools/doors.sh [TREE]   (default: the tree this script is in)
# Prints each violation as FILE:LINE: what; exits 1 when there is any.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 2
MAX_LINES=900

# The rooms each room may include (itself too). Each names only rooms
# listed above it, so no two rooms can include each other in a circle.
allowed() {
	case $1 in
	util) echo "util" ;;
	pipeline) echo "pipeline util" ;;
	review) echo "review pipeline util" ;;
	store) echo "store review pipeline util" ;;
	config) echo "config pipeline util" ;;
	board) echo "board store review config pipeline util" ;;
	cli) echo "cli board store review config pipeline util" ;;
	main) echo "cli" ;;
	*) return 1 ;;
	esac
}

room_of() {
	case $1 in
	src/main.c) echo main ;;
	src/*/*|include/*/*) f=${1#*/}; echo "${f%%/*}" ;;
	esac
}

out=$(mktemp "${TMPDIR:-/tmp}/doors.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
files=$(find src include -type f \( -name '*.c' -o -name '*.h' \) | sort)
[ -n "$files" ] || { echo "doors: no sources under $top/src" >&2; exit 2; }

# grep -nE PATTERN over the files outside the given paths, as FILE:LINE: WHAT.
outside() {
	what=$1 pattern=$2
	shift 2
	for f in $files; do
		skip=no
		for keep in "$@"; do
			case $f in "$keep"*) skip=yes ;; esac
		done
		[ "$skip" = yes ] && continue
		grep -nE -- "$pattern" "$f" | sed "s|^\([0-9]*\):.*|$f:\1: $what|"
	done >> "$out"
}

for f in $files; do
	# In a room, and not too long.
	r=$(room_of "$f")
	ok=$(allowed "$r") || {
		echo "$f: not in a room (src/ROOM/ or include/ROOM/)" >> "$out"
		continue
	}
	n=$(wc -l < "$f")
	[ "$n" -le "$MAX_LINES" ] || echo "$f: $n lines, over $MAX_LINES: split it by job" >> "$out"
	# Includes: "room/header.h" of an allowed room, or a private header
	# beside the file ("controller_int.h" in src/board/).
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
	sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' |
	while read -r line inc; do
		case $inc in
		*/*)
			to=${inc%%/*}
			case " $ok " in
			*" $to "*)
				[ -f "include/$inc" ] || echo "$f:$line: includes \"$inc\", which is not in include/" ;;
			*)
				echo "$f:$line: the $r room includes \"$inc\" of the $to room: that door runs the other way" ;;
			esac ;;
		*)
			[ -f "$(dirname "$f")/$inc" ] ||
				echo "$f:$line: includes \"$inc\" without its room: write \"ROOM/$inc\"" ;;
		esac
	done >> "$out"
done

SQL='sqlite3|"[^"]*\<(SELECT|INSERT (OR [A-Z]+ )?INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (UNIQUE )?(TABLE|INDEX|TRIGGER|VIEW|VIRTUAL TABLE)|DROP (TABLE|INDEX|TRIGGER)|ALTER TABLE|PRAGMA|BEGIN (IMMEDIATE|DEFERRED|EXCLUSIVE)|SAVEPOINT|ROLLBACK)\>'
outside "SQL outside the store" "$SQL" src/store/ include/store/

CURSES_H='^[[:space:]]*#[[:space:]]*include[[:space:]]*<(n?curses|ncursesw/[a-z]+|term)\.h>'
CURSES_CALL='\<(initscr|newterm|set_term|endwin|isendwin|refresh|wrefresh|doupdate|wnoutrefresh|w?getch|w?get_wch|ungetch|timeout|w?addn?w?str|mvw?addn?w?str|w?printw|mvw?printw|w?move|w?attr(on|off|set)|attr_(on|off|set)|init_pair|start_color|use_default_colors|has_colors|keypad|cbreak|nocbreak|noecho|nonl|curs_set|w?clear|w?erase|box|newwin|delwin|keyname|key_name|tigetstr|setupterm|set_escdelay|bkgdset|w?hline|w?vline|mvw?hline|mvw?vline)[[:space:]]*\('
outside "curses outside the board" "$CURSES_H" src/board/ include/board/ src/config/keymap.c include/config/keymap.h
outside "a curses call outside the board" "$CURSES_CALL" src/board/ include/board/

YAML='<yaml\.h>|\<yaml_[a-z_]+'
outside "libyaml outside the configuration" "$YAML" src/config/ include/config/

if [ -s "$out" ]; then
	cat "$out"
	echo "doors: $(wc -l < "$out") violation(s); see README, \"Source overview\"" >&2
	exit 1
fi
echo "doors: $(echo "$files" | wc -l) files in 7 rooms, every door one way"
