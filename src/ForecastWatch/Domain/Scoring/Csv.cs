using System.Globalization;
using System.Text;

namespace ForecastWatch.Domain.Scoring;

/// <summary>
/// CSV per RFC 4180: CRLF line ends (§2.1), fields quoted when they hold a comma, quote or line break (§2.6), quotes
/// doubled (§2.7).
/// </summary>
public static class Csv
{
    public const string LineEnd = "\r\n";

    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Number(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    public static string Number(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";

    public static void AppendRow(StringBuilder sb, params ReadOnlySpan<string> fields)
    {
        ArgumentNullException.ThrowIfNull(sb);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Field(fields[i]));
        }

        sb.Append(LineEnd);
    }
}
