#!/usr/bin/env bash
# Debian packages the test suites need. Idempotent: skips what is present.
set -euo pipefail
need=()
for pkg in "$@"; do :; done
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	else
		echo "missing Debian packages (run as root to install): ${need[*]}" >&2
	fi
fi
