namespace ForecastWatch.Tests.Domain.Replies;

/// <summary>
/// Every fixture of the reply-style corpus (TestData/ReplyStyles/corpus.txt) exactly right: first line, verdict, note
/// and trimmed text. The held-out slice (heldout.txt) is not a test: it is scored by <c>bench reply-corpus</c>.
/// </summary>
public sealed class ReplyStyleCorpusTests
{
    private static readonly Lazy<IReadOnlyList<ReplyStyleFixture>> Corpus =
        new(static () => ReplyStyleFixture.Load(Path.Combine(ReplyStyleFixture.Directory(), "corpus.txt")));

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var f in Corpus.Value)
        {
            data.Add(f.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Fixture_IsReadExactlyAsItsEditorMeant(string id)
    {
        var fixture = Corpus.Value.Single(f => f.Id == id);

        var differences = fixture.Differences(fixture.Actual());

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Fact]
    public void Corpus_HasAtLeast300Fixtures_AndEveryLanguage()
    {
        Assert.True(Corpus.Value.Count >= 300, $"{Corpus.Value.Count} fixtures");
        foreach (var lang in (string[])["en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "fi", "pl", "cs", "ru", "uk", "tr",
            "ja", "zh", "ko"])
        {
            Assert.Contains(Corpus.Value, f => f.Id.Contains("-" + lang + "/", StringComparison.Ordinal));
        }
    }
}
