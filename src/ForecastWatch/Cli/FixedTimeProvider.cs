namespace ForecastWatch.Cli;

/// <summary>The clock behind <c>--now</c>: always the given instant.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
