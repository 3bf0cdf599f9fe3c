using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ForecastWatch.Domain.Dates;

/// <summary>
/// A calendar date known only to a given precision: "2026" (year), "2026-Q2" (quarter), "2026-05" (month) or
/// "2026-05-14" (day). <see cref="First"/> and <see cref="Last"/> are the first and last days it may stand for.
/// </summary>
public readonly record struct PartialDate : IComparable<PartialDate>
{
    private PartialDate(DateOnly first, DatePrecision precision)
    {
        First = first;
        Precision = precision;
    }

    /// <summary>The first day the value may stand for (the day itself at day precision).</summary>
    public DateOnly First { get; }

    public DatePrecision Precision { get; }

    /// <summary>The last day the value may stand for (the day itself at day precision).</summary>
    public DateOnly Last => Precision switch
    {
        DatePrecision.Year => new DateOnly(First.Year, 12, 31),
        DatePrecision.Quarter => First.AddMonths(3).AddDays(-1),
        DatePrecision.Month => First.AddMonths(1).AddDays(-1),
        _ => First,
    };

    public int Year => First.Year;

    public static PartialDate OfDay(DateOnly day) => new(day, DatePrecision.Day);

    public static PartialDate OfMonth(int year, int month) => new(new DateOnly(year, month, 1), DatePrecision.Month);

    public static PartialDate OfQuarter(int year, int quarter)
    {
        if (quarter is < 1 or > 4)
        {
            throw new DomainException($"Quarter must be 1-4, was {quarter}.");
        }

        return new(new DateOnly(year, ((quarter - 1) * 3) + 1, 1), DatePrecision.Quarter);
    }

    public static PartialDate OfYear(int year) => new(new DateOnly(year, 1, 1), DatePrecision.Year);

    /// <summary>Parses "YYYY", "YYYY-Qn", "YYYY-MM" or "YYYY-MM-DD".</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out PartialDate value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        switch (text.Length)
        {
            case 4 when int.TryParse(text, NumberStyles.None, inv, out var y) && y >= 1:
                value = OfYear(y);
                return true;
            case 7 when text[4] == '-' && (text[5] == 'Q' || text[5] == 'q')
                        && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, inv, out var qy) && qy >= 1
                        && text[6] is >= '1' and <= '4':
                value = OfQuarter(qy, text[6] - '0');
                return true;
            case 7 when DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", inv, DateTimeStyles.None, out var m):
                value = OfMonth(m.Year, m.Month);
                return true;
            case 10 when DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d):
                value = OfDay(d);
                return true;
            default:
                return false;
        }
    }

    public static PartialDate Parse(string text) =>
        TryParse(text, out var value) ? value
            : throw new FormatException($"'{text}' is not a date of the form YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.");

    public int CompareTo(PartialDate other)
    {
        var c = First.CompareTo(other.First);
        return c != 0 ? c : Precision.CompareTo(other.Precision);
    }

    public static bool operator <(PartialDate left, PartialDate right) => left.CompareTo(right) < 0;

    public static bool operator >(PartialDate left, PartialDate right) => left.CompareTo(right) > 0;

    public static bool operator <=(PartialDate left, PartialDate right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PartialDate left, PartialDate right) => left.CompareTo(right) >= 0;

    public override string ToString() => Precision switch
    {
        DatePrecision.Year => First.Year.ToString("D4", CultureInfo.InvariantCulture),
        DatePrecision.Quarter => string.Create(CultureInfo.InvariantCulture, $"{First.Year:D4}-Q{((First.Month - 1) / 3) + 1}"),
        DatePrecision.Month => First.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
