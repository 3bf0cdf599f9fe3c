namespace ForecastWatch.Domain.Articles;

/// <summary>
/// An article's verbatim text and its metadata. Offsets are UTF-16 code-unit indexes into <see cref="Text"/>
/// (the file decoded as UTF-8), the same indexes <c>string.IndexOf</c> returns.
/// </summary>
public sealed class Article
{
    private readonly int[] _lineStarts;

    public Article(ArticleMetadata metadata, string text)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(text);
        Metadata = metadata;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public ArticleMetadata Metadata { get; }

    public string Id => Metadata.Id;

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The 1-based line that contains the character at <paramref name="offset"/>.</summary>
    public int LineOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    /// <summary>True when no character of the span lies on a boilerplate line.</summary>
    public bool IsBody(int start, int length)
    {
        var first = LineOf(start);
        var last = LineOf(Math.Max(start, start + length - 1));
        return !Metadata.Boilerplate.Any(b => b.StartLine <= last && b.EndLine >= first);
    }

    /// <summary>
    /// The offset of the first verbatim occurrence of <paramref name="quote"/> in the body (outside boilerplate), or -1.
    /// Boilerplate often repeats body sentences (FAQ blocks, teasers), so every occurrence is tried.
    /// </summary>
    public int FindInBody(string quote)
    {
        ArgumentException.ThrowIfNullOrEmpty(quote);
        for (var at = Text.IndexOf(quote, StringComparison.Ordinal); at >= 0; at = Text.IndexOf(quote, at + 1, StringComparison.Ordinal))
        {
            if (IsBody(at, quote.Length))
            {
                return at;
            }
        }

        return -1;
    }
}
