#!/bin/sh
# Makes sure every build and test dependency is present. As root it installs
# what is missing with apt-get, non-interactively; otherwise it prints the
# exact command to run and fails.
set -u
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

# Debian package for each need: "test|package"
needs="
command -v cc|gcc
command -v make|make
command -v $PKG_CONFIG|pkg-config
$PKG_CONFIG --exists ncursesw|libncurses-dev
$PKG_CONFIG --exists sqlite3|libsqlite3-dev
$PKG_CONFIG --exists yaml-0.1|libyaml-dev
$PKG_CONFIG --exists check|check
command -v tmux|tmux
command -v sqlite3|sqlite3
command -v jq|jq
"
missing=""
IFS='
'
for line in $needs; do
	[ -n "$line" ] || continue
	test_cmd=${line%|*}
	pkg=${line#*|}
	if ! sh -c "$test_cmd" >/dev/null 2>&1; then
		missing="$missing $pkg"
	fi
done
unset IFS
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "embudo: missing build dependencies:$missing" >&2
	echo "embudo: run as root:  apt-get update && $cmd" >&2
	exit 1
fi
echo "embudo: installing build dependencies:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || { echo "embudo: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2 || {
	echo "embudo: '$cmd' failed; install those packages and run make again" >&2
	exit 1
}
