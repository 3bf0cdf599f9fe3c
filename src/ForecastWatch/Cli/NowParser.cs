using System.Globalization;

namespace ForecastWatch.Cli;

internal static class NowParser
{
    private static readonly string[] DateOnlyFormats = ["yyyy-MM-dd"];

    /// <summary>Parses an ISO-8601 date (midnight UTC) or date-time (UTC when no offset is given).</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        if (DateOnly.TryParseExact(text, DateOnlyFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
    }
}
