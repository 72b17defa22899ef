# tools/doors.sh, the check of the rooms' doors that `make check` runs: it
# passes on the tree as it is, and fails, naming the file, the line and the
# door, on each kind of violation planted in a copy of the tree.
. "$(dirname "$0")/lib/common.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)

fresh() {
	rm -rf "$T/tree"
	mkdir -p "$T/tree/tools"
	cp -R "$top/src" "$top/include" "$T/tree/"
	cp "$top/tools/doors.sh" "$T/tree/tools/"
}
doors() {
	LAST="tools/doors.sh (planted: $1)"
	sh "$T/tree/tools/doors.sh" "$T/tree" >"$OUT" 2>"$ERR"
	RC=$?
}

fresh
doors "nothing"
expect_rc 0 "the tree as it is"
expect_out "every door one way"

# A door that runs backwards: the store includes the board.
fresh
printf '#include "board/view.h"\n' >> "$T/tree/src/store/store_read.c"
doors "store includes the board"
expect_rc 1 "a backwards door"
expect_out "^src/store/store_read.c:[0-9]+: the store room includes \"board/view.h\" of the board room"

# A circle: the pipeline includes the store (which includes the pipeline).
fresh
printf '#include "store/store.h"\n' >> "$T/tree/include/pipeline/pipeline.h"
doors "pipeline includes store"
expect_rc 1 "a circle"
expect_out "^include/pipeline/pipeline.h:[0-9]+: the pipeline room includes \"store/store.h\""

# SQL outside the store.
fresh
printf 'static const char *q = "SELECT id FROM opportunity";\n' >> "$T/tree/src/cli/cli_read.c"
doors "SQL in the CLI"
expect_rc 1 "SQL in the CLI"
expect_out "^src/cli/cli_read.c:[0-9]+: SQL outside the store"
fresh
printf '#include <sqlite3.h>\n' >> "$T/tree/src/review/invoiced.c"
doors "sqlite3.h in review"
expect_rc 1 "sqlite3.h in review"
expect_out "^src/review/invoiced.c:[0-9]+: SQL outside the store"

# curses outside the board, and a curses call in keymap.c.
fresh
printf '#include <curses.h>\n' >> "$T/tree/src/cli/cli_table.c"
doors "curses in the CLI"
expect_rc 1 "curses in the CLI"
expect_out "^src/cli/cli_table.c:[0-9]+: curses outside the board"
fresh
printf 'static void f(void) { refresh(); }\n' >> "$T/tree/src/config/keymap.c"
doors "a curses call in keymap.c"
expect_rc 1 "a curses call in keymap.c"
expect_out "^src/config/keymap.c:[0-9]+: a curses call outside the board"

# libyaml outside the configuration.
fresh
printf '#include <yaml.h>\n' >> "$T/tree/src/store/store.c"
doors "yaml in the store"
expect_rc 1 "yaml in the store"
expect_out "^src/store/store.c:[0-9]+: libyaml outside the configuration"

# A file past 900 lines, and a file in no room.
fresh
seq 901 | sed 's|.*|/* line */|' > "$T/tree/src/util/long.c"
doors "a long file"
expect_rc 1 "a long file"
expect_out "^src/util/long.c: 901 lines, over 900"
fresh
printf 'int x;\n' > "$T/tree/src/loose.c"
doors "a file in no room"
expect_rc 1 "a file in no room"
expect_out "^src/loose.c: not in a room"
fresh
printf '#include "text.h"\n' >> "$T/tree/src/util/json.c"
doors "an include without its room"
expect_rc 1 "an include without its room"
expect_out "^src/util/json.c:[0-9]+: includes \"text.h\" without its room"
finish
