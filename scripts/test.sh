#!/usr/bin/env bash
# Runs the whole test suite: starts a real Postfix + Dovecot on loopback (installing them on first use),
# runs every test project, stops the servers by pid (also when tests fail), and prints the totals.
#
#   ./scripts/test.sh                 everything (needs root for apt-get and the mail daemons)
#   FW_SKIP_MAILSERVER=1 ./scripts/test.sh   no mail server: tests that need one are skipped
#   FW_CONTAINER_TESTS=0 ./scripts/test.sh   skip the container image test (podman/buildah, minutes of build time)
#   FW_SKIP_POSTGRES=1 ./scripts/test.sh     no PostgreSQL: the PostgreSQL cases of the storage tests are skipped
#   (otherwise FW_PG_REQUIRED=1 is exported: a PostgreSQL case that finds no FW_PG_CONNECTION fails, never skips)
#
# Last line: "tests: N passed, N failed, N skipped" (totals over all test projects, parsed from the TRX files).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

results="$here/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
log="$results/mailserver.log"

export FW_MAIL_ROOT=${FW_MAIL_ROOT:-/tmp/fw-mail}
# Mailboxes the tests use: editors who resolve, the desk mailbox the worker reads, a desk chief, an outsider.
export FW_MAIL_USERS=${FW_MAIL_USERS:-"editor:editor-pass desk:desk-pass chief:chief-pass editor2:editor2-pass outsider:outsider-pass"}
mail_started=0
# A second instance for the OAuth2 tests: XOAUTH2/OAUTHBEARER validated by introspection at a token server the
# tests run on 127.0.0.1:$FW_OAUTH2_PORT (its certificate from the test CA the script makes in $FW_OAUTH2_MAIL_ROOT).
export FW_OAUTH2_MAIL_ROOT=${FW_OAUTH2_MAIL_ROOT:-/tmp/fw-oa}
export FW_OAUTH2_PORT=${FW_OAUTH2_PORT:-3444}
export FW_OAUTH2_SMTP_PORT=${FW_OAUTH2_SMTP_PORT:-3525} FW_OAUTH2_SUBMISSION_PORT=${FW_OAUTH2_SUBMISSION_PORT:-3587}
export FW_OAUTH2_IMAP_PORT=${FW_OAUTH2_IMAP_PORT:-3143} FW_OAUTH2_IMAPS_PORT=${FW_OAUTH2_IMAPS_PORT:-3993}
oauth2_started=0
oauth2_env() {
  env FW_MAIL_ROOT="$FW_OAUTH2_MAIL_ROOT" FW_MAIL_USERS="editor:editor-pass desk:desk-pass" \
    FW_SMTP_PORT="$FW_OAUTH2_SMTP_PORT" FW_SUBMISSION_PORT="$FW_OAUTH2_SUBMISSION_PORT" \
    FW_IMAP_PORT="$FW_OAUTH2_IMAP_PORT" FW_IMAPS_PORT="$FW_OAUTH2_IMAPS_PORT" FW_OAUTH2_PORT="$FW_OAUTH2_PORT" \
    FW_IMAP_NS_PORT="${FW_OAUTH2_IMAP_NS_PORT:-3144}" FW_IMAPS_NS_PORT="${FW_OAUTH2_IMAPS_NS_PORT:-3994}" "$@"
}
stop_mail() {
  if [ "$mail_started" = 1 ]; then
    ./scripts/mail/stop-mailserver.sh >>"$log" 2>&1 || true
    mail_started=0
  fi
  if [ "$oauth2_started" = 1 ]; then
    oauth2_env ./scripts/mail/stop-mailserver.sh >>"$log" 2>&1 || true
    oauth2_started=0
  fi
}
# A real PostgreSQL on loopback (scripts/pg), for the storage tests' PostgreSQL cases.
export FW_PG_ROOT=${FW_PG_ROOT:-/tmp/fw-pg}
pg_started=0
stop_pg() {
  if [ "$pg_started" = 1 ]; then
    ./scripts/pg/stop-postgres.sh >>"$results/postgres.log" 2>&1 || true
    pg_started=0
  fi
}
stop_servers() { stop_mail; stop_pg; }
trap stop_servers EXIT INT TERM

running() {  # pidfile expected-comm
  local pid
  pid=$(tr -dc 0-9 2>/dev/null < "$1") || return 1  # stderr first: a missing pidfile is not an error here
  [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$2" ]
}

if [ "${FW_SKIP_MAILSERVER:-0}" != 1 ]; then
  # Stop afterwards only what this run started: a server someone already had running is left running.
  preexisting=0
  if running "$FW_MAIL_ROOT/dovecot/run/master.pid" dovecot && running "$FW_MAIL_ROOT/postfix/queue/pid/master.pid" master; then
    preexisting=1
  fi
  if ./scripts/mail/start-mailserver.sh >"$log" 2>&1; then
    [ "$preexisting" = 1 ] || mail_started=1
    export FW_MAIL_SERVER=127.0.0.1
    echo "mail server: started (log: $log)"
  else
    echo "mail server: FAILED to start, see $log" >&2
    tail -n 20 "$log" >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  oauth2_preexisting=0
  if running "$FW_OAUTH2_MAIL_ROOT/dovecot/run/master.pid" dovecot \
    && running "$FW_OAUTH2_MAIL_ROOT/postfix/queue/pid/master.pid" master; then
    oauth2_preexisting=1
  fi
  if oauth2_env ./scripts/mail/start-mailserver.sh >>"$log" 2>&1; then
    [ "$oauth2_preexisting" = 1 ] || oauth2_started=1
    echo "oauth2 mail server: started in $FW_OAUTH2_MAIL_ROOT (log: $log)"
  else
    echo "oauth2 mail server: FAILED to start, see $log" >&2
    tail -n 20 "$log" >&2
    echo "tests: 0 passed, 1 failed"
    exit 1
  fi
fi

if [ "${FW_SKIP_POSTGRES:-0}" != 1 ]; then
  pg_preexisting=0
  pg_pid=$(head -n 1 "$FW_PG_ROOT/data/postmaster.pid" 2>/dev/null | tr -dc 0-9)
  [ -n "$pg_pid" ] && [ "$(cat /proc/"$pg_pid"/comm 2>/dev/null)" = postgres ] && pg_preexisting=1
  if ./scripts/pg/start-postgres.sh >"$results/postgres.log" 2>&1; then
    [ "$pg_preexisting" = 1 ] || pg_started=1
    # Read by the tests (never printed): they skip their PostgreSQL cases when it is unset.
    FW_PG_CONNECTION=$(cat "$FW_PG_ROOT/connection-string")
    export FW_PG_CONNECTION
    # This run has PostgreSQL: its cases must run, so a lost connection string fails them instead of skipping them.
    export FW_PG_REQUIRED=1
    echo "postgres: started in $FW_PG_ROOT (log: $results/postgres.log)"
  else
    echo "postgres: FAILED to start, see $results/postgres.log" >&2
    tail -n 20 "$results/postgres.log" >&2
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi

# The DKIM end-to-end tests publish their test key with a real dnsmasq on a free loopback port (never port 53).
if ! command -v dnsmasq >/dev/null 2>&1 && [ ! -x /usr/sbin/dnsmasq ] && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends dnsmasq-base \
    >>"$results/dnsmasq-install.log" 2>&1 || echo "dnsmasq: install failed, DKIM end-to-end tests will be skipped" >&2
fi

# The container test builds the real Dockerfile with podman/buildah (installed on first use) and runs the image.
export FW_CONTAINER_TESTS=${FW_CONTAINER_TESTS:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Formatting as .editorconfig says (whitespace, usings, style rules at warning): a file `dotnet format` would change
# fails the run. Fix with: dotnet format ForecastWatch.sln
format_failed=0
if ! dotnet format ForecastWatch.sln --verify-no-changes >"$results/format.log" 2>&1; then
  format_failed=1
  echo "format: files differ from what 'dotnet format ForecastWatch.sln' writes (see $results/format.log):" >&2
  grep -E "error|warning" "$results/format.log" | head -n 20 >&2
fi

dotnet test ForecastWatch.sln -c Release \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results"
status=$?

stop_servers

# Totals over every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ...>. The TRX logger leaves
# its notExecuted counter at 0 for skipped tests, so those are counted from the results (outcome="NotExecuted").
read -r passed failed < <(
  cat "$results"/*.trx 2>/dev/null | tr '\n' ' ' | grep -o '<Counters [^>]*>' |
  awk '{ match($0, /passed="[0-9]+"/); p += substr($0, RSTART+8, RLENGTH-9);
         match($0, /failed="[0-9]+"/); f += substr($0, RSTART+8, RLENGTH-9) }
       END { printf "%d %d\n", p, f }')
skipped=$(cat "$results"/*.trx 2>/dev/null | tr '\n' ' ' | grep -o '<UnitTestResult [^>]*>' | grep -c 'outcome="NotExecuted"')
failed=$(( ${failed:-0} + format_failed ))
if [ "$format_failed" = 1 ]; then
  status=1
fi
if [ "$status" != 0 ] && [ "${failed:-0}" = 0 ]; then
  # The build or a test host failed before any test could report.
  failed=1
fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" = 0 ]
