#!/usr/bin/env bash
# Idle worker memory: starts the real `forecastwatch run` on an empty data directory, waits for "Application
# started", lets it idle, then reads VmRSS from /proc. Prints each round and the median.
#
#   dotnet publish src/ForecastWatch -c Release -o /tmp/fw-publish
#   bench/idle-memory/measure.sh /tmp/fw-publish [rounds=5] [idle-seconds=20] [mode=maildir]
#
# mode maildir: the shipped settings (directory transport, Maildir inbox, no mail server needed).
# mode imap:    the inbox watcher holds one IMAP connection in IDLE (STARTTLS) against a running Dovecot, set by
#               FW_IDLE_IMAP_HOST (127.0.0.1), FW_IDLE_IMAP_PORT (1143), FW_IDLE_IMAP_USER (desk@example.test),
#               FW_IDLE_IMAP_PASSWORD (desk-pass) and FW_IDLE_IMAP_CA (the server's certificate, required). The
#               worker watches a folder of its own (FW_IDLE_IMAP_FOLDER, default fw-idle-bench, created if missing)
#               so it never takes mail meant for anyone else.
# Any DOTNET_* variable set by the caller reaches the worker, so one knob is measured as `DOTNET_X=.. measure.sh ..`.
# FW_IDLE_SMAPS=1 also prints where the last round's RSS goes (/proc/PID/smaps: by kind of mapping, then by file).
set -euo pipefail
app=${1:?usage: measure.sh PUBLISH_DIR [rounds] [idle-seconds] [maildir|imap]}
rounds=${2:-5}
idle=${3:-20}
mode=${4:-maildir}
here=$(cd "$(dirname "$0")" && pwd)

if [[ $mode == imap ]]; then
  host=${FW_IDLE_IMAP_HOST:-127.0.0.1}
  port=${FW_IDLE_IMAP_PORT:-1143}
  user=${FW_IDLE_IMAP_USER:-desk@example.test}
  folder=${FW_IDLE_IMAP_FOLDER:-fw-idle-bench}
  : "${FW_IDLE_IMAP_CA:?mode imap needs FW_IDLE_IMAP_CA (the IMAP server certificate)}"
  export FW_IMAP_PASSWORD=${FW_IDLE_IMAP_PASSWORD:-desk-pass}
  python3 - "$host" "$port" "$user" "$FW_IMAP_PASSWORD" "$folder" "$FW_IDLE_IMAP_CA" <<'PY'
import imaplib, ssl, sys
host, port, user, password, folder, ca = sys.argv[1:]
imap = imaplib.IMAP4(host, int(port))
imap.starttls(ssl.create_default_context(cafile=ca))
imap.login(user, password)
imap.create(folder)  # "already exists" is fine
imap.logout()
PY
  export ForecastWatch__Inbox__Source=imap ForecastWatch__Inbox__ImapFolder="$folder" \
    ForecastWatch__Inbox__ProcessedFolder="$folder-processed" ForecastWatch__Inbox__RejectedFolder="$folder-rejected" \
    Mail__Imap__Host="$host" Mail__Imap__Port="$port" Mail__Imap__TlsMode=StartTls \
    Mail__Imap__TrustedCaFile="$FW_IDLE_IMAP_CA" Mail__Imap__UserName="$user"
elif [[ $mode != maildir ]]; then
  echo "mode must be maildir or imap" >&2; exit 2
fi

results=()
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$rounds"); do
  data=$(mktemp -d)
  log=$(mktemp)
  "$app/forecastwatch" --data "$data" run >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q 'Application started' "$log" && break; sleep 0.25; done
  grep -q 'Application started' "$log" || { echo "worker did not start:" >&2; cat "$log" >&2; kill -TERM "$pid"; exit 1; }
  sleep "$idle"
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  if [[ $mode == imap ]] && [[ -z $(ss -tnp 2>/dev/null | grep "pid=$pid," | grep ":$port") ]]; then
    echo "round $i: no IMAP connection from the worker" >&2; cat "$log" >&2; kill -TERM "$pid"; exit 1
  fi
  if [[ ${FW_IDLE_SMAPS:-0} == 1 && $i == "$rounds" ]]; then python3 "$here/smaps.py" "$pid"; fi
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data" "$log"
  results+=("$rss")
  echo "round $i: ${rss} kB"
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "idle RSS median ($mode): $((median / 1024)) MB (${median} kB, $rounds rounds, ${idle} s idle)"
