using System.Globalization;

namespace ForecastWatch.Domain.Horizons;

/// <summary>Reads small cardinal numbers written as digits or English words ("12", "1.5", "six", "twenty-four", "a couple of").</summary>
internal static class NumberWords
{
    /// <summary>Regex fragment (no captures) for the numbers <see cref="TryParse"/> understands. Longer alternatives first.</summary>
    public const string Pattern =
        @"(?:\d{1,3}(?:\.\d{1,2})?"
        + @"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?"
        + @"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
        + @"|a\s+couple(?:\s+of)?|a\s+dozen|half\s+an?|an?)";

    private static readonly Dictionary<string, int> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["a"] = 1,
        ["an"] = 1,
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["thirteen"] = 13,
        ["fourteen"] = 14,
        ["fifteen"] = 15,
        ["sixteen"] = 16,
        ["seventeen"] = 17,
        ["eighteen"] = 18,
        ["nineteen"] = 19,
        ["twenty"] = 20,
        ["thirty"] = 30,
        ["forty"] = 40,
        ["fifty"] = 50,
        ["sixty"] = 60,
        ["seventy"] = 70,
        ["eighty"] = 80,
        ["ninety"] = 90,
        ["dozen"] = 12,
    };

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var t = string.Join(' ',
            text.Trim().ToLowerInvariant().Split([' ', '\t', '\n', '\r', '\u00A0', '-'], StringSplitOptions.RemoveEmptyEntries));
        if (decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        switch (t)
        {
            case "a couple" or "a couple of":
                value = 2;
                return true;
            case "a dozen":
                value = 12;
                return true;
            case "half a" or "half an":
                value = 0.5m;
                return true;
        }

        var parts = t.Split(' ');
        decimal sum = 0;
        foreach (var p in parts)
        {
            if (!Units.TryGetValue(p, out var v))
            {
                return false;
            }

            sum += v;
        }

        value = sum;
        return sum > 0;
    }
}
