#!/usr/bin/env bash
# Debian packages the test suites need. Idempotent: a no-op when everything is present.
#   (no flag)  nothing (the editor test's browser comes from npm: @sparticuz/chromium)
#   --queue    redis-server (queue-mode suite; PostgreSQL comes from npm: embedded-postgres)
# Installs as root (apt-get update first); as another user it only reports what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want=()
queue=0
for arg in "$@"; do
	case "$arg" in
	--queue)
		want+=(redis-server)
		queue=1
		;;
	-h | --help)
		sed -n '2,6p' "$0"
		exit 0
		;;
	*)
		echo "unknown option: $arg (use --queue)" >&2
		exit 2
		;;
	esac
done

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

need=()
for pkg in "${want[@]}"; do
	installed "$pkg" || need+=("$pkg")
done

# The queue-mode suite needs redis-server on PATH and the PostgreSQL server binaries (from the
# npm package embedded-postgres); scripts/queue-services.sh finds them.
check_queue() {
	[ "$queue" = 1 ] || return 0
	bash "$ROOT/scripts/queue-services.sh" check >/dev/null ||
		echo "queue mode: packages installed but the server binaries were not found (npm ci first?)" >&2
}

if [ ${#need[@]} -eq 0 ]; then
	check_queue
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages (run as root to install): ${need[*]}" >&2
	exit 0
fi
echo "installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || echo "apt-get update failed; trying the cached package lists" >&2
# policy-rc.d keeps the package scripts from starting redis/postgres services on install;
# the suites start their own instances.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	created_policy=1
fi
status=0
aptlog="$(mktemp)"
apt-get install -y -qq --no-install-recommends "${need[@]}" >"$aptlog" 2>&1 || status=$?
if [ "$created_policy" = 1 ]; then rm -f "$policy"; fi
if [ "$status" != 0 ]; then
	echo "apt-get install failed (exit $status):" >&2
	tail -n 30 "$aptlog" >&2
	rm -f "$aptlog"
	exit "$status"
fi
rm -f "$aptlog"
check_queue
