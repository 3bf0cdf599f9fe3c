using ForecastWatch.Domain.Replies;
using ForecastWatch.Inbound;
using MimeKit;

namespace ForecastWatch.Tests.Inbound;

/// <summary>
/// Real-looking replies from common clients (Corpus/*.eml, each with the text its sender wrote in
/// *.expected.txt): parsed by MimeKit (QP, base64, 8bit; UTF-8, windows-1252, ISO-8859-1/15, KOI8-R,
/// Shift_JIS), then trimmed.
/// </summary>
public sealed class ReplyCorpusTests
{
    private static readonly string CorpusDirectory = FindCorpus();

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory, "*.eml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Trim_CorpusReply_MatchesWhatTheSenderWrote(string name)
    {
        var expected = (await File.ReadAllTextAsync(Path.Combine(CorpusDirectory, name + ".expected.txt"))).TrimEnd('\n');
        await using var stream = File.OpenRead(Path.Combine(CorpusDirectory, name + ".eml"));
        using var message = await MimeMessage.LoadAsync(MimeInboundMailReader.Options, stream);

        var result = message.TrimReply();

        Assert.Equal(expected, result.Text);
        Assert.True(result.WasTrimmed, name + ": the corpus reply contains a quote or signature that should have been removed");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Classify_CorpusReply_IsPersonal(string name)
    {
        await using var stream = File.OpenRead(Path.Combine(CorpusDirectory, name + ".eml"));
        using var message = await MimeMessage.LoadAsync(MimeInboundMailReader.Options, stream);
        var options = new AutoMailClassifierOptions { LoopHeaderName = "X-ForecastWatch-Loop", OwnMessageIdPrefix = "fw." };
        options.OwnMessageIdDomains.Add("example.test");

        Assert.Equal(AutoMailKind.Personal, new AutoMailClassifier(options).Classify(message).Kind);
    }

    [Fact]
    public void Corpus_CoversTheRequiredStyles()
    {
        var names = Cases().Cast<object[]>().Select(static c => (string)c[0]).ToList();

        Assert.True(names.Count >= 20, $"only {names.Count} corpus replies");
        foreach (var style in (string[])["gmail", "outlook-desktop", "outlook-web", "apple-mail", "ios", "android", "html-only", "qp",
            "base64", "german", "french", "spanish", "italian", "dutch", "portuguese", "swedish", "interleaved", "bottom-posted",
            "top-posted"])
        {
            Assert.Contains(names, n => n.Contains(style, StringComparison.Ordinal));
        }
    }

    private static string FindCorpus()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ForecastWatch.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? ".", "tests", "ForecastWatch.Tests", "TestData", "ReplyCorpus");
    }
}
