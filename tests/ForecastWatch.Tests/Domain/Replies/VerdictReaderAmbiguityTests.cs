using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

/// <summary>
/// The verdict grammar's refusals (docs/replies.md, "Verdict line"): each rule with the lines that must be refused,
/// and the misreads editors reported (the reader once took them for verdicts) as regressions.
/// </summary>
public sealed class VerdictReaderAmbiguityTests
{
    [Theory]
    // Misreads editors reported: once recorded as NO, NO and YES.
    [InlineData("No doubt about it, yes – three labs remain.")]
    [InlineData("No longer relevant – the merger was called off. VOID")]
    [InlineData("Yes, partially – 2 of 5 labs were absorbed.")]
    // Rule 1: words of two different verdicts on one line.
    [InlineData("No doubt, yes")]
    [InlineData("yes, partially")]
    [InlineData("not void")]
    [InlineData("YES/NO")]
    [InlineData("Yes and no.")]
    [InlineData("NO - partially true")]
    [InlineData("YES - but not by the deadline")]
    [InlineData("Yes, mostly")]
    [InlineData("YES - in part")]
    [InlineData("NO, it is void")]
    [InlineData("VOID - actually yes")]
    [InlineData("PARTIAL - actually yes")]
    [InlineData("Correct, it didn't happen")]
    [InlineData("Resolved: NO, yes on appeal")]
    [InlineData("OVERRIDE NO, yes")]
    // Rule 2: negated or idiomatic openings.
    [InlineData("No doubt")]
    [InlineData("No longer")]
    [InlineData("Not yet")]
    [InlineData("No idea")]
    [InlineData("No way it happened")]
    [InlineData("Not really")]
    [InlineData("No problem, will check")]
    // Rule 3: a verdict word inside a sentence.
    [InlineData("Yes it happened")]
    [InlineData("No it did not")]
    [InlineData("I think yes")]
    [InlineData("The answer is NO")]
    [InlineData("Happened yesterday morning")]
    // Rule 4: hedges.
    [InlineData("Yes, probably")]
    [InlineData("NO - too early to tell")]
    [InlineData("Yes, I think, more or less")]
    [InlineData("PARTIAL, maybe")]
    // Rule 5: questions.
    [InlineData("Yes?")]
    [InlineData("NO??")]
    // Rule 6: words in other languages only alone on the line.
    [InlineData("Ja, teilweise")]
    [InlineData("Oui, en partie")]
    [InlineData("Nie wiem")]
    [InlineData("Si llega mañana")]
    [InlineData("是的它发生了")]
    // Rule 7: a YES or NO qualified on its own line (the answer may be PARTIAL, or NO by the deadline).
    [InlineData("Yes, but two months late.")]
    [InlineData("YES - however the budget line was cut")]
    [InlineData("Yes, though the text was diluted")]
    [InlineData("No, except in two states.")]
    [InlineData("NO - apart from the pilot region")]
    [InlineData("Yes – only the first reading passed")]
    [InlineData("No, unless you count the draft")]
    // Rule 8: answers to an offer, not to whether something happened.
    [InlineData("No thanks!")]
    [InlineData("No, thank you")]
    [InlineData("NO - thanks")]
    [InlineData("Yes please")]
    [InlineData("Yes, please.")]
    public void Read_AmbiguousLine_IsRefusedQuotingTheLine(string line)
    {
        var reading = VerdictReader.Read(line + "\nmore text");

        Assert.False(reading.IsReadable, $"\"{line}\" was read as {reading.Verdict?.Kind}");
        Assert.Contains(line, reading.Problem, StringComparison.Ordinal);
        Assert.Equal(line, reading.Line);
    }

    [Theory]
    [InlineData("YES", ReplyVerdictKind.Yes, "")]
    [InlineData("Yes.", ReplyVerdictKind.Yes, "")]
    [InlineData("YES - see link", ReplyVerdictKind.Yes, "see link")]
    [InlineData("Yes, it passed on 3 May.", ReplyVerdictKind.Yes, "it passed on 3 May.")]
    [InlineData("YES (see the ministry's statement)", ReplyVerdictKind.Yes, "(see the ministry's statement)")]
    [InlineData("NO. It did not happen.", ReplyVerdictKind.No, "It did not happen.")]
    [InlineData("No – the merger was called off, nothing was signed", ReplyVerdictKind.No,
        "the merger was called off, nothing was signed")]
    [InlineData("Nope", ReplyVerdictKind.No, "")]
    [InlineData("Yep!", ReplyVerdictKind.Yes, "")]
    [InlineData("Resolved: NO", ReplyVerdictKind.No, "")]
    [InlineData("Verdict: yes - confirmed by the registry", ReplyVerdictKind.Yes, "confirmed by the registry")]
    [InlineData("Ja", ReplyVerdictKind.Yes, "")]
    [InlineData("Oui.", ReplyVerdictKind.Yes, "")]
    [InlineData("Sí", ReplyVerdictKind.Yes, "")]
    [InlineData("Nein!", ReplyVerdictKind.No, "")]
    [InlineData("Non", ReplyVerdictKind.No, "")]
    [InlineData("Nej", ReplyVerdictKind.No, "")]
    [InlineData("Nie.", ReplyVerdictKind.No, "")]
    [InlineData("Да", ReplyVerdictKind.Yes, "")]
    [InlineData("Hayır", ReplyVerdictKind.No, "")]
    [InlineData("はい。", ReplyVerdictKind.Yes, "")]
    [InlineData("是的", ReplyVerdictKind.Yes, "")]
    [InlineData("아니요", ReplyVerdictKind.No, "")]
    [InlineData("PARTIAL 2/5 - three labs did not merge", ReplyVerdictKind.Partial, "three labs did not merge")]
    [InlineData("Yes, thanks for the reminder.", ReplyVerdictKind.Yes, "thanks for the reminder.")]
    [InlineData("PARTIAL 1/2 - but only in the north", ReplyVerdictKind.Partial, "but only in the north")]
    [InlineData("VOID - the outlet retracted it, but kept the quote", ReplyVerdictKind.Void, "")]
    [InlineData("VOID - the question is no longer answerable", ReplyVerdictKind.Void, "")]
    public void Read_ClearLine_ReadsVerdictAndKeepsTheNoteWhole(string line, ReplyVerdictKind kind, string note)
    {
        var reading = VerdictReader.Read(line);

        Assert.True(reading.IsReadable, reading.Problem);
        Assert.Equal(kind, reading.Verdict!.Kind);
        Assert.Equal(note, reading.Note);
        Assert.Equal(line, reading.Line);
    }

    [Fact]
    public void Read_ForeignWordAlone_KeepsTheNextLinesAsNote()
    {
        var reading = VerdictReader.Read("Oui\nLa loi a été votée le 3 mai.");

        Assert.Equal(ReplyVerdictKind.Yes, reading.Verdict!.Kind);
        Assert.Equal("La loi a été votée le 3 mai.", reading.Note);
    }

    [Fact]
    public void Read_AmbiguousLine_KeepsTheWholeReplyAsNoteForReview()
    {
        var reading = VerdictReader.Read("No doubt about it, yes – three labs remain.\nhttps://example.org/labs");

        Assert.Equal("No doubt about it, yes – three labs remain.\nhttps://example.org/labs", reading.Note);
        Assert.Single(reading.Evidence);
    }
}
