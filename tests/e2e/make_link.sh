# ./embudo, the link the README's commands use, points at the plain build:
# a sanitized build (make SANITIZE=1, make check SANITIZE=1) never repoints
# it, and goes to a folder of its own. Read from `make -n -B` (what make
# would run, nothing run), so it is quick and touches no file.
. "$(dirname "$0")/lib/common.sh"
need_cmd make make
root=$(cd "$(dirname "$0")/../.." && pwd)

# What `make ARGS` would run, from a clean slate: run by `make check
# SANITIZE=1`, this script inherits that make's variables (SANITIZE, BUILD
# and MAKEFLAGS in the environment), which would decide for it.
plan() { # ARGS...
	LAST="make -n -B $*"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES -u SANITIZE -u BUILD -u CI \
		make -n -B -C "$root" --no-print-directory "$@" >"$OUT" 2>"$ERR"
	RC=$?
}

plan all
expect_rc 0 "make -n all"
expect_out "^ln -sf build/embudo embudo$" "the plain build links ./embudo"

for args in "SANITIZE=1 all" "SANITIZE=1 check" "SANITIZE=1 BUILD=build-asan check" "SANITIZE=1 run"; do
	# shellcheck disable=SC2086
	plan $args
	expect_rc 0 "make -n $args"
	expect_no_out "ln -s" "make $args does not repoint ./embudo"
	expect_out "-fsanitize=address" "make $args does build with the sanitizers"
	expect_no_out " -o build/embudo " "make $args does not build into the plain build's folder"
done
plan SANITIZE=1 all
expect_out " -o build-asan/embudo " "SANITIZE=1 builds into build-asan by default"

finish
