#!/usr/bin/env bash
# Idle worker memory: starts `forecastwatch run` on an empty data directory with the shipped settings, waits until
# the host has started and the start-up jobs ran, lets it idle, then reads VmRSS from /proc. Prints each round and
# the median. Usage:
#   dotnet publish src/ForecastWatch -c Release -o /tmp/fw-publish
#   bench/idle-memory/measure.sh /tmp/fw-publish [rounds=5] [idle-seconds=20]
set -euo pipefail
app=${1:?usage: measure.sh PUBLISH_DIR [rounds] [idle-seconds]}
rounds=${2:-5}
idle=${3:-20}
results=()
for i in $(seq 1 "$rounds"); do
  data=$(mktemp -d)
  log=$(mktemp)
  "$app/forecastwatch" --data "$data" run >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q 'Application started' "$log" && break; sleep 0.25; done
  sleep "$idle"
  rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data" "$log"
  results+=("$rss")
  echo "round $i: ${rss} kB"
done
median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "idle RSS median: $((median / 1024)) MB (${median} kB, $rounds rounds, ${idle} s idle)"
