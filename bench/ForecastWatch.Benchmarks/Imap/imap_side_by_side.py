#!/usr/bin/env python3
"""Interleaved side-by-side IMAP fetch: our client (imap-fetch) and Python imaplib, optionally an older build too.

    dotnet build -c Release bench/ForecastWatch.Benchmarks
    python3 bench/ForecastWatch.Benchmarks/Imap/imap_side_by_side.py [--rounds 8] [--runs 5] [--plain] [--baseline PATH]

Fills one folder once (imap-fetch --keep), then per round runs each client for R runs over that same folder, so all
clients see the same server, messages and machine load; prints medians and quartiles over every run plus the load
average. --baseline is another build's ForecastWatch.Benchmarks executable (e.g. of an earlier commit).
Needs the loopback Dovecot (scripts/mail/start-mailserver.sh).
"""
import argparse
import imaplib
import os
import re
import statistics
import subprocess

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", "..", ".."))
p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int, default=8)
p.add_argument("--runs", type=int, default=5)
p.add_argument("--plain", action="store_true")
p.add_argument("--baseline")
a = p.parse_args()
ours = os.path.join(root, "artifacts", "bin", "ForecastWatch.Benchmarks", "release", "ForecastWatch.Benchmarks")
flag = ["--plain"] if a.plain else []
out = subprocess.run([ours, "imap-fetch", "--runs", "1", "--keep"] + flag, capture_output=True, text=True, check=True).stdout
folder = re.search(r"to (fw-bench-\w+)", out).group(1)
clients = {"ours": [ours, "imap-fetch"], "imaplib": ["python3", os.path.join(here, "imaplib_fetch.py")]}
if a.baseline:
    clients = {"baseline": [a.baseline, "imap-fetch"], **clients}
rates = {k: [] for k in clients}
cpus = {k: [] for k in clients}
allocs = {k: [] for k in clients}
loads = []
try:
    for _ in range(a.rounds):
        loads.append(os.getloadavg()[0])
        for name, cmd in clients.items():
            o = subprocess.run(cmd + ["--runs", str(a.runs), "--folder", folder] + flag, capture_output=True, text=True, check=True).stdout
            for line in o.splitlines():
                m = re.match(r"run \d+: .*?: (\d+) msg/s(?:, [\d.]+ MB/s, ([\d.]+) KB allocated/message)?, ([\d.]+) us CPU/message", line)
                if m:
                    rates[name].append(float(m.group(1)))
                    cpus[name].append(float(m.group(3)))
                    if m.group(2):
                        allocs[name].append(float(m.group(2)))
finally:
    m = imaplib.IMAP4(os.environ.get("FW_MAIL_SERVER") or "127.0.0.1", 1143)
    m.login("editor@example.test", "editor-pass")
    m.delete(folder)
    m.logout()
print(f"{'plain' if a.plain else 'TLS'}: {a.rounds} rounds x {a.runs} runs, 1,000 messages each; "
      f"load average (1 min) {min(loads):.1f}-{max(loads):.1f}, median {statistics.median(loads):.1f}")
for name in clients:
    q = statistics.quantiles(rates[name], n=4)
    alloc = f", {statistics.median(allocs[name]):.1f} KB allocated/message" if allocs[name] else ""
    print(f"  {name:8} median {statistics.median(rates[name]):6.0f} msg/s (quartiles {q[0]:.0f}-{q[2]:.0f}), "
          f"median {statistics.median(cpus[name]):5.1f} us CPU/message{alloc}")
