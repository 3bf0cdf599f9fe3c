using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class ReplyTrimmerTests
{
    private const string Quote = "> [FW-ai-act] Due: The EU AI Act will be in force\n> Reply with YES, NO, PARTIAL, VOID.";

    public static TheoryData<string, string, string, ReplyCutKind> Styles => new()
    {
        {
            "gmail top-posted, wrapped attribution",
            "YES\nsee https://example.org/law\n\nOn Mon, Nov 23, 2026 at 10:15 AM ForecastWatch Desk <\ndesk+abc123@example.test> "
                + "wrote:\n\n" + Quote,
            "YES\nsee https://example.org/law",
            ReplyCutKind.None
        },
        {
            "gmail bottom-posted",
            "On Mon, Nov 23, 2026 at 10:15 AM ForecastWatch Desk <desk@example.test> wrote:\n" + Quote + "\n\nNo - it slipped to 2028.\n",
            "No - it slipped to 2028.",
            ReplyCutKind.None
        },
        {
            "interleaved",
            "On 23/11/2026 10:15, ForecastWatch Desk wrote:\n> Did it happen?\nPARTIAL 0.5\n> Criteria: in force by May\nOnly half the "
                + "articles apply.\n",
            "PARTIAL 0.5\nOnly half the articles apply.",
            ReplyCutKind.None
        },
        {
            "outlook desktop",
            "Yes.\r\n\r\nJane\r\n\r\nFrom: ForecastWatch Desk <desk@example.test>\r\nSent: Monday, November 23, 2026 10:15 AM\r\nTo: Jane "
                + "Editor <editor@example.test>\r\nSubject: [FW-ai-act] Due: the AI Act\r\n\r\nThe claim: ...\r\n",
            "Yes.\n\nJane",
            ReplyCutKind.HeaderBlock
        },
        {
            "outlook web with rule",
            "VOID the article was retracted\n\n________________________________\nFrom: ForecastWatch Desk <desk@example.test>\nSent: 23 "
                + "November 2026 10:15\nTo: Jane Editor\nSubject: [FW-ai-act] Due\n\nThe claim",
            "VOID the article was retracted",
            ReplyCutKind.HeaderBlock
        },
        {
            "outlook original message",
            "EXTEND 3 months\n\n-----Original Message-----\nFrom: desk@example.test\nThe claim",
            "EXTEND 3 months",
            ReplyCutKind.OriginalMessage
        },
        {
            "apple mail",
            "Yes.\n\n> On 23 Nov 2026, at 10:15, ForecastWatch Desk <desk@example.test> wrote:\n> \n" + Quote,
            "Yes.",
            ReplyCutKind.None
        },
        {
            "ios mail",
            "No\n\nSent from my iPhone\n\n> On 23 Nov 2026, at 10:15, ForecastWatch Desk <desk@example.test> wrote:\n" + Quote,
            "No",
            ReplyCutKind.MobileSignature
        },
        {
            "outlook mobile, german",
            "No\n\nOutlook für iOS herunterladen<https://aka.ms/o0ukef>\n\n> On 23 Nov 2026, at 10:15, ForecastWatch Desk "
                + "<desk@example.test> wrote:\n" + Quote,
            "No",
            ReplyCutKind.MobileSignature
        },
        {
            "blackberry with carrier",
            "No\n\nSent wirelessly from my BlackBerry device on the Bell network.\n\n> On 23 Nov 2026, at 10:15, ForecastWatch Desk "
                + "<desk@example.test> wrote:\n" + Quote,
            "No",
            ReplyCutKind.MobileSignature
        },
        {
            "android gmail",
            "Yes\n\nOn Mon, 23 Nov 2026, 10:15 ForecastWatch Desk, <desk@example.test> wrote:\n\n" + Quote,
            "Yes",
            ReplyCutKind.None
        },
        {
            "outlook for android",
            "PARTIAL 0.5\n\nGet Outlook for Android<https://aka.ms/ghei36>\n________________________________\nFrom: ForecastWatch Desk "
                + "<desk@example.test>\nSent: Monday, November 23, 2026 10:15:00 AM\nTo: editor@example.test\nSubject: [FW-x] Due\n\nclaim",
            "PARTIAL 0.5",
            ReplyCutKind.MobileSignature
        },
        {
            "german gmail wrapped",
            "Ja, eingetreten.\nYES\n\nAm Mo., 23. Nov. 2026 um 10:15 Uhr schrieb ForecastWatch Desk <\ndesk+abc@example.test>:\n\n" + Quote,
            "Ja, eingetreten.\nYES",
            ReplyCutKind.None
        },
        {
            "german thunderbird verb before date",
            "NO\n\nForecastWatch Desk <desk@example.test> schrieb am 23.11.2026 um 10:15:\nDie Vorhersage",
            "NO",
            ReplyCutKind.Attribution
        },
        {
            "french",
            "OUI... YES\n\nLe lun. 23 nov. 2026 à 10:15, ForecastWatch Desk <desk@example.test> a écrit :\n" + Quote,
            "OUI... YES",
            ReplyCutKind.None
        },
        {
            "spanish",
            "NO\n\nEl lun, 23 nov 2026 a las 10:15, ForecastWatch Desk (<desk@example.test>) escribió:\n" + Quote,
            "NO",
            ReplyCutKind.None
        },
        {
            "italian",
            "YES\n\nIl giorno lun 23 nov 2026 alle ore 10:15 ForecastWatch Desk <desk@example.test> ha scritto:\n" + Quote,
            "YES",
            ReplyCutKind.None
        },
        {
            "dutch",
            "YES\n\nOp ma 23 nov 2026 om 10:15 schreef ForecastWatch Desk <desk@example.test>:\n" + Quote,
            "YES",
            ReplyCutKind.None
        },
        {
            "portuguese",
            "YES\n\nEm seg., 23 de nov. de 2026 às 10:15, ForecastWatch Desk <desk@example.test> escreveu:\n" + Quote,
            "YES",
            ReplyCutKind.None
        },
        {
            "swedish",
            "NO\n\nDen mån 23 nov. 2026 kl 10:15 skrev ForecastWatch Desk <desk@example.test>:\n" + Quote,
            "NO",
            ReplyCutKind.None
        },
        {
            "german outlook block",
            "VALUE 18%\n\nVon: ForecastWatch Desk <desk@example.test>\nGesendet: Montag, 23. November 2026 10:15\nAn: Redaktion "
                + "<editor@example.test>\nBetreff: [FW-x] Due\n\nText",
            "VALUE 18%",
            ReplyCutKind.HeaderBlock
        },
        {
            "french outlook block",
            "NO\n\nDe : ForecastWatch Desk <desk@example.test>\nEnvoyé : lundi 23 novembre 2026 10:15\nÀ : Rédaction\nObjet : [FW-x] "
                + "Due\n",
            "NO",
            ReplyCutKind.HeaderBlock
        },
        {
            "swedish outlook block",
            "YES\n\nFrån: ForecastWatch Desk <desk@example.test>\nSkickat: den 23 november 2026 10:15\nTill: Redaktionen\nÄmne: [FW-x] "
                + "Due\n",
            "YES",
            ReplyCutKind.HeaderBlock
        },
        {
            "gmail forward",
            "FYI, resolving: YES\n\n---------- Forwarded message ---------\nFrom: ForecastWatch Desk <desk@example.test>\nDate: Mon, Nov "
                + "23, 2026 at 10:15 AM\n",
            "FYI, resolving: YES",
            ReplyCutKind.Forwarded
        },
        {
            "apple forward",
            "YES\n\nBegin forwarded message:\n\nFrom: ForecastWatch Desk <desk@example.test>\n",
            "YES",
            ReplyCutKind.Forwarded
        },
        {
            "signature",
            "NO\nsee https://example.org/a\n\n-- \nJane Editor\nScience desk\n\n" + Quote,
            "NO\nsee https://example.org/a",
            ReplyCutKind.Signature
        },
        {
            "german mobile signature",
            "JA\nYES\n\nVon meinem iPhone gesendet\n\n" + Quote,
            "JA\nYES",
            ReplyCutKind.MobileSignature
        },
        {
            "dutch mobile signature",
            "YES\n\nVerzonden vanaf mijn iPhone",
            "YES",
            ReplyCutKind.MobileSignature
        },
        {
            "plain text with no markers",
            "YES\nThe law passed on 2026-11-20.\nhttps://example.org/law",
            "YES\nThe law passed on 2026-11-20.\nhttps://example.org/law",
            ReplyCutKind.None
        },
        {
            "prose that ends in a colon is kept",
            "YES\nThe minister wrote:\nthe law is in force",
            "YES\nThe minister wrote:\nthe law is in force",
            ReplyCutKind.None
        },
        {
            "sent from the ministry is prose",
            "YES\nSent from the ministry on Monday.",
            "YES\nSent from the ministry on Monday.",
            ReplyCutKind.None
        },
        {
            "a line starting like an attribution keeps the editor's text",
            "On reflection, YES: 100% done\nOn Mon, Nov 23, 2026 at 10:15 AM Desk <desk@example.test> wrote:\n" + Quote,
            "On reflection, YES: 100% done",
            ReplyCutKind.None
        },
        {
            "unquoted attribution from an html conversion cuts",
            "NO\n\nOn Mon, Nov 23, 2026 at 10:15 AM Desk <desk@example.test> wrote:\nThe claim: ...",
            "NO",
            ReplyCutKind.Attribution
        },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public void Trim_ReplyStyle_KeepsOnlyWhatTheSenderWrote(string style, string input, string expected, ReplyCutKind cut)
    {
        var result = ReplyTrimmer.Trim(input);

        Assert.True(expected == result.Text, $"{style}: got <{result.Text}>");
        Assert.Equal(cut, result.Cut);
    }

    [Fact]
    public void Trim_Null_ReturnsEmpty()
    {
        var result = ReplyTrimmer.Trim((string?)null);

        Assert.Equal(string.Empty, result.Text);
        Assert.False(result.WasTrimmed);
    }

    [Fact]
    public void Trim_QuotedLines_CountsThem()
    {
        var result = ReplyTrimmer.Trim("YES\n> a\n> b\n>c");

        Assert.Equal(3, result.QuotedLinesRemoved);
        Assert.True(result.WasTrimmed);
    }

    [Fact]
    public void Trim_CutLine_PointsAtTheRuleAboveOutlookHeaders()
    {
        var result = ReplyTrimmer.Trim("YES\n\n________________________________\nFrom: Desk\nSent: Monday\nTo: Jane\n");

        Assert.Equal(2, result.CutLine);
    }

    [Fact]
    public void Trim_OnlyQuote_ReturnsEmpty()
    {
        var result = ReplyTrimmer.Trim("On Mon, Nov 23, 2026 at 10:15 AM Desk <desk@example.test> wrote:\n" + Quote);

        Assert.Equal(string.Empty, result.Text);
    }

    [Fact]
    public void Trim_HugeInputWithoutNewlines_DoesNotThrow()
    {
        var input = new string('x', 2_000_000) + ":";

        var result = ReplyTrimmer.Trim(input);

        Assert.Equal(input, result.Text);
    }

    [Theory]
    [InlineData("On 1 wrote:", true)]
    [InlineData("Desk <desk@example.test> wrote:", true)]
    [InlineData("The minister wrote:", false)]
    [InlineData("On Monday the minister wrote: it passed", false)]
    public void IsAttribution_Candidates_MatchesOnlyAttributions(string candidate, bool expected)
    {
        Assert.Equal(expected, ReplyTrimmer.IsAttribution(candidate));
    }
}
