#!/usr/bin/env bash
# Debian packages the test suites need. Idempotent: a no-op when everything is present.
#   (no flag)  chromium                            (editor screenshot)
#   --queue    + redis-server, postgresql           (queue-mode suite)
# Installs as root (apt-get update first); as another user it only reports what is missing.
set -euo pipefail

want=(chromium)
for arg in "$@"; do
	case "$arg" in
	--queue) want+=(redis-server postgresql) ;;
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

if [ ${#need[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "missing Debian packages (run as root to install): ${need[*]}" >&2
	exit 0
fi
echo "installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
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
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || status=$?
[ "$created_policy" = 1 ] && rm -f "$policy"
exit "$status"
