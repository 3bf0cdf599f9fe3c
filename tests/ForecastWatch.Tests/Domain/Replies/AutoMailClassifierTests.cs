using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class AutoMailClassifierTests
{
    private static AutoMailClassifier CreateSut()
    {
        var options = new AutoMailClassifierOptions { LoopHeaderName = "X-ForecastWatch-Loop" };
        options.OwnMessageIdDomains.Add("fw.example.test");
        return new AutoMailClassifier(options);
    }

    private static List<KeyValuePair<string, string>> Person(params (string Name, string Value)[] extra)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Return-Path", "<editor@example.test>"),
            new("From", "Jane Editor <editor@example.test>"),
            new("To", "desk+abc@example.test"),
            new("Subject", "Re: [FW-ai-act] Due: the AI Act will be in force"),
            new("Message-ID", "<CAF123@mail.gmail.com>"),
            new("Content-Type", "text/plain; charset=UTF-8"),
        };
        foreach (var (name, value) in extra)
        {
            headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            headers.Add(new(name, value));
        }

        return headers;
    }

    public static TheoryData<string, string, AutoMailKind> Machine => new()
    {
        { "Auto-Submitted", "auto-replied", AutoMailKind.AutoReply },
        { "Auto-Submitted", "auto-generated (vacation)", AutoMailKind.AutoReply },
        { "auto-submitted", "AUTO-NOTIFIED", AutoMailKind.AutoReply },
        { "X-Autoreply", "yes", AutoMailKind.AutoReply },
        { "X-Autorespond", "Vacation", AutoMailKind.AutoReply },
        { "Precedence", "bulk", AutoMailKind.Bulk },
        { "Precedence", "junk", AutoMailKind.Bulk },
        { "Precedence", "list", AutoMailKind.MailingList },
        { "Precedence", "auto_reply", AutoMailKind.AutoReply },
        { "List-Id", "Newsroom <newsroom.example.test>", AutoMailKind.MailingList },
        { "List-Unsubscribe", "<mailto:leave@example.test>", AutoMailKind.MailingList },
        { "Return-Path", "<>", AutoMailKind.MailerDaemon },
        { "From", "Mail Delivery System <MAILER-DAEMON@example.test>", AutoMailKind.MailerDaemon },
        { "From", "postmaster@example.test", AutoMailKind.MailerDaemon },
        { "Content-Type", "multipart/report; report-type=delivery-status; boundary=\"b\"", AutoMailKind.DeliveryStatus },
        { "Content-Type", "multipart/report; report-type=\"disposition-notification\"; boundary=b", AutoMailKind.Report },
        { "X-ForecastWatch-Loop", "desk@example.test", AutoMailKind.Loop },
        { "Message-ID", "<fw.prompt.12.1@FW.example.test>", AutoMailKind.Loop },
        { "Message-ID", "<fw.prompt.12.1.i0123456789abcdef@fw.example.test>", AutoMailKind.Loop },
        { "Message-ID", "<fw.answer.7.i0123456789abcdef@fw.example.test>", AutoMailKind.Loop },
        { "Message-ID", "<fw.digest.2027-06-07T080000Z.i0123456789abcdef@fw.example.test>", AutoMailKind.Loop },
        { "Subject", "Out of Office: Re: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Automatic reply: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Abwesenheitsnotiz: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Automatische Antwort: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Réponse automatique d'absence du bureau", AutoMailKind.OutOfOffice },
        { "Subject", "Respuesta automática: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Risposta automatica: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Automatisch antwoord: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Resposta automática: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Automatiskt svar: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "Auto: [FW-ai-act] Due", AutoMailKind.OutOfOffice },
        { "Subject", "[EXTERNAL] Out of office", AutoMailKind.OutOfOffice },
    };

    [Theory]
    [MemberData(nameof(Machine))]
    public void Classify_MachineHeader_IsAutomatic(string name, string value, AutoMailKind expected)
    {
        var verdict = CreateSut().Classify(Person((name, value)));

        Assert.Equal(expected, verdict.Kind);
        Assert.True(verdict.IsAutomatic);
        Assert.Contains(value, verdict.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auto-Submitted", "no")]
    [InlineData("Auto-Submitted", "No (a person)")]
    [InlineData("X-Auto-Response-Suppress", "All")]
    [InlineData("Precedence", "first-class")]
    [InlineData("Subject", "Re: [FW-ai-act] Due: CEO out of office by 2027")]
    [InlineData("Subject", "Re: Automotive absence of evidence")]
    [InlineData("Subject", "Autonomous cars: yes")]
    [InlineData("Return-Path", "<editor@example.test>")]
    [InlineData("Content-Type", "multipart/mixed; boundary=report-type")]
    [InlineData("Message-ID", "<abc@example.test>")]
    public void Classify_PersonalMail_IsPersonal(string name, string value)
    {
        var verdict = CreateSut().Classify(Person((name, value)));

        Assert.Equal(AutoMailKind.Personal, verdict.Kind);
        Assert.False(verdict.IsAutomatic);
    }

    [Fact]
    public void Classify_ExchangePair_IsOutOfOffice()
    {
        var verdict = CreateSut()
            .Classify(Person(("X-Auto-Response-Suppress", "All"), ("X-MS-Exchange-Inbox-Rules-Loop", "editor@example.test")));

        Assert.Equal(AutoMailKind.OutOfOffice, verdict.Kind);
    }

    [Fact]
    public void Classify_AutoSubmittedWithVacationSubject_IsOutOfOffice()
    {
        var verdict = CreateSut().Classify(Person(("Auto-Submitted", "auto-replied"), ("Subject", "Out of office")));

        Assert.Equal(AutoMailKind.OutOfOffice, verdict.Kind);
    }

    [Fact]
    public void Classify_DsnFromMailerDaemon_IsDeliveryStatus()
    {
        var verdict = CreateSut().Classify(Person(
            ("Return-Path", "<>"),
            ("From", "MAILER-DAEMON@example.test (Mail Delivery System)"),
            ("Content-Type", "multipart/report; report-type=delivery-status; boundary=x")));

        Assert.Equal(AutoMailKind.DeliveryStatus, verdict.Kind);
    }

    [Fact]
    public void Classify_WithoutOptions_IgnoresLoopChecks()
    {
        var verdict = new AutoMailClassifier().Classify(Person(("X-ForecastWatch-Loop", "1"), ("Message-ID", "<a@fw.example.test>")));

        Assert.Equal(AutoMailKind.Personal, verdict.Kind);
    }

    [Fact]
    public void Classify_OwnDomainWithPrefixSet_OnlyPrefixedIdsAreOurs()
    {
        var options = new AutoMailClassifierOptions { OwnMessageIdPrefix = "fw." };
        options.OwnMessageIdDomains.Add("example.test");
        var sut = new AutoMailClassifier(options);

        Assert.Equal(AutoMailKind.Personal, sut.Classify(Person(("Message-ID", "<abc123@example.test>"))).Kind);
        Assert.Equal(AutoMailKind.Loop, sut.Classify(Person(("Message-ID", "<fw.answer.3@example.test>"))).Kind);
    }

    [Fact]
    public void Classify_NoHeaders_IsPersonal()
    {
        Assert.Equal(AutoMailKind.Personal, CreateSut().Classify([]).Kind);
    }

    [Theory]
    [InlineData("\"Mailer-Daemon\" <mailer-daemon@mx.example.test>", true)]
    [InlineData("MAILER-DAEMON (Mail Delivery System)", true)]
    [InlineData("Postmaster <editor@example.test>", false)]
    [InlineData("postmaster-news@example.test", false)]
    public void IsDaemonAddress_Senders_MatchesLocalPartOnly(string from, bool expected)
    {
        Assert.Equal(expected, AutoMailClassifier.IsDaemonAddress(from));
    }
}
