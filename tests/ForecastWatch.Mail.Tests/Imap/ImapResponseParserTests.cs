using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mail.Tests.Net;

namespace ForecastWatch.Mail.Tests.Imap;

public sealed class ImapResponseParserTests
{
    internal static async Task<List<ImapResponse>> ParseAllAsync(byte[] input, int chunkSize, ImapParserLimits? limits = null)
    {
        var stream = new ChunkedReadStream(input, chunkSize);
        await using var connection = MailConnection.FromStream(stream, "test", null, TimeProvider.System, Timeout.InfiniteTimeSpan);
        var sut = new ImapResponseParser(connection, limits);
        var responses = new List<ImapResponse>();
        while (!connection.Buffered.IsEmpty || await connection.FillAsync(CancellationToken.None))
        {
            responses.Add(await sut.ReadResponseAsync(CancellationToken.None));
        }

        return responses;
    }

    private static Task<List<ImapResponse>> ParseAllAsync(string input, int chunkSize, ImapParserLimits? limits = null) =>
        ParseAllAsync(Encoding.UTF8.GetBytes(input), chunkSize, limits);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadResponseAsync_FetchWithNestedListsQuotedNilAndLiteral_ParsesEachValue(int chunkSize)
    {
        var input = "* 12 FETCH (UID 7 FLAGS (\\Seen $Fw) BODY[HEADER.FIELDS (SUBJECT FROM)] {10}\r\nSubject: a" +
                    " X-Q \"a \\\"b\\\" \\\\c\" N NIL L ((1 2) (3 (4 NIL))))\r\n";

        var r = Assert.Single(await ParseAllAsync(input, chunkSize));

        Assert.Equal(ImapResponseKind.Untagged, r.Kind);
        Assert.Equal(12u, r.Number);
        Assert.Equal("FETCH", r.Name);
        var items = Assert.Single(r.Values).Items!;
        Assert.Equal("UID", items[0].Text);
        Assert.Equal(["\\Seen", "$Fw"], items[3].Items!.Select(i => i.Text));
        Assert.Equal("BODY[HEADER.FIELDS (SUBJECT FROM)]", items[4].Text);
        Assert.Equal("Subject: a", items[5].Literal!.GetString());
        Assert.Equal("a \"b\" \\c", items[7].Text);
        Assert.Equal(ImapValueKind.String, items[7].Kind);
        Assert.True(items[9].IsNil);
        Assert.Equal("((1 2) (3 (4 NIL)))", items[11].ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadResponseAsync_StatusResponses_ReadCodeArgumentsAndFreeText(int chunkSize)
    {
        var input = "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited [weird text ( \"\r\n" +
                    "A0001 NO [TRYCREATE] Mailbox doesn't exist: Foo\r\n" +
                    "* BYE\r\n" +
                    "+ dGVzdA==\r\n" +
                    "+\r\n" +
                    "a2 ok [COPYUID 9 1:3 7:9] done\r\n" +
                    "* ok no space or code\r\n";

        var r = await ParseAllAsync(input, chunkSize);

        Assert.Equal(7, r.Count);
        Assert.Equal("PERMANENTFLAGS", r[0].Code);
        Assert.Equal("(\\Deleted \\Seen \\*)", r[0].CodeArgs[0].ToString());
        Assert.Equal("Limited [weird text ( \"", r[0].Text);
        Assert.Equal(("A0001", ImapStatus.No, "TRYCREATE"), (r[1].Tag, r[1].Status!.Value, r[1].Code));
        Assert.Equal(ImapStatus.Bye, r[2].Status);
        Assert.Equal(ImapResponseKind.Continuation, r[3].Kind);
        Assert.Equal("dGVzdA==", r[3].Text);
        Assert.Equal("", r[4].Text);
        Assert.Equal(ImapStatus.Ok, r[5].Status);
        Assert.Equal(["9", "1:3", "7:9"], r[5].CodeArgs.Select(a => a.Text));
        Assert.Equal("no space or code", r[6].Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task ReadResponseAsync_LiteralAboveMemoryLimit_IsSpooledToFile(int chunkSize)
    {
        var body = new string('x', 5000) + "\r\n";
        var input = $"* 1 FETCH (UID 1 BODY[] {{{body.Length}}}\r\n{body})\r\n";

        var r = Assert.Single(await ParseAllAsync(input, chunkSize, new ImapParserLimits { MemoryLiteralLimit = 1024 }));
        using var literal = r.Values[0].Items![3].Literal!;

        Assert.True(literal.IsSpooled);
        Assert.Equal(body.Length, literal.Length);
        using var read = new StreamReader(literal.OpenRead());
        Assert.Equal(body, await read.ReadToEndAsync());
    }

    [Theory]
    [InlineData("* SEARCH\r\n", "SEARCH", 0)]
    [InlineData("* SEARCH 1 2 3\r\n", "SEARCH", 3)]
    [InlineData("* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN\n", "CAPABILITY", 3)]
    [InlineData("* 3 EXPUNGE\r\n", "EXPUNGE", 0)]
    [InlineData("* LIST () NIL ~{3}\r\nabc\r\n", "LIST", 3)]
    [InlineData("* ESEARCH (TAG \"A1\") UID ALL 1:3\r\n", "ESEARCH", 4)]
    public async Task ReadResponseAsync_UntaggedData_HasNameAndValues(string input, string name, int count)
    {
        var r = Assert.Single(await ParseAllAsync(input, 7));

        Assert.Equal(name, r.Name);
        Assert.Equal(count, r.Values.Count);
    }

    [Theory]
    [InlineData("* 1 FETCH (UID 1\r\n")]
    [InlineData("* 1 FETCH (BODY[] {12a}\r\n")]
    [InlineData("* 1 FETCH (X \"line\nbreak\")\r\n")]
    [InlineData("A1 WHAT now\r\n")]
    [InlineData("* 1 FETCH (BODY[] {99999999999999999999}\r\n")]
    public async Task ReadResponseAsync_Malformed_ThrowsProtocolException(string input)
    {
        await Assert.ThrowsAsync<MailProtocolException>(() => ParseAllAsync(input, 4096));
    }

    [Fact]
    public async Task ReadResponseAsync_NestingBeyondLimit_ThrowsProtocolException()
    {
        var input = "* X " + new string('(', 100) + new string(')', 100) + "\r\n";

        await Assert.ThrowsAsync<MailProtocolException>(() => ParseAllAsync(input, 4096));
    }

    [Fact]
    public async Task ReadResponseAsync_LiteralCutShort_ThrowsIOException()
    {
        await Assert.ThrowsAsync<IOException>(() => ParseAllAsync("* 1 FETCH (BODY[] {100}\r\nshort", 7));
    }
}
