#!/usr/bin/env python3
"""Worker-level latency of the email loop, real clock, real servers (issue 12).

Starts `forecastwatch run` (IMAP watcher + SMTP transport) against a loopback Postfix + Dovecot
(scripts/mail/start-mailserver.sh), lets it send prompts to editor@, then answers them over SMTP one at a time and
polls the database: reply accepted by SMTP -> outcome recorded (inbound_messages applied) and -> confirmation
accepted by SMTP (its outbox row sent). Then the outbox rate: N queued messages delivered by one `run --once`
(one SMTP session), from the rows' attempt/sent times. Prints medians. No assertion: a measurement.

    python3 bench/worker-latency/measure.py --app artifacts/bin/ForecastWatch/release \
        --smtp-port 2525 --imap-port 1143 --ca /tmp/fw-mail/tls/cert.pem [--replies 20] [--outbox 500]
"""
import argparse, email, email.policy, imaplib, json, os, shutil, smtplib, sqlite3, ssl, statistics, subprocess
import sys, tempfile, time
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def env_for(a, data):
    e = dict(os.environ)
    e.update({
        "ForecastWatch__Mailing__Transport": "smtp", "ForecastWatch__Mailing__AllowReservedDomains": "true",
        "ForecastWatch__Mailing__From": "ForecastWatch <desk@example.test>",
        "ForecastWatch__Mailing__DeskAddress": "desk@example.test",
        "ForecastWatch__Editors__DefaultDesk": "editor@example.test",
        "ForecastWatch__Inbox__Source": "imap", "ForecastWatch__Inbox__Authentication": "none",
        "Mail__Smtp__Host": "127.0.0.1", "Mail__Smtp__Port": str(a.smtp_port), "Mail__Smtp__TlsMode": "None",
        "Mail__Imap__Host": "127.0.0.1", "Mail__Imap__Port": str(a.imap_port), "Mail__Imap__TlsMode": "StartTls",
        "Mail__Imap__TrustedCaFile": a.ca, "Mail__Imap__UserName": "desk@example.test", "FW_IMAP_PASSWORD": "desk-pass",
    })
    return e


def fw(a, data, *args, extra=None):
    e = env_for(a, data)
    e.update(extra or {})
    return subprocess.run([os.path.join(a.app, "forecastwatch"), "--data", data, *args], env=e, check=True,
                          capture_output=True, text=True)


def wait(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.01)
    sys.exit(f"timed out waiting for {what}")


def imap_editor(a):
    ctx = ssl.create_default_context(cafile=a.ca)
    ctx.check_hostname = False
    m = imaplib.IMAP4("127.0.0.1", a.imap_port)
    m.starttls(ssl_context=ctx)
    m.login("editor@example.test", "editor-pass")
    return m


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app", required=True)
    p.add_argument("--smtp-port", type=int, default=2525)
    p.add_argument("--imap-port", type=int, default=1143)
    p.add_argument("--ca", required=True)
    p.add_argument("--replies", type=int, default=20)
    p.add_argument("--outbox", type=int, default=500)
    a = p.parse_args()
    a.app = os.path.abspath(a.app)
    work = tempfile.mkdtemp(prefix="fw-lat-")
    data, seeds = os.path.join(work, "data"), os.path.join(work, "seeds")
    shutil.copytree(os.path.join(REPO, "seeds", "articles"), os.path.join(seeds, "articles"))
    d = json.load(open(os.path.join(REPO, "seeds", "predictions.json")))
    dated = [x for x in d["predictions"] if not x.get("undated")]
    d["predictions"] = [dict(x, id=f"{x['id']}-{i}") for i in range(a.replies) for x in dated]
    json.dump(d, open(os.path.join(seeds, "predictions.json"), "w"))
    fw(a, data, "import", seeds)
    fw(a, data, "due")  # prompts for the seeds already due on the real clock, each copied --replies times
    db = os.path.join(data, "forecastwatch.db")
    con = sqlite3.connect(db, timeout=30, isolation_level=None)
    if con.execute("SELECT count(*) FROM outbox WHERE category = 'prompt'").fetchone()[0] < a.replies:
        sys.exit("fewer prompts than --replies: no seed prediction is due yet")

    # Empty the editor's INBOX so only this run's prompts are there.
    m = imap_editor(a)
    m.select("INBOX")
    m.store("1:*", "+FLAGS", "\\Deleted") if int(m.select("INBOX")[1][0]) else None
    m.expunge()

    log = open(os.path.join(work, "worker.log"), "w")
    worker = subprocess.Popen([os.path.join(a.app, "forecastwatch"), "--data", data, "run"], env=env_for(a, data),
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        prompts = con.execute("SELECT count(*) FROM outbox WHERE category = 'prompt'").fetchone()[0]
        wait(lambda: con.execute("SELECT count(*) FROM outbox WHERE category='prompt' AND status='sent'").fetchone()[0]
             == prompts, 120, "prompts sent")
        wait(lambda: int(m.select("INBOX")[1][0]) >= prompts, 30, "prompts in the editor's INBOX")
        _, ids = m.search(None, "ALL")
        msgs = []
        for num in ids[0].split()[: a.replies]:
            _, raw = m.fetch(num, "(RFC822)")
            msgs.append(email.message_from_bytes(raw[0][1], policy=email.policy.default))
        m.logout()
        time.sleep(3)  # let the worker settle into IDLE after the prompts
        recorded, confirmed = [], []
        smtp = smtplib.SMTP("127.0.0.1", a.smtp_port)
        for prompt in msgs:
            pid = prompt["Subject"].split("[FW-", 1)[1].split("]", 1)[0]
            reply = EmailMessage()
            reply["From"] = "editor@example.test"
            reply["To"] = parseaddr(prompt["Reply-To"] or prompt["From"])[1]
            reply["Subject"] = "Re: " + prompt["Subject"]
            reply["Message-ID"] = mid = make_msgid(domain="editor.example.test")
            reply["In-Reply-To"] = prompt["Message-ID"]
            reply["References"] = prompt["Message-ID"]
            reply.set_content("YES\n")
            smtp.send_message(reply)
            t0 = time.monotonic()  # the reply is accepted by Postfix (then LMTP into Dovecot, IDLE, worker)
            bare = mid.strip("<>")
            wait(lambda: con.execute("SELECT 1 FROM inbound_messages WHERE message_id IN (?, ?) AND status = 'applied'",
                                     (bare, mid)).fetchone(), 60, f"outcome of {pid}")
            recorded.append(time.monotonic() - t0)
            wait(lambda: con.execute("SELECT 1 FROM outbox WHERE prediction_id = ? AND category <> 'prompt' "
                                     "AND status = 'sent'", (pid,)).fetchone(), 120, f"confirmation of {pid}")
            confirmed.append(time.monotonic() - t0)
            print(f"{pid}: recorded {recorded[-1]*1000:.0f} ms, confirmation sent {confirmed[-1]*1000:.0f} ms", flush=True)
        smtp.quit()
        print(f"reply -> recorded: median {statistics.median(recorded)*1000:.0f} ms "
              f"(min {min(recorded)*1000:.0f}, max {max(recorded)*1000:.0f}, n={len(recorded)})")
        print(f"reply -> confirmation accepted by SMTP: median {statistics.median(confirmed)*1000:.0f} ms "
              f"(min {min(confirmed)*1000:.0f}, max {max(confirmed)*1000:.0f}, n={len(confirmed)})")
        rss = int([l.split()[1] for l in open(f"/proc/{worker.pid}/status") if l.startswith("VmRSS")][0])
        print(f"worker RSS after the run (IDLE connection open): {rss // 1024} MB")
    finally:
        worker.terminate()
        worker.wait(60)

    # Outbox rate: N copies of a prompt queued, delivered by one `run --once` (batch = session limit = N: one session).
    row = con.execute("SELECT category, envelope_from, recipients, subject, raw FROM outbox WHERE category='prompt' "
                      "LIMIT 1").fetchone()
    base = con.execute("SELECT max(id) FROM outbox").fetchone()[0]
    con.execute("BEGIN")
    for i in range(a.outbox):
        con.execute("INSERT INTO outbox (message_id, category, envelope_from, recipients, subject, raw, created_at, "
                    "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)", (f"bench.{i}.{base}@example.test", *row))
    con.execute("COMMIT")
    t = time.monotonic()
    fw(a, data, "run", "--once", extra={"ForecastWatch__Mailing__DeliveryBatchSize": str(a.outbox),
                                      "Mail__Smtp__MaxMessagesPerSession": str(a.outbox)})
    wall = time.monotonic() - t
    first, last, sent = con.execute("SELECT min(last_attempt_at), max(sent_at), count(*) FROM outbox WHERE id > ? "
                                    "AND status = 'sent'", (base,)).fetchone()
    span = (last - first) / 1000 if first and last else 0
    rate = f"{sent / span:.0f} msgs/s over the SMTP session ({span:.2f} s)" if span > 0 else "times not per message"
    print(f"outbox: {sent}/{a.outbox} sent, {rate}; whole `run --once` (start-up included) {wall:.2f} s")
    print(f"work directory: {work}")


if __name__ == "__main__":
    main()
