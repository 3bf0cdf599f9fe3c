#!/usr/bin/env python3
"""Writes wild.txt: a second held-out set, never used while tuning the trimmer or the verdict reader.

Its layouts are the ones seen in public reply corpora of mail-parsing projects (Outlook header blocks behind an
underscore rule, Outlook for iOS/Android, BlackBerry, Yahoo on Android, Windows Mail, Lotus Notes, Zimbra, Mail.ru,
Yandex, QQ, Proton; Gmail attributions split inside the address; external-sender banners; confidentiality notices;
forwarded answers; auto-replies), written here from scratch with the desk's prompt, and its editor lines are ones
the tuning set does not hold (idioms such as "No thanks" and "Yes please", answers qualified by "but", foreign words
with a comment). Expected readings follow docs/replies.md and, where that leaves room, what the editor meant; a line
whose meaning is in doubt expects a refusal ("-").

Run from this directory: python3 wild.py  (deterministic; rewrites wild.txt)
"""

MARK = "\u00a7\u00a7"
DESK_NAME = "ForecastWatch Desk"
DESK = "desk@example.test"
SUBJECT = "[FW-ai-act] Due: the EU AI Act will be in force by 2027-05-31"
PROMPT = [
    "The claim: the EU AI Act will be in force by 2027-05-31.",
    "Source: https://news.example.org/ai-act (Outlet Example, 2025-01-10)",
    "Reply with YES, NO, PARTIAL, VOID, EXTEND or VALUE on the first line.",
]


def q(lines=PROMPT, prefix="> "):
    return [prefix + l if l else prefix.rstrip() for l in lines]


# (editor lines, expected first line, verdict, note lines)
TEXTS = [
    (["Yes \u2013 confirmed in the official journal today."], "Yes \u2013 confirmed in the official journal today.", "YES",
     ["confirmed in the official journal today."]),
    (["NO: the vote failed 212 to 190."], "NO: the vote failed 212 to 190.", "NO", ["the vote failed 212 to 190."]),
    (["No thanks"], "No thanks", "-", ["No thanks"]),
    (["Answer: YES"], "Answer: YES", "YES", []),
    (["Yes, but only after the deadline."], "Yes, but only after the deadline.", "-", ["Yes, but only after the deadline."]),
    (["No.", "", "Sorry for the slow reply, I was travelling."], "No.", "NO", ["Sorry for the slow reply, I was travelling."]),
    (["Yes please"], "Yes please", "-", ["Yes please"]),
    (["NO \u2014 postponed to 2028, see https://example.org/postponed"], "NO \u2014 postponed to 2028, see https://example.org/postponed",
     "NO", ["postponed to 2028, see https://example.org/postponed"]),
    (["Yes and no."], "Yes and no.", "-", ["Yes and no."]),
    (["VOID \u2013 the outlet retracted the piece"], "VOID \u2013 the outlet retracted the piece", "VOID", []),
    (["No, thank you."], "No, thank you.", "-", ["No, thank you."]),
    (["PARTIAL 3/4 \u2013 three of four plants closed"], "PARTIAL 3/4 \u2013 three of four plants closed", "PARTIAL:0.75",
     ["three of four plants closed"]),
    (["I believe so, yes."], "I believe so, yes.", "-", ["I believe so, yes."]),
    (["Yep"], "Yep", "YES", []),
    (["Yes, but late \u2013 it passed in July."], "Yes, but late \u2013 it passed in July.", "-", ["Yes, but late \u2013 it passed in July."]),
    (["Nein, leider nicht."], "Nein, leider nicht.", "-", ["Nein, leider nicht."]),
    (["Verdict: no"], "Verdict: no", "NO", []),
    (["Oui, c'est fait."], "Oui, c'est fait.", "-", ["Oui, c'est fait."]),
    (["YES, although the final text was watered down."], "YES, although the final text was watered down.", "-",
     ["YES, although the final text was watered down."]),
    (["Yes, thanks for checking.", "Anna"], "Yes, thanks for checking.", "YES", ["thanks for checking.", "Anna"]),
    (["No, except in Bavaria."], "No, except in Bavaria.", "-", ["No, except in Bavaria."]),
    (["Not as far as I know."], "Not as far as I know.", "-", ["Not as far as I know."]),
    (["No comment."], "No comment.", "-", ["No comment."]),
    (["Absolutely yes"], "Absolutely yes", "-", ["Absolutely yes"]),
    (["Ja klopt"], "Ja klopt", "-", ["Ja klopt"]),
    (["Yes, mostly."], "Yes, mostly.", "-", ["Yes, mostly."]),
    (["No, however a pilot started in May."], "No, however a pilot started in May.", "-", ["No, however a pilot started in May."]),
    (["Resolution: YES - entered into force on 1 June"], "Resolution: YES - entered into force on 1 June", "YES",
     ["entered into force on 1 June"]),
    (["Out of office until 15 June."], "Out of office until 15 June.", "-", ["Out of office until 15 June."]),
    (["S\u00ed, ya entr\u00f3 en vigor."], "S\u00ed, ya entr\u00f3 en vigor.", "-", ["S\u00ed, ya entr\u00f3 en vigor."]),
    (["YES!"], "YES!", "YES", []),
    (["N/A"], "N/A", "-", ["N/A"]),
    (["Correct \u2013 it happened on 2 June."], "Correct \u2013 it happened on 2 June.", "YES", ["it happened on 2 June."]),
    (["No idea, sorry"], "No idea, sorry", "-", ["No idea, sorry"]),
    (["\U0001F44D"], "\U0001F44D", "-", ["\U0001F44D"]),
    (["Nope. Shelved until next year."], "Nope. Shelved until next year.", "NO", ["Shelved until next year."]),
]


def outlook(labels, date, rule=None):
    """An Outlook-style header block (no quoting below it), optionally behind a rule line."""
    f, s, t, subj = labels
    head = [] if rule is None else [rule]
    return head + [f"{f} {DESK_NAME} <{DESK}>", f"{s} {date}", f"{t} Editor <editor@example.test>", f"{subj} {SUBJECT}", ""] + PROMPT


def att(line, quoted=True, blank=True):
    return [line] + ([""] if blank else []) + (q() if quoted else PROMPT)


# Style: (id, below) where below is what follows the editor's text (after one blank line); or a callable for layouts
# that put the editor's text elsewhere. Trailers (mobile signatures) sit between the text and the quote.
STYLES = [
    ("outlook-web-underscore-en", outlook(("From:", "Sent:", "To:", "Subject:"), "Monday, June 1, 2027 9:00 AM", "_" * 32)),
    ("outlook-de-original", outlook(("Von:", "Gesendet:", "An:", "Betreff:"), "Montag, 1. Juni 2027 09:00", "-----Urspr\u00fcngliche Nachricht-----")),
    ("outlook-fr-nbsp", outlook(("De\u00a0:", "Envoy\u00e9\u00a0:", "\u00c0\u00a0:", "Objet\u00a0:"), "lundi 1 juin 2027 09:00", "_" * 32)),
    ("outlook-ios-en", ["Get Outlook for iOS<https://aka.ms/o0ukef>", ""] + outlook(("From:", "Sent:", "To:", "Subject:"), "Monday, June 1, 2027 9:00:12 AM", "_" * 32)),
    ("outlook-android-de", ["Outlook f\u00fcr Android herunterladen<https://aka.ms/ghei36>", ""] + outlook(("Von:", "Gesendet:", "An:", "Betreff:"), "Montag, Juni 1, 2027 9:00:12 AM", "_" * 32)),
    ("gmail-split-address-en", [f"On Mon, Jun 1, 2027 at 9:00 AM {DESK_NAME} <", f"{DESK}> wrote:", ""] + q()),
    ("gmail-split-address-de", [f"Am Mo., 1. Juni 2027 um 09:00 Uhr schrieb {DESK_NAME} <", f"{DESK}>:", ""] + q()),
    ("gmail-name-with-on", ["On Mon, 1 Jun 2027 at 09:00, Ona Onwood <ona.onwood@example.test> wrote:", ""] + q()),
    ("thunderbird-no-address", att(f"On 01/06/2027 09:00, {DESK_NAME} wrote:")),
    ("apple-quoted-attribution", ["Sent from my iPad", ""] + q([f"On 1 Jun 2027, at 09:00, {DESK_NAME} <{DESK}> wrote:", ""] + PROMPT)),
    ("blackberry-header", ["Sent from my BlackBerry 10 smartphone on the Rogers network.", ""] + outlook(("From:", "Sent:", "To:", "Subject:"), "Monday, June 1, 2027 09:00", None)),
    ("yahoo-android", ["Sent from Yahoo Mail on Android", "", f"  On Mon, Jun 1, 2027 at 9:00, {DESK_NAME}<{DESK}> wrote:   "] + q()),
    ("windows-mail", ["Sent from Mail for Windows", ""] + outlook(("From:", "Sent:", "To:", "Subject:"), "Monday, June 1, 2027 09:00", None)),
    ("outlook-da", outlook(("Fra:", "Sendt:", "Til:", "Emne:"), "1. juni 2027 09:00", "-----Oprindelig meddelelse-----")),
    ("gmail-no", att(f"man. 1. jun. 2027 kl. 09:00 skrev {DESK_NAME} <{DESK}>:")),
    ("gmail-pl", att(f"pon., 1 cze 2027 o 09:00 {DESK_NAME} <{DESK}> napisa\u0142(a):")),
    ("outlook-ru", outlook(("\u041e\u0442:", "\u041e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043e:", "\u041a\u043e\u043c\u0443:", "\u0422\u0435\u043c\u0430:"), "1 \u0438\u044e\u043d\u044f 2027 \u0433. 9:00", "_" * 32)),
    ("outlook-es", outlook(("De:", "Enviado:", "Para:", "Asunto:"), "lunes, 1 de junio de 2027 9:00", "_" * 32)),
    ("outlook-it", outlook(("Da:", "Inviato:", "A:", "Oggetto:"), "luned\u00ec 1 giugno 2027 09:00", "_" * 32)),
    ("outlook-pt-br", outlook(("De:", "Enviado:", "Para:", "Assunto:"), "segunda-feira, 1 de junho de 2027 09:00", "_" * 32)),
    ("outlook-nl", outlook(("Van:", "Verzonden:", "Aan:", "Onderwerp:"), "maandag 1 juni 2027 09:00", "_" * 32)),
    ("outlook-sv", outlook(("Fr\u00e5n:", "Skickat:", "Till:", "\u00c4mne:"), "den 1 juni 2027 09:00", "_" * 32)),
    ("outlook-fi", outlook(("L\u00e4hett\u00e4j\u00e4:", "L\u00e4hetetty:", "Vastaanottaja:", "Aihe:"), "maanantai 1. kes\u00e4kuuta 2027 9.00", "_" * 32)),
    ("outlook-cs", outlook(("Od:", "Odesl\u00e1no:", "Komu:", "P\u0159edm\u011bt:"), "pond\u011bl\u00ed 1. \u010dervna 2027 9:00", "_" * 32)),
    ("outlook-tr", outlook(("Kimden:", "G\u00f6nderildi:", "Kime:", "Konu:"), "1 Haziran 2027 Pazartesi 09:00", "_" * 32)),
    ("outlook-ja", outlook(("\u5dee\u51fa\u4eba:", "\u9001\u4fe1\u65e5\u6642:", "\u5b9b\u5148:", "\u4ef6\u540d:"), "2027\u5e746\u67081\u65e5 9:00", "_" * 32)),
    ("outlook-zh", outlook(("\u53d1\u4ef6\u4eba:", "\u53d1\u9001\u65f6\u95f4:", "\u6536\u4ef6\u4eba:", "\u4e3b\u9898:"), "2027\u5e746\u67081\u65e5 9:00", "_" * 32)),
    ("outlook-ko", outlook(("\ubcf4\ub0b8 \uc0ac\ub78c:", "\ubcf4\ub0b8 \ub0a0\uc9dc:", "\ubc1b\ub294 \uc0ac\ub78c:", "\uc81c\ubaa9:"), "2027\ub144 6\uc6d4 1\uc77c \uc6d4\uc694\uc77c \uc624\uc804 9:00", "_" * 32)),
    ("dash-signature-with-no", ["-- ", "Anna Berg, Yes Media Group", "No. 7 Harbour Road, Leith", "", f"On Mon, Jun 1, 2027 at 9:00 AM {DESK_NAME} <{DESK}> wrote:", ""] + q()),
    ("gmail-fr-mobile", att(f"Le lun. 1 juin 2027, 09:00, {DESK_NAME} <{DESK}> a \u00e9crit :")),
    ("gmail-es-parenthesised", att(f"El lun, 1 jun 2027 a las 9:00, {DESK_NAME} (<{DESK}>) escribi\u00f3:")),
    ("proton", ["Sent with Proton Mail secure email.", "", f"On Monday, June 1st, 2027 at 9:00 AM, {DESK_NAME} <{DESK}> wrote:", ""] + q()),
    ("lotus-en", att(f"{DESK_NAME} <{DESK}> wrote on 01.06.2027 09:00:00:")),
    ("lotus-de", att(f"{DESK_NAME} <{DESK}> schrieb am 01.06.2027 09:00:00:")),
    ("zimbra", ["----- Original Message -----", f"From: \"{DESK_NAME}\" <{DESK}>", "To: \"Editor\" <editor@example.test>",
                "Sent: Monday, June 1, 2027 9:00:00 AM", f"Subject: {SUBJECT}", ""] + q()),
    ("mailru", att(f"\u041f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a, 1 \u0438\u044e\u043d\u044f 2027, 9:00 +03:00 \u043e\u0442 {DESK_NAME} <{DESK}>:")),
    ("yandex", att(f"01.06.2027, 09:00, \"{DESK_NAME}\" <{DESK}>:")),
    ("gmail-uk", att(f"\u043f\u043d, 1 \u0447\u0435\u0440\u0432. 2027 \u043e 09:00 {DESK_NAME} <{DESK}> \u043f\u0438\u0448\u0435:")),
    ("gmail-ja", att(f"2027\u5e746\u67081\u65e5(\u6708) 9:00 {DESK_NAME} <{DESK}>:")),
    ("qq-zh", ["------------------\u00a0\u539f\u59cb\u90ae\u4ef6\u00a0------------------", f"\u53d1\u4ef6\u4eba: \"{DESK_NAME}\" <{DESK}>;",
               "\u53d1\u9001\u65f6\u95f4: 2027\u5e746\u67081\u65e5(\u661f\u671f\u4e00) \u4e0a\u53489:00", "\u6536\u4ef6\u4eba: \"Editor\" <editor@example.test>;",
               f"\u4e3b\u9898: {SUBJECT}", ""] + PROMPT),
    ("samsung-es", ["Enviado desde mi Galaxy", "", "", "-------- Mensaje original --------", f"De: {DESK_NAME} <{DESK}>", "Fecha: 1/6/27 9:00 (GMT+01:00)",
                    "A: editor@example.test", f"Asunto: {SUBJECT}", ""] + PROMPT),
    ("huawei-en", ["Sent from my Huawei phone", "", "", "-------- Original message --------", f"From: {DESK_NAME} <{DESK}>", "Date: Mon, 1 Jun 2027, 09:00",
                   "To: editor@example.test", f"Subject: {SUBJECT}", ""] + PROMPT),
]

BANNER_STYLES = [
    ("banner-caution-en", ["CAUTION: This email originated from outside of the organization. Do not click links or open attachments "
                           "unless you recognize the sender and know the content is safe.", ""]),
    ("banner-external-tag", ["[EXTERNAL] This message came from an external sender. Be careful with links and attachments.", ""]),
]

NOTICE = ["CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee.",
          "If you are not the intended recipient, please notify the sender and delete it. No liability is accepted for viruses."]


def fixture(out, fid, body, first, verdict, note, trimmed):
    out.append(f"{MARK} fixture {fid}")
    out.append(f"{MARK} body")
    out.extend(body)
    out.append(f"{MARK} first {first}")
    out.append(f"{MARK} verdict {verdict}")
    out.append(f"{MARK} note")
    out.extend(note)
    out.append(f"{MARK} trimmed")
    out.extend(trimmed)


def main():
    out = []
    k = 0
    for sid, below in STYLES:
        for n in range(2):
            lines, first, verdict, note = TEXTS[k % len(TEXTS)]
            k += 1
            fixture(out, f"{sid}/{n}", lines + [""] + below, first, verdict, note, lines)
    # Bottom-posted and inline answers under Thunderbird and Gmail attributions.
    for n in range(6):
        lines, first, verdict, note = TEXTS[k % len(TEXTS)]
        k += 1
        head = [f"On 01/06/2027 09:00, {DESK_NAME} wrote:"] + q()
        fixture(out, f"bottom-thunderbird/{n}", head + [""] + lines, first, verdict, note, lines)
    for n in range(6):
        lines, first, verdict, note = TEXTS[k % len(TEXTS)]
        k += 1
        body = [f"On Mon, Jun 1, 2027 at 9:00 AM {DESK_NAME} <{DESK}> wrote:"] + q(PROMPT[:1]) + [""] + lines + [""] + q(PROMPT[1:])
        fixture(out, f"inline-gmail/{n}", body, first, verdict, note, lines)
    # External-sender banners our own gateway puts above the reply: the editor's text starts after them.
    for sid, banner in BANNER_STYLES:
        for n in range(3):
            lines, first, verdict, note = TEXTS[k % len(TEXTS)]
            k += 1
            below = [f"On Mon, Jun 1, 2027 at 9:00 AM {DESK_NAME} <{DESK}> wrote:", ""] + q()
            fixture(out, f"{sid}/{n}", banner + lines + [""] + below, first, verdict, note, lines)
    # A confidentiality notice after the text, before the quote: not what the editor wrote.
    for n in range(3):
        lines, first, verdict, note = TEXTS[k % len(TEXTS)]
        k += 1
        below = NOTICE + ["", f"On Mon, Jun 1, 2027 at 9:00 AM {DESK_NAME} <{DESK}> wrote:", ""] + q()
        fixture(out, f"confidentiality-notice/{n}", lines + [""] + below, first, verdict, note, lines)
    # A forwarded earlier answer: the first line is a comment, so the reply is refused and the editor asked again.
    fwd = ["FYI \u2013 my answer from last week, below.", "", "---------- Forwarded message ---------",
           "From: Editor <editor@example.test>", "Date: Mon, Jun 1, 2027 at 9:30 AM", f"Subject: Re: {SUBJECT}", f"To: <{DESK}>", "", "YES"]
    fixture(out, "forwarded-answer/0", fwd, fwd[0], "-", [fwd[0]], [fwd[0]])
    # An auto-reply's text (its headers are classified elsewhere): never a verdict.
    auto = ["I am out of the office until 15 June with limited access to email.", "For urgent matters please contact the news desk.", "",
            "No need to reply to this message."]
    fixture(out, "auto-reply-text/0", auto, auto[0], "-", auto, auto)
    with open("wild.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wild.txt: {sum(1 for l in out if l.startswith(MARK + ' fixture'))} fixtures")


if __name__ == "__main__":
    main()
