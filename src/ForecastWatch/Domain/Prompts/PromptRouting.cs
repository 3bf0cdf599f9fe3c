namespace ForecastWatch.Domain.Prompts;

/// <summary>An editor or desk chief from configuration, with the outlets and tags they cover.</summary>
public sealed record PromptContact(string Name, string Address, IReadOnlyList<string> Outlets, IReadOnlyList<string> Tags)
{
    public bool Covers(string? outlet, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return (outlet is not null && Outlets.Contains(outlet, StringComparer.OrdinalIgnoreCase))
               || tags.Any(t => Tags.Contains(t, StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>
/// Who is asked about a prediction: the editors the manifest names, else every configured editor covering its
/// outlet or one of its tags, else the default desk. Escalations go to the chiefs covering the outlet or a tag,
/// else to the default desk. Addresses are compared and returned lower-cased, without duplicates.
/// </summary>
public sealed class PromptRouting
{
    public PromptRouting(IReadOnlyList<PromptContact> editors, IReadOnlyList<PromptContact> chiefs, string defaultDesk)
    {
        ArgumentNullException.ThrowIfNull(editors);
        ArgumentNullException.ThrowIfNull(chiefs);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultDesk);
        Editors = editors;
        Chiefs = chiefs;
        DefaultDesk = Normalize(defaultDesk);
    }

    public IReadOnlyList<PromptContact> Editors { get; }

    public IReadOnlyList<PromptContact> Chiefs { get; }

    public string DefaultDesk { get; }

    public IReadOnlyList<string> EditorsFor(PromptSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Editors.Count > 0)
        {
            return Distinct(subject.Editors);
        }

        var covering = Editors.Where(e => e.Covers(subject.Outlet, subject.Tags)).Select(e => e.Address).ToList();
        return covering.Count > 0 ? Distinct(covering) : [DefaultDesk];
    }

    public IReadOnlyList<string> ChiefsFor(PromptSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var covering = Chiefs.Where(c => c.Covers(subject.Outlet, subject.Tags)).Select(c => c.Address).ToList();
        return covering.Count > 0 ? Distinct(covering) : [DefaultDesk];
    }

    /// <summary>True if the address may resolve the prediction: a routed editor, a covering chief or the default desk.</summary>
    public bool MayResolve(PromptSubject subject, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = Normalize(address);
        return EditorsFor(subject).Contains(a, StringComparer.Ordinal)
               || ChiefsFor(subject).Contains(a, StringComparer.Ordinal)
               || a == DefaultDesk;
    }

    public static string Normalize(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Trim().ToLowerInvariant();
    }

    private static string[] Distinct(IEnumerable<string> addresses) =>
        addresses.Select(Normalize).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
