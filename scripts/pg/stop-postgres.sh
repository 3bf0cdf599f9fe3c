#!/usr/bin/env bash
# stop-postgres.sh - stop the PostgreSQL started by start-postgres.sh, BY ITS PID (the first line of
# $FW_PG_ROOT/data/postmaster.pid, checked against /proc/PID/comm so a stale file never hits another process).
# SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, the cluster is left consistent.
#   --purge   also delete $FW_PG_ROOT
set -uo pipefail
ROOT=${FW_PG_ROOT:-/tmp/fw-pg}
pidfile=$ROOT/data/postmaster.pid
pid=$( [ -s "$pidfile" ] && head -n 1 "$pidfile" | tr -dc 0-9 )
if [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = postgres ]; then
  kill -INT "$pid"
  for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "[postgres] pid $pid ignored SIGINT for 10 s, sending SIGQUIT"
    kill -QUIT "$pid" 2>/dev/null
  fi
  echo "[postgres] stopped (pid $pid)"
else
  echo "[postgres] not running"
fi
if [ "${1:-}" = "--purge" ]; then
  rm -rf -- "$ROOT"
  echo "[postgres] removed $ROOT"
fi
exit 0
