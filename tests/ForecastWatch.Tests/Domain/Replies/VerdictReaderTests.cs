using ForecastWatch.Domain.Dates;
using ForecastWatch.Domain.Replies;

namespace ForecastWatch.Tests.Domain.Replies;

public sealed class VerdictReaderTests
{
    [Theory]
    [InlineData("YES", ReplyVerdictKind.Yes)]
    [InlineData("yes", ReplyVerdictKind.Yes)]
    [InlineData("Yes.", ReplyVerdictKind.Yes)]
    [InlineData("**YES**", ReplyVerdictKind.Yes)]
    [InlineData("True", ReplyVerdictKind.Yes)]
    [InlineData("correct!", ReplyVerdictKind.Yes)]
    [InlineData("Happened", ReplyVerdictKind.Yes)]
    [InlineData("no - see link", ReplyVerdictKind.No)]
    [InlineData("FALSE", ReplyVerdictKind.No)]
    [InlineData("Wrong, sadly", ReplyVerdictKind.No)]
    [InlineData("\n\n  NO  \n", ReplyVerdictKind.No)]
    [InlineData("PARTIAL", ReplyVerdictKind.Partial)]
    [InlineData("void", ReplyVerdictKind.Void)]
    [InlineData("ANNUL", ReplyVerdictKind.Void)]
    public void Read_VerdictWord_ReadsKind(string text, ReplyVerdictKind expected)
    {
        var reading = VerdictReader.Read(text);

        Assert.True(reading.IsReadable, reading.Problem);
        Assert.Equal(expected, reading.Verdict!.Kind);
    }

    [Theory]
    [InlineData("Yesterday it passed")]
    [InlineData("Not sure")]
    [InlineData("Hi desk,\nYES")]
    [InlineData("I think yes")]
    [InlineData("Y")]
    [InlineData("OVERRIDE")]
    [InlineData("OVERRIDE OVERRIDE NO")]
    [InlineData("OVERRIDE maybe")]
    [InlineData("EXTEND")]
    [InlineData("EXTEND soon")]
    [InlineData("EXTEND 0 days")]
    [InlineData("VALUE")]
    [InlineData("VALUE high")]
    [InlineData("PARTIAL 1.5")]
    [InlineData("PARTIAL 150%")]
    [InlineData("PARTIAL 3/2")]
    [InlineData("")]
    [InlineData("   \n\t\n")]
    public void Read_NotAVerdict_GivesProblemAndNoGuess(string text)
    {
        var reading = VerdictReader.Read(text);

        Assert.False(reading.IsReadable);
        Assert.Null(reading.Verdict);
        Assert.False(string.IsNullOrWhiteSpace(reading.Problem));
    }

    [Theory]
    [InlineData("PARTIAL 0.5", 0.5)]
    [InlineData("partial: 25%", 0.25)]
    [InlineData("PARTIAL 1/3", 0.3333)]
    [InlineData("PARTIAL 0,75", 0.75)]
    [InlineData("PARTIAL 40 percent of it", 0.4)]
    public void Read_PartialWithFraction_ReadsFraction(string text, double expected)
    {
        var reading = VerdictReader.Read(text);

        Assert.Equal((decimal)expected, reading.Verdict!.Fraction);
    }

    [Fact]
    public void Read_VoidWithReason_KeepsReasonAndNote()
    {
        var reading = VerdictReader.Read("VOID: the article was retracted https://example.org/retraction\nSee also the editor's note.");

        Assert.Equal(ReplyVerdictKind.Void, reading.Verdict!.Kind);
        Assert.Equal("the article was retracted https://example.org/retraction", reading.Verdict.Reason);
        Assert.Equal("See also the editor's note.", reading.Note);
        Assert.Equal(new Uri("https://example.org/retraction"), Assert.Single(reading.Evidence));
    }

    [Fact]
    public void Read_ExtendDate_ReadsPartialDate()
    {
        var reading = VerdictReader.Read("EXTEND 2027-06-30 - the vote was postponed");

        Assert.Equal(PartialDate.Parse("2027-06-30"), reading.Verdict!.Extension!.Until);
        Assert.Equal("the vote was postponed", reading.Note);
    }

    [Fact]
    public void Read_ExtendMonth_ExtendsToLastDay()
    {
        var reading = VerdictReader.Read("extend 2027-06");

        Assert.Equal(new DateOnly(2027, 6, 30), reading.Verdict!.Extension!.ApplyTo(new DateOnly(2027, 1, 1)));
    }

    [Theory]
    [InlineData("EXTEND 3 months", 3, ExtensionUnit.Months)]
    [InlineData("Extend 2 weeks.", 2, ExtensionUnit.Weeks)]
    [InlineData("EXTEND 10 days", 10, ExtensionUnit.Days)]
    [InlineData("EXTEND 1 year", 1, ExtensionUnit.Years)]
    [InlineData("EXTEND 6m", 6, ExtensionUnit.Months)]
    public void Read_ExtendDuration_ReadsAmountAndUnit(string text, int amount, ExtensionUnit unit)
    {
        var extension = VerdictReader.Read(text).Verdict!.Extension!;

        Assert.Null(extension.Until);
        Assert.Equal(amount, extension.Amount);
        Assert.Equal(unit, extension.Unit);
    }

    [Fact]
    public void ApplyTo_ThreeMonths_MovesResolveBy()
    {
        var extension = ReplyExtension.By(3, ExtensionUnit.Months);

        Assert.Equal(new DateOnly(2027, 8, 31), extension.ApplyTo(new DateOnly(2027, 5, 31)));
    }

    [Theory]
    [InlineData("VALUE 18%", 18, "%")]
    [InlineData("value 18 %", 18, "%")]
    [InlineData("VALUE 2.4 million", 2.4, "million")]
    [InlineData("VALUE 1,234.5 EUR", 1234.5, "EUR")]
    [InlineData("VALUE 1,234", 1234, null)]
    [InlineData("VALUE 18,5%", 18.5, "%")]
    [InlineData("VALUE -0.3", -0.3, null)]
    [InlineData("VALUE: - 18 %", 18, "%")]
    [InlineData("VALUE $1.5bn", 1.5, "bn")]
    [InlineData("VALUE €40", 40, "€")]
    public void Read_Value_ReadsNumberAndUnit(string text, double value, string? unit)
    {
        var verdict = VerdictReader.Read(text).Verdict!;

        Assert.Equal(ReplyVerdictKind.Value, verdict.Kind);
        Assert.Equal((decimal)value, verdict.Value);
        Assert.Equal(unit, verdict.Unit);
    }

    [Fact]
    public void Read_Override_WrapsNewVerdict()
    {
        var reading = VerdictReader.Read("OVERRIDE NO: the law was struck down https://example.org/court");

        Assert.True(reading.Verdict!.IsOverride);
        Assert.Equal(ReplyVerdictKind.No, reading.Verdict.Effective.Kind);
        Assert.Equal("the law was struck down https://example.org/court", reading.Note);
        Assert.Single(reading.Evidence);
    }

    [Fact]
    public void Read_OverridePartial_KeepsFraction()
    {
        var reading = VerdictReader.Read("override partial 50%");

        Assert.Equal(0.5m, reading.Verdict!.Effective.Fraction);
    }

    [Fact]
    public void Read_NoteOnFollowingLines_CollectsUrlsOnce()
    {
        var reading = VerdictReader.Read("YES\nsee https://example.org/a.\nand <https://example.org/b>, again https://example.org/a");

        Assert.Equal("see https://example.org/a.\nand <https://example.org/b>, again https://example.org/a", reading.Note);
        Assert.Equal(["https://example.org/a", "https://example.org/b"], reading.Evidence.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Read_Unreadable_KeepsTextAsNoteForReview()
    {
        var reading = VerdictReader.Read("Hi, I think it happened https://example.org/x");

        Assert.Contains("does not start with a verdict", reading.Problem, StringComparison.Ordinal);
        Assert.Single(reading.Evidence);
    }
}
