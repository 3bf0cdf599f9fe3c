namespace ForecastWatch.Domain;

/// <summary>An invariant of a domain value was violated (a programming or data error, not an expected outcome).</summary>
public sealed class DomainException : Exception
{
    public DomainException(string message)
        : base(message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DomainException()
    {
    }
}
