namespace ForecastWatch.Domain.Replies;

/// <summary>The classifier's decision about one message.</summary>
/// <param name="Kind">What kind of machine mail it is, or <see cref="AutoMailKind.Personal"/>.</param>
/// <param name="Evidence">The header and value that decided it (for logs and <c>inbox list</c>), or null.</param>
internal sealed record AutoMailVerdict(AutoMailKind Kind, string? Evidence)
{
    /// <summary>The verdict for a message with no sign of automation.</summary>
    public static AutoMailVerdict Personal { get; } = new(AutoMailKind.Personal, null);

    /// <summary>True for every kind except <see cref="AutoMailKind.Personal"/>: never answer such a message.</summary>
    public bool IsAutomatic => Kind != AutoMailKind.Personal;
}
