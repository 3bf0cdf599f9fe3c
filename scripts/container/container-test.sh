#!/usr/bin/env bash
# End-to-end container test: builds the real Dockerfile and runs the image the way a server would.
#
#   sudo ./scripts/container/container-test.sh          (root: installs podman/buildah/runc/debootstrap if missing)
#
# Where no registry is reachable, ./make-base-images.sh (beside this script) first builds local stand-ins of
# Microsoft's .NET images under their official names (idempotent, ~0.5 s when they exist). Checks:
#   1. the image builds (buildah, docker format so HEALTHCHECK is kept) and declares a non-root USER, /data volume,
#      HEALTHCHECK, ENTRYPOINT forecastwatch, CMD run;
#   2. with --read-only, a tmpfs on /tmp, a named volume on /data and configuration from environment variables only
#      (one secret through a *_FILE variable): runs as a non-root uid, imports the seeds into /data and runs the
#      jobs once, `podman healthcheck run` passes, backup works while the worker runs, `podman stop` (SIGTERM) ends
#      the worker with exit code 0 within the bound, nothing outside /data and /tmp was written, and the secret never
#      appears in the logs;
#   3. deploy/compose.yaml's settings (environment, secrets, mounted editors file; its variables set to a loopback
#      Postfix + Dovecot started here on ports 42525/42587/41143/41993 under /tmp/fw-ct-mail): refused as shipped
#      (example.org editors), and with real addresses `run --once` delivers a prompt into the editor's mailbox.
# A step that cannot run (a command missing from the image, no mail server) is a failure, never a skip.
# Prints "container-test: <metric> ..." lines and ends with "container-test: PASS" (exit 0) or
# "container-test: FAIL: <reasons>" (exit 1).
#
# Knobs: IMAGE=localhost/forecastwatch:test  STOP_BOUND=10 (seconds)  NO_CACHE=1 (cold build)  KEEP=1 (keep volume)
#        ENGINE=podman|docker (default: docker if a Docker engine answers, else podman)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
IMAGE=${IMAGE:-localhost/forecastwatch:test}
STOP_BOUND=${STOP_BOUND:-10}   # docker/podman stop's default; HostOptions:ShutdownTimeout defaults to 8 s
NO_CACHE=${NO_CACHE:-0}
KEEP=${KEEP:-0}
run_id="fwct-$$"
volume="$run_id-data"
secret_value="s3cret-$RANDOM$RANDOM-never-logged"
failures=()
cid=

log()    { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
metric() { echo "container-test: $*"; }
fail()   { failures+=("$*"); log "FAIL: $*"; }
mail_started=0
finish() {
  if [ -n "$cid" ]; then $ENGINE rm -f "$cid" >/dev/null 2>&1 || true; fi
  if [ "$mail_started" = 1 ]; then FW_MAIL_ROOT=$mail_root "$repo/scripts/mail/stop-mailserver.sh" >/dev/null 2>&1 || true; fi
  if [ "$KEEP" != 1 ]; then $ENGINE volume rm -f "$volume" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
  if [ ${#failures[@]} -eq 0 ]; then
    echo "container-test: PASS"
    exit 0
  fi
  local IFS=';'
  echo "container-test: FAIL: ${failures[*]}"
  exit 1
}
abort() { fail "$*"; finish; }
tmp=$(mktemp -d)
trap 'abort "interrupted"' INT TERM

# ------------------------------------------------------------------ engine
ENGINE=${ENGINE:-}
if [ -z "$ENGINE" ]; then
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then ENGINE=docker; else ENGINE=podman; fi
fi
if [ "$ENGINE" = podman ]; then
  [ "$(id -u)" = 0 ] || abort "needs root (apt-get install, rootful podman)"
  base_log="$tmp/base-images.log"
  t=$SECONDS
  if ! INSTALL_DEPS=1 "$here/make-base-images.sh" >"$base_log" 2>&1; then
    tail -n 30 "$base_log" >&2
    abort "make-base-images.sh failed"
  fi
  metric "base images ready in $((SECONDS - t)) s"
  # Same engine configuration the base-image script created (runc, cgroupfs, pinned ulimits).
  WORK=${WORK:-/var/tmp/standin-images}
  export CONTAINERS_STORAGE_CONF=${CONTAINERS_STORAGE_CONF:-$WORK/storage.conf}
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$WORK/containers.conf}
  build() { buildah bud --pull=never --format docker --layers --force-rm "$@"; }
else
  build() { docker build "$@"; }
fi
log "engine: $ENGINE"

# ------------------------------------------------------------------ 1. build
build_args=(--build-arg "VERSION=0.0.0-containertest"
  --build-arg "SOURCE_REVISION=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" -t "$IMAGE")
[ "$NO_CACHE" = 1 ] && build_args+=(--no-cache)
t=$SECONDS
if ! build "${build_args[@]}" "$repo" >"$tmp/build.log" 2>&1; then
  tail -n 40 "$tmp/build.log" >&2
  abort "image build failed"
fi
metric "build time $((SECONDS - t)) s (no-cache=$NO_CACHE)"
size=$($ENGINE image inspect --format '{{.Size}}' "$IMAGE")
metric "image size $((size / 1000000)) MB ($size bytes)"

inspect() { $ENGINE image inspect --format "$1" "$IMAGE"; }
user=$(inspect '{{.Config.User}}')
case "$user" in ''|0|root|0:*|root:*) fail "image USER is '$user' (must be non-root)" ;; esac
[ "$(inspect '{{json .Config.Entrypoint}}')" = '["forecastwatch"]' ] || fail "ENTRYPOINT is $(inspect '{{json .Config.Entrypoint}}')"
[ "$(inspect '{{json .Config.Cmd}}')" = '["run"]' ] || fail "CMD is $(inspect '{{json .Config.Cmd}}')"
grep -q '"/data"' <<<"$(inspect '{{json .Config.Volumes}}')" || fail "no /data VOLUME"
grep -q 'health' <<<"$(inspect '{{json .Config.Healthcheck}}')" \
  || fail "no HEALTHCHECK running 'forecastwatch health' (OCI format drops it: build with --format docker)"

# ------------------------------------------------------------------ 2. run
$ENGINE volume create "$volume" >/dev/null || abort "cannot create volume $volume"
printf '%s\n' "$secret_value" >"$tmp/smtp-password"
chmod 0644 "$tmp/smtp-password"

# Configuration from environment variables only; the password arrives as a Docker/Kubernetes-style secret file.
common=(--read-only --tmpfs /tmp:rw,size=64m --network none -v "$volume:/data"
  -v "$tmp/smtp-password:/run/secrets/smtp-password:ro"
  -e ForecastWatch__TimeZone=UTC
  -e Mail__Smtp__Host=mail.example.invalid
  -e Mail__Smtp__UserName=forecastwatch
  -e FW_SMTP_PASSWORD_FILE=/run/secrets/smtp-password
  -e ForecastWatch__Mailing__TokenSecret_FILE=/run/secrets/smtp-password
  -e ForecastWatch__Jobs__ContainerTestProbe__Interval=00:15:00)
oneshot() { $ENGINE run --rm "${common[@]}" "$@"; }
all_logs="$tmp/all.log"
: >"$all_logs"

uid=$(oneshot --entrypoint id "$IMAGE" -u 2>>"$all_logs")
[ -n "$uid" ] && [ "$uid" != 0 ] || fail "container runs as uid '$uid'"
metric "uid $uid"

help=$(oneshot "$IMAGE" --help 2>&1)
has_command() { grep -Eq "^[[:space:]]+$1([[:space:]]|,|$)" <<<"$help"; }

# Every step is required: a command missing from this build is a failure, not a skip.
has_command import || fail "the image has no import command"
[ -d "$repo/seeds" ] || fail "no seeds/ directory in the repository"
if oneshot -v "$repo/seeds:/seeds:ro" "$IMAGE" import /seeds >>"$all_logs" 2>&1; then
  metric "seeds imported into /data"
else
  fail "import /seeds failed (see output above)"; tail -n 20 "$all_logs" >&2
fi

# (captured first: with pipefail, `grep -q` closing the pipe early would fail the engine's side of it)
run_help=$(oneshot "$IMAGE" run --help 2>/dev/null)
grep -q -- '--once' <<<"$run_help" || fail "the image's run command has no --once"
if oneshot "$IMAGE" run --once >>"$all_logs" 2>&1; then
  metric "run --once ok"
else
  fail "run --once failed"; tail -n 20 "$all_logs" >&2
fi

cid=$($ENGINE run -d --name "$run_id" "${common[@]}" "$IMAGE") || abort "podman run -d failed"
# Started = the host logged its start line; give up after 60 s.
started=0
for _ in $(seq 1 120); do
  if grep -q 'Application started' <<<"$($ENGINE logs "$cid" 2>&1)"; then started=1; break; fi
  [ "$($ENGINE inspect -f '{{.State.Running}}' "$cid")" = true ] || break
  sleep 0.5
done
[ $started = 1 ] || { $ENGINE logs "$cid" >&2; abort "worker did not start"; }
proc_uid=$($ENGINE exec "$cid" id -u)
[ "$proc_uid" != 0 ] || fail "worker process runs as root"

if [ "$ENGINE" = podman ]; then
  h0=$(date +%s.%N)
  if podman healthcheck run "$cid" >"$tmp/health.out" 2>&1; then
    metric "healthcheck: healthy ($(awk -v a="$h0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s)"
  else
    fail "podman healthcheck run: $(tr '\n' ' ' <"$tmp/health.out")"
  fi
else
  docker exec "$cid" forecastwatch health >"$tmp/health.out" 2>&1 || fail "health: $(tr '\n' ' ' <"$tmp/health.out")"
fi
$ENGINE exec "$cid" forecastwatch health >>"$all_logs" 2>&1 || true
has_command backup || fail "the image has no backup command"
# Online copy while the worker runs; /tmp is the only other writable place in a --read-only container.
if $ENGINE exec "$cid" forecastwatch backup /tmp/backup.db >"$tmp/backup.out" 2>&1; then
  metric "backup while running: $(tr '\n' ' ' <"$tmp/backup.out")"
else
  fail "backup while running: $(tr '\n' ' ' <"$tmp/backup.out")"
fi

t0=$(date +%s.%N)
$ENGINE stop -t "$STOP_BOUND" "$cid" >/dev/null 2>&1
t1=$(date +%s.%N)
stop_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
exit_code=$($ENGINE inspect -f '{{.State.ExitCode}}' "$cid")
metric "stop (SIGTERM) took ${stop_s} s, exit code $exit_code (bound ${STOP_BOUND} s)"
[ "$exit_code" = 0 ] || fail "exit code after SIGTERM is $exit_code"
awk -v s="$stop_s" -v b="$STOP_BOUND" 'BEGIN { exit !(s < b) }' || fail "stop took ${stop_s} s (bound ${STOP_BOUND} s): SIGKILL?"

# Writes outside the volume and the tmpfs (with --read-only they would fail anyway; the diff proves it).
$ENGINE diff "$cid" >"$tmp/diff" 2>&1
# The engine's own mount points (/etc/hosts, /etc/hostname, /etc/resolv.conf, /run) show up as a changed /etc.
stray=$(awk '{print $2}' "$tmp/diff" | grep -Ev '^/(data|tmp|run)(/|$)|^/etc(/(hosts|hostname|resolv\.conf))?$' || true)
[ -z "$stray" ] || fail "written outside /data and /tmp: $(tr '\n' ' ' <<<"$stray")"
$ENGINE logs "$cid" >>"$all_logs" 2>&1

written=$(oneshot --entrypoint sh "$IMAGE" -c 'find /data -mindepth 1 | head -20' 2>/dev/null | tr '\n' ' ')
metric "/data holds: ${written:-<nothing>}"

grep -q "$secret_value" "$all_logs" && fail "the secret appeared in the output/logs"
log "last log lines:"; tail -n 15 "$all_logs" >&2

# ------------------------------------------------------------------ 3. deploy/compose.yaml sends real mail
# The compose file's environment, secrets and mounted editors file, with this test's values for its variables,
# against a loopback Postfix + Dovecot of our own (own state directory and ports, never the default ones).
mail_root=${CT_MAIL_ROOT:-/tmp/fw-ct-mail}
mail_domain=newsroom.test
export FW_MAIL_ROOT=$mail_root FW_MAIL_DOMAIN=$mail_domain
export FW_MAIL_USERS="desk:desk-pass editor:editor-pass editor2:editor2-pass chief:chief-pass"
export FW_SMTP_PORT=${CT_SMTP_PORT:-42525} FW_SUBMISSION_PORT=${CT_SUBMISSION_PORT:-42587}
export FW_IMAP_PORT=${CT_IMAP_PORT:-41143} FW_IMAPS_PORT=${CT_IMAPS_PORT:-41993}
export FW_IMAP_NS_PORT=${CT_IMAP_NS_PORT:-41144} FW_IMAPS_NS_PORT=${CT_IMAPS_NS_PORT:-41994}
mail_started=1  # set first: a start that fails half-way (one daemon up) is stopped by pid files all the same
if "$repo/scripts/mail/start-mailserver.sh" >"$tmp/mailserver.log" 2>&1; then
  export FORECASTWATCH_DOMAIN=$mail_domain FORECASTWATCH_MAILBOX=desk@$mail_domain
  export FORECASTWATCH_SMTP_HOST=127.0.0.1 FORECASTWATCH_SMTP_PORT=$FW_SUBMISSION_PORT
  export FORECASTWATCH_IMAP_HOST=127.0.0.1 FORECASTWATCH_IMAP_PORT=$FW_IMAPS_PORT
  # Compose's environment block, ${VAR}, ${VAR:-default} and ${VAR:?message} substituted as Compose does.
  python3 - "$repo/deploy/compose.yaml" >"$tmp/compose.env" <<'PY' || fail "cannot read deploy/compose.yaml's environment"
import os, re, sys
lines = open(sys.argv[1]).read().splitlines()
start = next(i for i, l in enumerate(lines) if l.strip() == "environment:")
indent = len(lines[start + 1]) - len(lines[start + 1].lstrip())
def sub(m):
    name, op, arg = m.group(1), m.group(2), m.group(3)
    value = os.environ.get(name, "")
    if value == "" and op == ":?": sys.exit(f"compose variable {name} is not set: {arg}")
    return arg if value == "" and op == ":-" else value
for line in lines[start + 1:]:
    if not line.strip() or line.lstrip().startswith("#"): continue
    if len(line) - len(line.lstrip()) < indent: break
    key, _, value = line.strip().partition(":")
    value = value.strip().strip('"')
    value = re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[?-])([^}]*))?\}", sub, value)
    print(key + "=" + value)
PY
  grep -q '^ForecastWatch__Mailing__Transport=smtp$' "$tmp/compose.env" || fail "deploy/compose.yaml does not set the smtp transport"
  printf '%s' desk-pass >"$tmp/mail-password"; head -c 32 /dev/urandom | base64 >"$tmp/token-secret"
  chmod 0644 "$tmp/mail-password" "$tmp/token-secret"
  sed -e "s/ai-desk@example.org/editor@$mail_domain/; s/tech-desk@example.org/editor2@$mail_domain/" \
    -e "s/chief@example.org/chief@$mail_domain/g" \
    "$repo/deploy/appsettings.Production.json" >"$tmp/editors.json"
  cp "$mail_root/tls/cert.pem" "$tmp/ca.pem"; chmod 0644 "$tmp/editors.json" "$tmp/ca.pem"
  compose_volume="$run_id-compose"
  $ENGINE volume create "$compose_volume" >/dev/null
  compose() {  # editors-file, then the command
    local editors=$1; shift
    $ENGINE run --rm --read-only --tmpfs /tmp:rw,size=64m --network host -v "$compose_volume:/data" \
      --env-file "$tmp/compose.env" \
      -v "$editors:/app/config/appsettings.Production.json:ro" \
      -v "$tmp/mail-password:/run/secrets/mail-password:ro" -v "$tmp/token-secret:/run/secrets/token-secret:ro" \
      -v "$tmp/ca.pem:/run/secrets/ca.pem:ro" \
      -e Mail__Smtp__TrustedCaFile=/run/secrets/ca.pem -e Mail__Imap__TrustedCaFile=/run/secrets/ca.pem \
      -v "$repo/seeds:/seeds:ro" "$IMAGE" "$@"
  }
  # As shipped, the editors file still holds example.org addresses: the start must be refused, naming one.
  if compose "$repo/deploy/appsettings.Production.json" run --once >"$tmp/refused.out" 2>&1; then
    fail "compose settings with the shipped example.org editors were not refused"
  elif grep -q 'ForecastWatch:Editors:Editors:0:Address' "$tmp/refused.out"; then
    refused_key=$(grep -m1 -o 'ForecastWatch:Editors:Editors:0:Address[^;]*' "$tmp/refused.out" | cut -c1-80)
    metric "compose settings with example.org editors: refused ($refused_key)"
  else
    fail "compose settings refused without naming the editor key: $(tr '\n' ' ' <"$tmp/refused.out" | cut -c1-300)"
  fi
  compose "$tmp/editors.json" import /seeds >>"$all_logs" 2>&1 || fail "compose settings: import failed"
  if compose "$tmp/editors.json" run --once >"$tmp/compose-run.out" 2>&1; then
    metric "compose settings: run --once: $(grep -E '^(outbox|delivery|sent)' "$tmp/compose-run.out" | tr '\n' ' ' | cut -c1-160)"
  else
    fail "compose settings: run --once failed: $(tail -n 5 "$tmp/compose-run.out" | tr '\n' ' ')"
  fi
  cat "$tmp/compose-run.out" >>"$all_logs"
  received=0
  for _ in $(seq 1 40); do  # Postfix hands the mail to Dovecot asynchronously
    received=$(find "$mail_root/mail/$mail_domain/editor/Maildir/new" "$mail_root/mail/$mail_domain/editor/Maildir/cur" \
      -type f 2>/dev/null | wc -l)
    [ "$received" -gt 0 ] && break
    sleep 0.5
  done
  if [ "$received" -gt 0 ]; then
    metric "compose settings: $received prompt(s) delivered to editor@$mail_domain over SMTP"
  else
    fail "compose settings: no mail arrived in editor@$mail_domain's mailbox"
  fi
  $ENGINE volume rm -f "$compose_volume" >/dev/null 2>&1 || true
else
  tail -n 20 "$tmp/mailserver.log" >&2
  fail "could not start the loopback mail server for the compose settings"
fi

finish
