#!/usr/bin/env bash
# Redis and PostgreSQL for n8n's queue mode, private to one test run: loopback only, ports of
# your choice, all data in one folder. No systemd, no Debian cluster (pg_createcluster) involved.
#
#   queue-services.sh start <dir> <redis-port> <postgres-port>
#       initdb + pg_ctl start (as the `postgres` user when run as root: PostgreSQL refuses root),
#       database `n8n` owned by role `n8n` (password `n8n`), redis-server --daemonize.
#       Prints the settings as KEY=value lines (REDIS_PORT, PG_PORT, PG_USER, PG_PASSWORD,
#       PG_DATABASE, REDIS_PID, PG_PID) on stdout; logs go to <dir>/redis.log and <dir>/postgres.log.
#   queue-services.sh stop <dir>
#       Stops both (pg_ctl stop -m fast, redis SHUTDOWN NOSAVE; SIGKILL by pid as a last resort).
#       The folder itself is left to the caller.
#   queue-services.sh check
#       Exit 0 when redis-server and the PostgreSQL server binaries are present (prints their paths).
set -euo pipefail

log() { echo "[queue-services] $*" >&2; }
die() {
	log "$*"
	exit 1
}

# PostgreSQL's server binaries are not on PATH on Debian: /usr/lib/postgresql/<major>/bin.
pg_bindir() {
	local d
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
	command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; }
}

# Runs a command as the PostgreSQL owner: `postgres` when we are root, else ourselves.
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		if command -v runuser >/dev/null 2>&1; then
			runuser -u postgres -- "$@"
		else
			su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
		fi
	else
		"$@"
	fi
}

cmd_check() {
	local bindir redis
	redis="$(redis_bin)" || die "redis-server not found (apt-get install redis-server)"
	bindir="$(pg_bindir)" || die "PostgreSQL server binaries not found (apt-get install postgresql)"
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		die "running as root but there is no 'postgres' user to run PostgreSQL as"
	fi
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
	redis="$(redis_bin)" || die "redis-server not found (apt-get install redis-server)"
	bindir="$(pg_bindir)" || die "PostgreSQL server binaries not found (apt-get install postgresql)"
	mkdir -p "$dir"
	dir="$(cd "$dir" && pwd)"

	# --- PostgreSQL --------------------------------------------------------------------
	local pgdata="$dir/pgdata" pglog="$dir/postgres.log" pwfile="$dir/pgpass"
	if [ "$(id -u)" = 0 ]; then
		# the postgres user must reach the folder (mkdtemp makes it 0700 root)
		chmod 755 "$dir"
		touch "$pglog"
		chown postgres "$pglog"
	fi
	if [ ! -s "$pgdata/PG_VERSION" ]; then
		mkdir -p "$pgdata"
		[ "$(id -u)" = 0 ] && chown postgres "$pgdata"
		chmod 700 "$pgdata"
		printf 'n8n\n' >"$pwfile"
		chmod 644 "$pwfile"
		as_pg "$bindir/initdb" -D "$pgdata" -U n8n --pwfile="$pwfile" -A scram-sha-256 \
			-E UTF8 --locale=C.UTF-8 --no-instructions >"$dir/initdb.log" 2>&1 ||
			{
				tail -n 20 "$dir/initdb.log" >&2
				die "initdb failed"
			}
		rm -f "$pwfile"
	fi
	as_pg "$bindir/pg_ctl" -D "$pgdata" -l "$pglog" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $pport -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || {
		tail -n 20 "$pglog" >&2
		die "PostgreSQL did not start"
	}
	wait_port "$pport" PostgreSQL
	if ! PGPASSWORD=n8n "$bindir/psql" -h 127.0.0.1 -p "$pport" -U n8n -d postgres -tAqc \
		"SELECT 1 FROM pg_database WHERE datname = 'n8n'" | grep -q 1; then
		PGPASSWORD=n8n "$bindir/psql" -h 127.0.0.1 -p "$pport" -U n8n -d postgres -qc 'CREATE DATABASE n8n' >/dev/null
	fi

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
