#!/usr/bin/env python3
"""Writes the reply-style corpus: replies as mail clients lay them out, each with what the editor wrote.

Every style below is a client's documented or observed layout (attribution lines, header blocks, dashed separators,
mobile signatures) in one of the languages the desk's editors use. Each style is combined with editor texts whose
expected reading follows docs/replies.md. Styles whose id hashes into the held-out slice go to heldout.txt, which is
evaluated only when reporting (bench: reply-corpus), never while tuning the trimmer.

Run from this directory: python3 generate.py  (deterministic; rewrites corpus.txt and heldout.txt)
"""
import hashlib

MARK = "\u00a7\u00a7"  # a line starting with this is a fixture field marker
DESK = "ForecastWatch Desk <desk@example.test>"
PROMPT = [
    "The claim: the EU AI Act will be in force by 2027-05-31.",
    "Source: https://news.example.org/ai-act (Outlet Example, 2025-01-10)",
    "Reply with YES, NO, PARTIAL, VOID, EXTEND or VALUE on the first line.",
]

# Editor texts: (lines, first line, verdict, note lines). The trimmed text is the lines themselves; the note is the
# rest of the first line and the text after it, joined by one line break (docs/replies.md).
# Verdicts: YES, NO, PARTIAL[:fraction], VOID, EXTEND, VALUE, or "-" for a refusal.
E = [
    (["YES"], "YES", "YES", []),
    (["NO"], "NO", "NO", []),
    (["Yes."], "Yes.", "YES", []),
    (["NO. It did not happen."], "NO. It did not happen.", "NO", ["It did not happen."]),
    (["YES - see https://example.org/law"], "YES - see https://example.org/law", "YES", ["see https://example.org/law"]),
    (["No", "", "The vote was postponed to the autumn session."], "No", "NO",
     ["The vote was postponed to the autumn session."]),
    (["PARTIAL 2/5 - two of five labs were absorbed"], "PARTIAL 2/5 - two of five labs were absorbed", "PARTIAL:0.4",
     ["two of five labs were absorbed"]),
    (["VOID: the article was retracted"], "VOID: the article was retracted", "VOID", []),
    (["EXTEND 2027-12-31", "The committee meets again in December."], "EXTEND 2027-12-31", "EXTEND",
     ["The committee meets again in December."]),
    (["VALUE 18%"], "VALUE 18%", "VALUE", []),
    (["Resolved: NO"], "Resolved: NO", "NO", []),
    (["Nope, nothing was signed."], "Nope, nothing was signed.", "NO", ["nothing was signed."]),
    (["yes", "Confirmed by the ministry:", "https://example.org/press/123"], "yes", "YES",
     ["Confirmed by the ministry:", "https://example.org/press/123"]),
    (["**YES**"], "YES", "YES", []),
    (["OVERRIDE NO - the law was struck down"], "OVERRIDE NO - the law was struck down", "NO",
     ["the law was struck down"]),
    (["Yes, it entered into force on 1 May."], "Yes, it entered into force on 1 May.", "YES",
     ["it entered into force on 1 May."]),
    (["NO – the merger was called off", "", "Regards"], "NO – the merger was called off", "NO",
     ["the merger was called off", "Regards"]),
    (["PARTIAL 40%"], "PARTIAL 40%", "PARTIAL:0.4", []),
]

# Lines that must be refused (the misreads and one per ambiguity rule), combined with a few styles.
AMBIGUOUS = [
    "No doubt about it, yes – three labs remain.",
    "No longer relevant – the merger was called off. VOID",
    "Yes, partially – 2 of 5 labs were absorbed.",
    "No doubt, yes",
    "yes, partially",
    "not void",
    "Not yet",
    "No idea",
    "Yes it happened",
    "I think yes",
    "Yes, probably",
    "YES?",
    "Ja, teilweise",
    "YES - but not by the deadline",
    "NO, it is void",
]

# Foreign answers alone on the line, with their language's attribution style.
FOREIGN = {"de": ("Ja", "YES"), "fr": ("Oui", "YES"), "es": ("Sí", "YES"), "it": ("Sì", "YES"), "nl": ("Nee", "NO"),
           "pt": ("Sim", "YES"), "sv": ("Nej", "NO"), "da": ("Ja", "YES"), "no": ("Nei", "NO"), "fi": ("Kyllä", "YES"),
           "pl": ("Nie", "NO"), "cs": ("Ano", "YES"), "ru": ("Да", "YES"), "uk": ("Ні", "NO"), "tr": ("Evet", "YES"),
           "ja": ("はい", "YES"), "zh": ("是的", "YES"), "ko": ("아니요", "NO")}


def quoted(lines=PROMPT):
    return ["> " + l if l else ">" for l in lines]


# ---- attribution lines (Gmail web/Android, Apple Mail/iOS, Thunderbird, Yahoo), per language ----
GMAIL = {
    "en": f"On Tue, Jun 1, 2027 at 9:00 AM {DESK} wrote:",
    "de": f"Am Di., 1. Juni 2027 um 09:00 Uhr schrieb {DESK}:",
    "fr": f"Le mar. 1 juin 2027 à 09:00, {DESK} a écrit :",
    "es": f"El mar, 1 jun 2027 a las 9:00, ForecastWatch Desk (<desk@example.test>) escribió:",
    "it": f"Il giorno mar 1 giu 2027 alle ore 09:00 {DESK} ha scritto:",
    "nl": f"Op di 1 jun 2027 om 09:00 schreef {DESK}:",
    "pt": f"Em ter., 1 de jun. de 2027 às 09:00, {DESK} escreveu:",
    "sv": f"Den tis 1 juni 2027 kl 09:00 skrev {DESK}:",
    "da": f"Den tir. 1. jun. 2027 kl. 09.00 skrev {DESK}:",
    "no": f"tir. 1. jun. 2027 kl. 09:00 skrev {DESK}:",
    "fi": f"ti 1. kesäk. 2027 klo 9.00 ForecastWatch Desk (desk@example.test) kirjoitti:",
    "pl": f"wt., 1 cze 2027 o 09:00 {DESK} napisał(a):",
    "cs": f"út 1. 6. 2027 v 9:00 odesílatel {DESK} napsal:",
    "ru": f"вт, 1 июн. 2027 г. в 09:00, {DESK}:",
    "uk": f"вт, 1 черв. 2027 р. о 09:00 {DESK} пише:",
    "tr": f"1 Haz 2027 Sal, 09:00 tarihinde {DESK} şunu yazdı:",
    "ja": f"2027年6月1日(火) 9:00 {DESK}:",
    "zh": f"{DESK} 于2027年6月1日周二 09:00写道：",
    "ko": f"2027년 6월 1일 (화) 오전 9:00, {DESK}님이 작성:",
}
APPLE = {
    "en": f"On 1 Jun 2027, at 09:00, {DESK} wrote:",
    "de": f"Am 01.06.2027 um 09:00 schrieb {DESK}:",
    "fr": f"Le 1 juin 2027 à 09:00, {DESK} a écrit :",
    "es": f"El 1 jun 2027, a las 9:00, {DESK} escribió:",
    "it": f"Il giorno 1 giu 2027, alle ore 09:00, {DESK} ha scritto:",
    "nl": f"Op 1 jun. 2027 om 09:00 heeft {DESK} het volgende geschreven:",
    "pt": f"No dia 1 de jun. de 2027, às 09:00, {DESK} escreveu:",
    "sv": f"1 juni 2027 kl. 09:00 skrev {DESK}:",
    "da": f"Den 1. jun. 2027 kl. 09.00 skrev {DESK}:",
    "no": f"1. jun. 2027 kl. 09:00 skrev {DESK}:",
    "fi": f"{DESK} kirjoitti 1.6.2027 kello 9.00:",
    "pl": f"Wiadomość napisana przez {DESK} w dniu 01.06.2027, o godz. 09:00:",
    "cs": f"1. 6. 2027 v 9:00, {DESK}:",
    "ru": f"1 июня 2027 г., в 09:00, {DESK} написал(а):",
    "uk": f"1 черв. 2027 р. о 09:00 {DESK} написав(-ла):",
    "tr": f"1 Haz 2027 tarihinde 09:00 saatinde {DESK} şunları yazdı:",
    "ja": f"2027/06/01 9:00、{DESK}のメール:",
    "zh": f"2027年6月1日 09:00，{DESK} 写道：",
    "ko": f"2027. 6. 1. 오전 9:00, {DESK} 작성:",
}
THUNDERBIRD = {
    "en": "On 01/06/2027 09:00, ForecastWatch Desk wrote:",
    "de": "Am 01.06.27 um 09:00 schrieb ForecastWatch Desk:",
    "fr": "Le 01/06/2027 à 09:00, ForecastWatch Desk a écrit :",
    "es": "El 1/6/27 a las 9:00, ForecastWatch Desk escribió:",
    "it": "Il 01/06/27 09:00, ForecastWatch Desk ha scritto:",
    "nl": "Op 01-06-2027 om 09:00 schreef ForecastWatch Desk:",
    "pt": "Em 01/06/2027 09:00, ForecastWatch Desk escreveu:",
    "sv": "Den 2027-06-01 kl. 09:00, skrev ForecastWatch Desk:",
    "da": "Den 01-06-2027 kl. 09:00 skrev ForecastWatch Desk:",
    "no": "Den 01.06.2027 09:00, skrev ForecastWatch Desk:",
    "fi": "1.6.2027 klo 9.00 ForecastWatch Desk kirjoitti:",
    "pl": "W dniu 1.06.2027 o 09:00, ForecastWatch Desk pisze:",
    "cs": "Dne 01. 06. 27 v 9:00 ForecastWatch Desk napsal(a):",
    "ru": "01.06.2027 09:00, ForecastWatch Desk пишет:",
    "uk": "01.06.27 09:00, ForecastWatch Desk пише:",
    "tr": "1.06.2027 09:00 tarihinde ForecastWatch Desk yazdı:",
    "ja": "2027/06/01 9:00, ForecastWatch Desk wrote:",
    "zh": "在 2027/6/1 09:00, ForecastWatch Desk 写道:",
    "ko": "2027-06-01 오전 9:00에 ForecastWatch Desk 이(가) 쓴 글:",
}
YAHOO = {
    "en": f"On Tuesday, June 1, 2027 at 09:00:00 AM GMT+2, {DESK} wrote:",
    "de": f"Am Dienstag, 1. Juni 2027, 09:00:00 MESZ hat {DESK} Folgendes geschrieben:",
    "fr": f"Le mardi 1 juin 2027 à 09:00:00 UTC+2, {DESK} a écrit :",
    "es": f"El martes, 1 de junio de 2027, 09:00:00 GMT+2, {DESK} escribió:",
    "it": f"Il martedì 1 giugno 2027, 09:00:00 CEST, {DESK} ha scritto:",
    "pt": f"Em terça-feira, 1 de junho de 2027 09:00:00 BRT, {DESK} escreveu:",
}
# Date-first forms (Android clients, K-9, some webmails): ISO date and time with a GMT offset, name and address, colon.
DATE_FIRST = [
    f"2027-06-01 09:00 GMT+02:00 {DESK}:",
    f"2027-06-01 09:00 GMT+02:00, {DESK}:",
    f"On 2027-06-01 09:00, {DESK} wrote:",
    f"2027-06-01 9:00 GMT+09:00 {DESK}:",
    f"01.06.2027 09:00, {DESK}:",
]

# ---- header blocks (Outlook desktop/web, Hotmail, Yahoo, Samsung/Android dashed forms) ----
LABELS = {  # from, sent, to, cc, subject
    "en": ("From", "Sent", "To", "Cc", "Subject"),
    "de": ("Von", "Gesendet", "An", "Cc", "Betreff"),
    "fr": ("De", "Envoyé", "À", "Cc", "Objet"),
    "es": ("De", "Enviado el", "Para", "CC", "Asunto"),
    "it": ("Da", "Inviato", "A", "Cc", "Oggetto"),
    "nl": ("Van", "Verzonden", "Aan", "CC", "Onderwerp"),
    "pt": ("De", "Enviado", "Para", "Cc", "Assunto"),
    "sv": ("Från", "Skickat", "Till", "Kopia", "Ämne"),
    "da": ("Fra", "Sendt", "Til", "Cc", "Emne"),
    "no": ("Fra", "Sendt", "Til", "Kopi", "Emne"),
    "fi": ("Lähettäjä", "Lähetetty", "Vastaanottaja", "Kopio", "Aihe"),
    "pl": ("Od", "Wysłano", "Do", "DW", "Temat"),
    "cs": ("Od", "Odesláno", "Komu", "Kopie", "Předmět"),
    "ru": ("От", "Отправлено", "Кому", "Копия", "Тема"),
    "uk": ("Від", "Надіслано", "Кому", "Копія", "Тема"),
    "tr": ("Kimden", "Gönderildi", "Kime", "Bilgi", "Konu"),
    "ja": ("差出人", "送信日時", "宛先", "CC", "件名"),
    "zh": ("发件人", "发送时间", "收件人", "抄送", "主题"),
    "ko": ("보낸 사람", "보낸 날짜", "받는 사람", "참조", "제목"),
}
DATE_LABEL = {"en": "Date", "de": "Datum", "fr": "Date", "es": "Fecha", "it": "Data", "nl": "Datum", "pt": "Data",
              "sv": "Datum", "da": "Dato", "no": "Dato", "fi": "Päivämäärä", "pl": "Data", "cs": "Datum",
              "ru": "Дата", "uk": "Дата", "tr": "Tarih", "ja": "日付", "zh": "日期", "ko": "날짜"}
ORIGINAL = {  # Outlook desktop's separator
    "en": "-----Original Message-----", "de": "-----Ursprüngliche Nachricht-----",
    "fr": "-----Message d'origine-----", "es": "-----Mensaje original-----", "it": "-----Messaggio originale-----",
    "nl": "-----Oorspronkelijk bericht-----", "pt": "-----Mensagem original-----",
    "sv": "-----Ursprungligt meddelande-----", "da": "-----Oprindelig meddelelse-----",
    "no": "-----Opprinnelig melding-----", "fi": "-----Alkuperäinen viesti-----",
    "pl": "-----Oryginalna wiadomość-----", "cs": "-----Původní zpráva-----", "ru": "-----Исходное сообщение-----",
    "uk": "-----Оригінальне повідомлення-----", "tr": "-----Özgün İleti-----", "ja": "-----Original Message-----",
    "zh": "-----原始邮件-----", "ko": "-----원본 메시지-----",
}
SAMSUNG = {  # Samsung Email / Android stock: dashed title, then From/Date/To/Subject
    "en": "-------- Original message --------", "de": "-------- Originalnachricht --------",
    "fr": "-------- Message d'origine --------", "es": "-------- Mensaje original --------",
    "it": "-------- Messaggio originale --------", "nl": "-------- Oorspronkelijk bericht --------",
    "pt": "-------- Mensagem original --------", "sv": "-------- Originalmeddelande --------",
    "da": "-------- Oprindelig meddelelse --------", "no": "-------- Opprinnelig melding --------",
    "fi": "-------- Alkuperäinen viesti --------", "pl": "-------- Oryginalna wiadomość --------",
    "cs": "-------- Původní zpráva --------", "ru": "-------- Исходное сообщение --------",
    "uk": "-------- Оригінальне повідомлення --------", "tr": "-------- Orijinal mesaj --------",
    "ja": "-------- 元のメッセージ --------", "zh": "-------- 原始邮件 --------", "ko": "-------- 원본 메시지 --------",
}
MOBILE = {
    "en": ["Sent from my iPhone", "Sent from my iPad", "Sent from my Android phone", "Get Outlook for iOS",
           "Sent from Yahoo Mail on Android", "Sent from my Samsung Galaxy smartphone."],
    "de": ["Von meinem iPhone gesendet", "Gesendet von meinem iPad", "Von meinem Samsung Galaxy Smartphone gesendet."],
    "fr": ["Envoyé de mon iPhone", "Envoyé depuis mon appareil Galaxy"],
    "es": ["Enviado desde mi iPhone", "Enviado desde mi smartphone Samsung Galaxy."],
    "it": ["Inviato da iPhone", "Inviato dal mio iPhone"],
    "nl": ["Verstuurd vanaf mijn iPhone", "Verzonden vanaf mijn Samsung Galaxy-smartphone."],
    "pt": ["Enviado do meu iPhone", "Enviado do meu smartphone Samsung Galaxy."],
    "sv": ["Skickat från min iPhone"], "da": ["Sendt fra min iPhone"], "no": ["Sendt fra min iPhone"],
    "fi": ["Lähetetty iPhonesta"], "pl": ["Wysłane z iPhone'a", "Wysłane z mojego smartfona Samsung Galaxy"],
    "cs": ["Odesláno z iPhonu"], "ru": ["Отправлено с iPhone", "Отправлено с моего iPhone"],
    "uk": ["Надіслано з iPhone"], "tr": ["iPhone'umdan gönderildi"], "ja": ["iPhoneから送信"],
    "zh": ["发自我的iPhone", "從我的 iPhone 傳送"], "ko": ["iPhone에서 보냄"],
}
SIGNOFFS = [
    "Anna Berg | Senior Editor, Outlet Example | +49 30 1234 5678",
    "Marc Dubois – Rédacteur en chef – +33 1 23 45 67 89",
    "J. Smith, Standards Editor, (555) 010-0199",
    "Sofia Rossi · Caporedattrice · tel. +39 06 1234 567",
]
INVISIBLE = ["\u200b", "\u200c\u200b", "\ufeff", "\u2060", "\u200b\u200c\u200d"]


def header_block(lang, order, sep=None, date_label=False):
    f, s, t, c, subj = LABELS[lang]
    when = "Tuesday, June 1, 2027 9:00 AM" if lang == "en" else "01.06.2027 09:00"
    fields = {"f": f"{f}: {DESK}", "s": f"{DATE_LABEL[lang] if date_label else s}: {when}",
              "t": f"{t}: Anna Berg <anna@outlet.example>", "c": f"{c}: news-desk@outlet.example",
              "j": f"{subj}: [FW-ai-act] Due: the EU AI Act will be in force by 2027-05-31"}
    out = [sep] if sep else []
    out += [fields[k] for k in order]
    return out + [""] + PROMPT


STYLES = []  # (id, function(editor_lines) -> body lines, takes_verdict_text)


def style(sid, fn):
    STYLES.append((sid, fn))


for lang, a in GMAIL.items():
    style(f"gmail-top-{lang}", lambda e, a=a: e + ["", a, ""] + quoted())
    style(f"gmail-bottom-{lang}", lambda e, a=a: [a] + quoted() + [""] + e)
for lang, a in APPLE.items():
    style(f"apple-top-{lang}", lambda e, a=a: e + ["", a, ""] + quoted())
for lang, a in THUNDERBIRD.items():
    style(f"thunderbird-top-{lang}", lambda e, a=a: e + ["", a] + quoted())
for lang, a in YAHOO.items():
    style(f"yahoo-top-{lang}", lambda e, a=a: e + ["", "", a, ""] + quoted())
for i, a in enumerate(DATE_FIRST):
    style(f"date-first-{i}", lambda e, a=a: e + ["", a, ""] + quoted())
ORDERS = ["fstj", "fsjt", "ftjs", "ftsj", "sftj", "fstcj", "jfst"]
for n, lang in enumerate(LABELS):
    style(f"outlook-desktop-{lang}", lambda e, lang=lang: e + [""] + header_block(lang, "fstcj", ORIGINAL[lang]))
    style(f"outlook-web-{lang}", lambda e, lang=lang: e + ["", "________________________________"] + header_block(lang, "fstj"))
    style(f"samsung-{lang}", lambda e, lang=lang: e + ["", "", SAMSUNG[lang]] + header_block(lang, "fstj", date_label=True))
    o = ORDERS[n % len(ORDERS)]
    style(f"hotmail-order-{o}-{lang}", lambda e, lang=lang, o=o: e + ["", ""] + header_block(lang, o))
for lang in ["en", "fr", "de"]:
    style(f"yahoo-classic-{lang}", lambda e, lang=lang: e + ["", "----- Original Message -----"] + header_block(lang, "ftsj"))
for lang, sigs in MOBILE.items():
    for k, sig in enumerate(sigs):
        style(f"mobile-{lang}-{k}", lambda e, sig=sig, lang=lang: e + ["", sig, "", GMAIL[lang], ""] + quoted())
    style(f"mobile-only-{lang}", lambda e, sig=sigs[0]: e + ["", sig])
# Wrapped attribution lines (Gmail and Outlook for Mac wrap plain text near 76 characters).
style("wrapped-gmail-2", lambda e: e + ["", "On Tue, Jun 1, 2027 at 9:00 AM ForecastWatch Desk <", "desk@example.test> wrote:", ""] + quoted())
style("wrapped-gmail-3", lambda e: e + ["", "On Tue, Jun 1, 2027 at 9:00 AM ForecastWatch Desk", "<desk+p12.abcdefghijklmnopqrst@example.test>", "wrote:", ""] + quoted())
style("wrapped-de-2", lambda e: e + ["", "Am Di., 1. Juni 2027 um 09:00 Uhr schrieb ForecastWatch Desk <", "desk@example.test>:", ""] + quoted())
style("wrapped-fr-2", lambda e: e + ["", "Le mar. 1 juin 2027 à 09:00, ForecastWatch Desk <desk@example.test> a", "écrit :", ""] + quoted())
style("wrapped-es-3", lambda e: e + ["", "El mar, 1 jun 2027 a las 9:00, ForecastWatch Desk (<", "desk@example.test>)", "escribió:", ""] + quoted())
style("wrapped-nl-2", lambda e: e + ["", "Op di 1 jun 2027 om 09:00 schreef ForecastWatch Desk <desk@example.test", ">:", ""] + quoted())
style("wrapped-pt-2", lambda e: e + ["", "Em ter., 1 de jun. de 2027 às 09:00, ForecastWatch Desk <", "desk@example.test> escreveu:", ""] + quoted())
style("wrapped-it-2", lambda e: e + ["", "Il giorno mar 1 giu 2027 alle ore 09:00 ForecastWatch Desk <", "desk@example.test> ha scritto:", ""] + quoted())
style("wrapped-sv-2", lambda e: e + ["", "Den tis 1 juni 2027 kl 09:00 skrev ForecastWatch Desk <", "desk@example.test>:", ""] + quoted())
style("wrapped-pl-2", lambda e: e + ["", "wt., 1 cze 2027 o 09:00 ForecastWatch Desk <desk@example.test>", "napisał(a):", ""] + quoted())
style("wrapped-ru-2", lambda e: e + ["", "вт, 1 июн. 2027 г. в 09:00, ForecastWatch Desk <", "desk@example.test>:", ""] + quoted())
style("wrapped-date-first-2", lambda e: e + ["", "2027-06-01 09:00 GMT+02:00 ForecastWatch Desk <", "desk@example.test>:", ""] + quoted())
# An attribution with the quote below it unmarked (HTML converted without blockquote), and a leading attribution.
style("unquoted-below-en", lambda e: e + ["", GMAIL["en"], ""] + PROMPT)
style("unquoted-below-de", lambda e: e + ["", APPLE["de"], ""] + PROMPT)
style("leading-attribution-en", lambda e: [GMAIL["en"], ""] + e)
style("leading-attribution-fr", lambda e: [APPLE["fr"], ""] + e)
style("leading-attribution-date-first", lambda e: [DATE_FIRST[0]] + e)
# Invisible tracking marks after the text, on their own line, and after the verdict.
for k, mark in enumerate(INVISIBLE):
    style(f"tracking-{k}", lambda e, mark=mark: [e[0] + mark] + e[1:] + ["", mark, GMAIL["en"], ""] + quoted())
style("tracking-line", lambda e: e + ["\u200b\u200b\u200b", "", GMAIL["en"], ""] + quoted())
# One-line sign-offs with a name, title and phone.
for k, s in enumerate(SIGNOFFS):
    style(f"signoff-{k}", lambda e, s=s: e + ["", s, "", GMAIL["en"], ""] + quoted())
    style(f"signoff-bare-{k}", lambda e, s=s: e + ["", s])
style("sig-dashes", lambda e: e + ["", "-- ", "Anna Berg", "Outlet Example", "", GMAIL["en"], ""] + quoted())


def heldout(sid):
    return int(hashlib.sha256(sid.encode()).hexdigest(), 16) % 5 == 0


def entry(fid, body, first, verdict, note, trimmed):
    out = [f"{MARK} fixture {fid}", f"{MARK} body"] + body
    out += [f"{MARK} first {first}", f"{MARK} verdict {verdict}", f"{MARK} note"] + note + [f"{MARK} trimmed"] + trimmed
    return out


def main():
    corpus, held = [], []
    for n, (sid, fn) in enumerate(STYLES):
        picks = [E[(n * 2 + k) % len(E)] for k in range(2)]
        for k, (lines, first, verdict, note) in enumerate(picks):
            e = entry(f"{sid}/{k}", fn(list(lines)), first, verdict, note, list(lines))
            (held if heldout(sid) else corpus).extend(e)
    for n, line in enumerate(AMBIGUOUS):
        sid, fn = STYLES[(n * 7) % len(STYLES)]
        body = fn([line, "", "Two labs merged in May."])
        e = entry(f"ambiguous-{n}/{sid}", body, line, "-", [line, "Two labs merged in May."],
                  [line, "", "Two labs merged in May."])
        (held if heldout(sid) else corpus).extend(e)
    for lang, (word, verdict) in FOREIGN.items():
        sid = f"gmail-top-{lang}"
        fn = dict(STYLES)[sid]
        e = entry(f"foreign-{lang}/{sid}", fn([word]), word, verdict, [], [word])
        (held if heldout(sid) else corpus).extend(e)
    for name, items in (("corpus.txt", corpus), ("heldout.txt", held)):
        with open(name, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(items) + "\n")
    print(len(STYLES), "styles;", sum(1 for l in corpus if l.startswith(MARK + " fixture")), "corpus,",
          sum(1 for l in held if l.startswith(MARK + " fixture")), "held out")


main()
