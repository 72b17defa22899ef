#!/bin/sh
# Makes sure the dependencies of one kind of work are present:
#   tools/deps.sh build   compiler, make, pkg-config and the libraries the
#                         board links (enough for make, make run, make demo)
#   tools/deps.sh test    build, plus Check and every command the test
#                         suites call (tmux, jq, the sqlite3 shell, pgrep, ...)
#   tools/deps.sh list build|test   prints the Debian packages, one a line
# As root it installs what is missing with apt-get, non-interactively;
# otherwise it prints the exact command to run and fails.
set -u
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

# Debian package for each need: "test|package". Essential packages
# (coreutils, grep, sed, bash, dash, diffutils, bsdutils, util-linux) are
# listed too: a trimmed image may still lack one, and then this says so.
build_needs="
command -v cc|gcc
command -v make|make
command -v $PKG_CONFIG|pkg-config
$PKG_CONFIG --exists ncursesw|libncurses-dev
$PKG_CONFIG --exists sqlite3|libsqlite3-dev
$PKG_CONFIG --exists yaml-0.1|libyaml-dev
"
# Every external command in tests/ and tools/ (grep them when adding one).
test_needs="
$PKG_CONFIG --exists check|check
command -v tmux|tmux
command -v mandoc|mandoc
command -v sqlite3|sqlite3
command -v jq|jq
command -v pgrep|procps
command -v ps|procps
command -v script|bsdutils
command -v awk|mawk
command -v bash|bash
command -v grep|grep
command -v sed|sed
command -v cmp|diffutils
command -v mktemp|coreutils
command -v mkfifo|coreutils
command -v stat|coreutils
command -v seq|coreutils
command -v touch|coreutils
command -v date|coreutils
command -v wc|coreutils
command -v tr|coreutils
command -v sort|coreutils
command -v head|coreutils
command -v tail|coreutils
command -v cut|coreutils
command -v timeout|coreutils
command -v dd|coreutils
command -v df|coreutils
command -v chmod|coreutils
command -v chown|coreutils
command -v diff|diffutils
command -v setpriv|util-linux
command -v unshare|util-linux
command -v mount|mount
command -v umount|mount
"

usage() {
	echo "usage: tools/deps.sh build|test  |  tools/deps.sh list build|test" >&2
	exit 2
}

needs_of() {
	case $1 in
	build) printf '%s\n' "$build_needs" ;;
	test) printf '%s\n%s\n' "$build_needs" "$test_needs" ;;
	*) usage ;;
	esac
}

# add_word LIST WORD: LIST with WORD once.
add_word() {
	case " $1 " in
	*" $2 "*) printf '%s' "$1" ;;
	*) printf '%s' "$1 $2" ;;
	esac
}

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then
	[ $# -eq 2 ] || usage
	needs=$(needs_of "$2") || exit 2
	printf '%s\n' "$needs" | sed -n 's/.*|//p' | awk '!seen[$0]++'
	exit 0
fi
[ $# -eq 1 ] || usage
kind=$1
needs=$(needs_of "$kind") || exit 2

missing=""
IFS='
'
for line in $needs; do
	[ -n "$line" ] || continue
	test_cmd=${line%|*}
	pkg=${line#*|}
	if ! sh -c "$test_cmd" >/dev/null 2>&1; then
		missing=$(add_word "$missing" "$pkg")
	fi
done
unset IFS
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "embudo: missing $kind dependencies:$missing" >&2
	echo "embudo: run as root:  apt-get update && $cmd" >&2
	exit 1
fi
echo "embudo: installing $kind dependencies:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || { echo "embudo: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2 || {
	echo "embudo: '$cmd' failed; install those packages and run make again" >&2
	exit 1
}
