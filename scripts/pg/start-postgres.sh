#!/usr/bin/env bash
# -----------------------------------------------------------------------------
# start-postgres.sh - a REAL, loopback-only PostgreSQL for ForecastWatch tests
#
# Debian's postgresql package (installed with apt-get on first use; the stock
# cluster is neither created nor started), one cluster of our own in
# $FW_PG_ROOT/data, listening on 127.0.0.1:$FW_PG_PORT only, its UNIX socket in
# $FW_PG_ROOT. The postmaster is started directly as the postgres user (no
# systemd); stop-postgres.sh stops it by the pid in its postmaster.pid.
#
# A login role and a database for the tests are created on first start; the
# role may create schemas and databases (tests give each case its own schema).
# The connection string (with the role's password) is written, mode 600, to
# $FW_PG_ROOT/connection-string; it is not printed.
#
# Test-only settings: fsync, synchronous_commit and full_page_writes are off
# (a crash may lose the cluster; it holds only throwaway test data).
#
# Knobs: FW_PG_ROOT (/tmp/fw-pg, keep it short: socket path < 108 chars),
#        FW_PG_PORT (55432), FW_PG_SKIP_INSTALL=1 (never call apt-get)
# Idempotent: a cluster already running in $FW_PG_ROOT is left alone.
# -----------------------------------------------------------------------------
set -euo pipefail
ROOT=${FW_PG_ROOT:-/tmp/fw-pg}
PORT=${FW_PG_PORT:-55432}
DATA=$ROOT/data
ROLE=forecastwatch
DB=forecastwatch

say() { echo "[postgres] $*"; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
  if [ "${FW_PG_SKIP_INSTALL:-0}" = 1 ]; then say "postgresql is not installed and FW_PG_SKIP_INSTALL=1"; exit 1; fi
  [ "$(id -u)" = 0 ] || { say "postgresql is not installed; run as root to install it"; exit 1; }
  say "installing postgresql (apt-get)"
  # No stock cluster on 5432: the package's postinst neither creates nor starts one.
  mkdir -p /etc/postgresql-common
  [ -f /etc/postgresql-common/createcluster.conf ] || echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  policy=/usr/sbin/policy-rc.d
  had_policy=0; [ -e "$policy" ] && had_policy=1
  [ "$had_policy" = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; }
  trap '[ "$had_policy" = 1 ] || rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null || true
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN=$(bindir)

running() {
  local pid
  [ -s "$DATA/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$DATA/postmaster.pid" | tr -dc 0-9)
  [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = postgres ]
}

as_pg() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

mkdir -p "$ROOT"
chown postgres:postgres "$ROOT" 2>/dev/null || true
chmod 700 "$ROOT"

if [ ! -s "$DATA/PG_VERSION" ]; then
  say "initdb in $DATA"
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  umask 077
  printf '%s\n' "$password" > "$ROOT/.pw"
  chown postgres:postgres "$ROOT/.pw"
  as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$DATA/postgresql.conf" <<CONF
# forecastwatch tests: loopback only, our own port and socket directory
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$ROOT'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  started_for_setup=1
else
  started_for_setup=0
fi

if running; then
  say "already running (pid $(head -n 1 "$DATA/postmaster.pid")) on 127.0.0.1:$PORT"
else
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/postgres.log" -w -t 60 start >/dev/null
  say "started (pid $(head -n 1 "$DATA/postmaster.pid")) on 127.0.0.1:$PORT, log $ROOT/postgres.log"
fi

if [ "$started_for_setup" = 1 ] || [ ! -s "$ROOT/connection-string" ]; then
  password=$(cat "$ROOT/.pw")
  as_pg "$BIN/psql" -h "$ROOT" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $DB OWNER $ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB') \gexec
SQL
  umask 077
  printf 'Host=127.0.0.1;Port=%s;Username=%s;Password=%s;Database=%s\n' "$PORT" "$ROLE" "$password" "$DB" > "$ROOT/connection-string"
fi
say "connection string in $ROOT/connection-string"
