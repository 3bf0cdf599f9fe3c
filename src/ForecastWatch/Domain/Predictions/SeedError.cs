namespace ForecastWatch.Domain.Predictions;

/// <summary>
/// One defect in the seeds: the file it is in, the article or prediction it concerns, the field, and what is wrong.
/// </summary>
public sealed record SeedError(string File, string? Item, string? Field, string Message)
{
    public override string ToString()
    {
        var where = File;
        if (Item is not null)
        {
            where += $": {Item}";
        }

        if (Field is not null)
        {
            where += $": {Field}";
        }

        return $"{where}: {Message}";
    }
}
