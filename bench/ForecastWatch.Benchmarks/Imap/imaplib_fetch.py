#!/usr/bin/env python3
"""Python imaplib side of `imap-fetch`: same server, same message shape, same FETCH items.

    python3 bench/ForecastWatch.Benchmarks/Imap/imaplib_fetch.py [--count N] [--size BYTES] [--runs R] [--plain]

Appends N messages to a fresh folder on the loopback Dovecot (scripts/mail/start-mailserver.sh), times one
UID FETCH of all of them per run (imaplib returns raw lines and literals; it parses no ENVELOPE), then deletes the
folder. FW_MAIL_SERVER and FW_MAIL_ROOT are honoured like the C# tool.
"""
import argparse
import imaplib
import os
import ssl
import statistics
import time
import uuid


def message(i, size):
    head = (f"From: Desk <desk@example.test>\r\nTo: editor@example.test\r\nSubject: bench message {i}\r\n"
            f"Message-ID: <bench-{i}-{uuid.uuid4().hex}@forecastwatch.test>\r\nDate: Mon, 23 Nov 2026 05:00:00 +0000\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
    parts = [head]
    length, line = len(head), 0
    while length < size:
        s = f"Line {line}: the forecast said it would happen by the end of the year, and it did not.\r\n"
        parts.append(s)
        length += len(s)
        line += 1
    return "".join(parts).encode()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--size", type=int, default=8 * 1024)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--plain", action="store_true")
    p.add_argument("--folder", help="fetch from this existing folder (imap-fetch --keep) instead of filling a new one")
    a = p.parse_args()
    host = os.environ.get("FW_MAIL_SERVER") or "127.0.0.1"
    root = os.environ.get("FW_MAIL_ROOT") or "/tmp/fw-mail"
    if a.plain:
        m = imaplib.IMAP4(host, 1143)
    else:
        ctx = ssl.create_default_context(cafile=os.path.join(root, "tls", "cert.pem"))
        ctx.check_hostname = False
        m = imaplib.IMAP4_SSL(host, 1993, ssl_context=ctx)
    m.login("editor@example.test", "editor-pass")
    folder = a.folder or "fw-pybench-" + uuid.uuid4().hex[:12]
    try:
        if not a.folder:
            m.create(folder)
            for i in range(a.count):
                m.append(folder, None, None, message(i, a.size))
        m.select(folder, readonly=True)
        rates, cpus = [], []
        for run in range(a.runs):
            t, c = time.perf_counter(), time.process_time()
            typ, data = m.uid("FETCH", "1:*", "(UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE BODY.PEEK[])")
            elapsed, cpu = time.perf_counter() - t, time.process_time() - c
            fetched = sum(1 for d in data if isinstance(d, tuple))
            nbytes = sum(len(d[1]) for d in data if isinstance(d, tuple))
            assert typ == "OK" and fetched == a.count, (typ, fetched)
            rates.append(fetched / elapsed)
            cpus.append(cpu * 1e6 / fetched)
            print(f"run {run + 1}: {fetched} messages, {nbytes / 1048576:.1f} MB in {elapsed * 1000:.0f} ms: "
                  f"{fetched / elapsed:.0f} msg/s, {cpu * 1e6 / fetched:.1f} us CPU/message")
        print(f"imaplib ({'plain' if a.plain else 'TLS'}): median {statistics.median(rates):.0f} msg/s, "
              f"best {max(rates):.0f} msg/s, median {statistics.median(cpus):.1f} us CPU/message over {a.runs} runs")
    finally:
        if m.state == "SELECTED":
            m.close()
        if not a.folder:
            m.delete(folder)
        m.logout()


if __name__ == "__main__":
    main()
