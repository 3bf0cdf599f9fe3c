using System.Text;
using ForecastWatch.Domain.Scoring;

namespace ForecastWatch.Tests.Domain.Scoring;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void Field_SpecialCharacters_QuotedPerRfc4180(string? value, string expected)
    {
        Assert.Equal(expected, Csv.Field(value));
    }

    [Fact]
    public void AppendRow_Fields_CommaSeparatedCrlfTerminated()
    {
        var sb = new StringBuilder();

        Csv.AppendRow(sb, "a", "b,c", "");

        Assert.Equal("a,\"b,c\",\r\n", sb.ToString());
    }

    [Fact]
    public void Number_UnderCommaDecimalCulture_UsesInvariantDot()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal("0.1205", Csv.Number(0.1205));
            Assert.Equal("", Csv.Number((double?)null));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    /// <summary>A minimal RFC 4180 reader for round-trip tests.</summary>
    internal static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        var quoted = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    i++;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    i += 2;
                    break;
                case '\r' or '\n':
                    Assert.Fail($"Bare line break outside quotes at {i}: not RFC 4180.");
                    break;
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }

        Assert.True(field.Length == 0 && row.Count == 0, "CSV must end with CRLF.");
        return rows;
    }
}
