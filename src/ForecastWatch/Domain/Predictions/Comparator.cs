namespace ForecastWatch.Domain.Predictions;

public enum Comparator
{
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
    Equal,
}

public static class Comparators
{
    public static string ToSymbol(this Comparator comparator) => comparator switch
    {
        Comparator.GreaterThan => ">",
        Comparator.GreaterOrEqual => ">=",
        Comparator.LessThan => "<",
        Comparator.LessOrEqual => "<=",
        _ => "=",
    };

    public static bool TryParse(string? symbol, out Comparator comparator)
    {
        Comparator? parsed = symbol switch
        {
            ">" => Comparator.GreaterThan,
            ">=" => Comparator.GreaterOrEqual,
            "<" => Comparator.LessThan,
            "<=" => Comparator.LessOrEqual,
            "=" => Comparator.Equal,
            _ => null,
        };
        comparator = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    public static bool Holds(this Comparator comparator, double value, double threshold) => comparator switch
    {
        Comparator.GreaterThan => value > threshold,
        Comparator.GreaterOrEqual => value >= threshold,
        Comparator.LessThan => value < threshold,
        Comparator.LessOrEqual => value <= threshold,
        _ => value == threshold,
    };
}
