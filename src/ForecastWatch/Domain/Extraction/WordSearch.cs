using System.Buffers;
using System.Text;

namespace ForecastWatch.Domain.Extraction;

/// <summary>
/// Words looked for anywhere in a text (ordinal, ignoring case): the answer of
/// <c>MemoryExtensions.ContainsAny(span, SearchValues.Create(words, comparison))</c>, faster. A
/// <see cref="SearchValues{T}"/> of strings that holds a single non-ASCII word ("\u2019ll", "\u00A9") searches for all
/// of them on its Unicode path, a dictionary lookup per character of the text (with the extractor's pre-scans, 8% of
/// its time); here the ASCII words keep the vectorized ASCII path and the few others are searched for one by one.
/// Same answers: <c>ExtractionScanEquivalenceTests</c>.
/// </summary>
internal sealed class WordSearch
{
    private readonly SearchValues<string> ascii;
    private readonly string[] others;
    private readonly StringComparison comparison;

    private WordSearch(string[] words, StringComparison comparison)
    {
        Words = words;
        this.comparison = comparison;
        ascii = SearchValues.Create(words.Where(static w => Ascii.IsValid(w)).ToArray(), comparison);
        others = words.Where(static w => !Ascii.IsValid(w)).ToArray();
    }

    /// <summary>Every word, as given.</summary>
    public IReadOnlyList<string> Words { get; }

    public static WordSearch Create(ReadOnlySpan<string> words, StringComparison comparison) => new(words.ToArray(), comparison);

    /// <summary>The text contains one of the words.</summary>
    public bool In(ReadOnlySpan<char> text)
    {
        if (text.ContainsAny(ascii))
        {
            return true;
        }

        foreach (var w in others)
        {
            if (text.Contains(w, comparison))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary><c>span.ContainsAny(words)</c> reads as it did with a <see cref="SearchValues{T}"/>.</summary>
internal static class WordSearchExtensions
{
    public static bool ContainsAny(this ReadOnlySpan<char> text, WordSearch words) => words.In(text);
}

/// <summary>Pre-scans for patterns whose key words all start a word (<c>\b</c> or <c>\s+</c> before each).</summary>
internal static class WordStart
{
    /// <summary>
    /// One of <paramref name="words"/> occurs in <paramref name="text"/> where a word can start: at the start, or after
    /// a character that is not an ASCII letter or digit ("put" in "output" cannot start a <c>\b</c>-led match, since
    /// both sides of it are word characters). A superset of where the pattern's key word can be.
    /// </summary>
    public static bool ContainsAny(ReadOnlySpan<char> text, SearchValues<string> words)
    {
        for (var i = 0; i < text.Length;)
        {
            var k = text[i..].IndexOfAny(words);
            if (k < 0)
            {
                return false;
            }

            var at = i + k;
            if (at == 0 || !char.IsAsciiLetterOrDigit(text[at - 1]))
            {
                return true;
            }

            i = at + 1;
        }

        return false;
    }
}
