using Microsoft.Extensions.Options;

namespace ForecastWatch.Mailing;

/// <summary>
/// With the <c>smtp</c> transport mail really leaves: refuse to start while an address we send from or to is still
/// at a reserved example domain (the shipped defaults use <c>example.test</c>), or while no editor is configured.
/// The directory transport, which only writes files, keeps the defaults usable out of the box.
/// </summary>
internal sealed class RealMailValidator(IOptions<EditorsOptions> editors, IOptions<DigestOptions> digest) : IValidateOptions<MailingOptions>
{
    public ValidateOptionsResult Validate(string? name, MailingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Transport != MailTransports.Smtp)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var m = MailingOptions.SectionName + ":";
        var e = EditorsOptions.SectionName + ":";
        if (editors.Value.Editors.Count == 0)
        {
            errors.Add($"{e}Editors is empty: with {m}Transport smtp, name at least one editor (Name, Address, Outlets or Tags).");
        }

        if (!options.AllowReservedDomains)
        {
            var addresses = new List<(string Key, string? Domain)>
            {
                (m + "From", DomainOf(options.From)),
                (m + "DeskAddress", DomainOf(options.DeskAddress)),
                (m + "MessageIdDomain", options.MessageIdDomain),
                (e + "DefaultDesk", DomainOf(editors.Value.DefaultDesk)),
            };
            addresses.AddRange(editors.Value.Editors.Select((x, i) => ($"{e}Editors:{i}:Address", DomainOf(x.Address))));
            addresses.AddRange(editors.Value.Chiefs.Select((x, i) => ($"{e}Chiefs:{i}:Address", DomainOf(x.Address))));
            addresses.AddRange(digest.Value.Recipients.Select((x, i) => ($"{DigestOptions.SectionName}:Recipients:{i}", DomainOf(x))));
            foreach (var (key, domain) in addresses.Where(static a => IsReserved(a.Domain)))
            {
                errors.Add($"{key} is at the reserved domain '{domain}': with {m}Transport smtp, set your own "
                    + "(lists such as Editors replace the defaults' entries by index, so set or empty every entry).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// RFC 2606 / RFC 6761: <c>example.com</c>, <c>example.org</c>, <c>example.net</c>, <c>example.test</c> (any
    /// <c>example.*</c>), the <c>.example</c> and <c>.invalid</c> TLDs.
    /// </summary>
    internal static bool IsReserved(string? domain)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            return false;
        }

        var labels = domain.Trim().TrimEnd('.').ToLowerInvariant().Split('.');
        return labels[^1] is "example" or "invalid" || (labels.Length >= 2 && labels[^2] == "example");
    }

    private static string? DomainOf(string? address) =>
        MailAddressText.Extract(address) is { } bare ? bare[(bare.LastIndexOf('@') + 1)..] : null;
}
