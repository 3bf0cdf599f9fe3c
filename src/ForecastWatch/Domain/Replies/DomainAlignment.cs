using System.Globalization;

namespace ForecastWatch.Domain.Replies;

/// <summary>How closely a DKIM signing domain must match the From domain (RFC 7489 section 3.1.1, DMARC's <c>adkim</c>).</summary>
public enum DkimAlignment
{
    /// <summary>The same organizational domain: <c>mail.example.com</c> signs for <c>example.com</c>.</summary>
    Relaxed,

    /// <summary>Exactly the same domain.</summary>
    Strict,
}

/// <summary>
/// Identifier alignment (RFC 7489 section 3.1) with a built-in approximation of the organizational domain
/// (section 3.2). DMARC takes the public suffix from the Public Suffix List; we carry no list file, so the
/// public suffix is the last label, or the last two when they are one of the common multi-label registry suffixes
/// below (co.uk, com.au, co.jp ...). Limits: suffixes missing from that list (other countries' second levels,
/// and the list's private section such as github.io or blogspot.com) are treated as organizations, so under
/// relaxed alignment two different customers of such a host look aligned. Use strict alignment for such senders.
/// </summary>
public static class DomainAlignment
{
    // Second-level registry suffixes under which each label is a separate registrant (ICANN section of the
    // Public Suffix List, https://publicsuffix.org/list/), limited to the common ones.
    private static readonly HashSet<string> MultiLabelSuffixes = new(StringComparer.Ordinal)
    {
        "co.uk", "org.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "ac.uk", "gov.uk", "nhs.uk", "sch.uk", "police.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "asn.au", "id.au",
        "co.nz", "net.nz", "org.nz", "ac.nz", "govt.nz", "school.nz",
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "ad.jp", "ed.jp", "gr.jp", "lg.jp",
        "co.kr", "ne.kr", "or.kr", "ac.kr", "go.kr", "re.kr",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn",
        "com.hk", "net.hk", "org.hk", "edu.hk", "gov.hk",
        "com.tw", "net.tw", "org.tw", "edu.tw", "gov.tw",
        "com.sg", "net.sg", "org.sg", "edu.sg", "gov.sg",
        "com.my", "net.my", "org.my", "edu.my", "gov.my",
        "co.in", "net.in", "org.in", "firm.in", "gen.in", "ind.in", "ac.in", "edu.in", "gov.in", "res.in",
        "co.id", "or.id", "ac.id", "go.id", "web.id",
        "co.th", "in.th", "ac.th", "go.th", "or.th",
        "com.ph", "net.ph", "org.ph", "edu.ph", "gov.ph",
        "com.vn", "net.vn", "org.vn", "edu.vn", "gov.vn",
        "co.il", "org.il", "net.il", "ac.il", "gov.il", "muni.il",
        "com.tr", "net.tr", "org.tr", "edu.tr", "gov.tr", "bel.tr",
        "co.za", "org.za", "net.za", "gov.za", "ac.za", "web.za",
        "com.ng", "org.ng", "gov.ng", "edu.ng", "co.ke", "or.ke", "ac.ke", "go.ke", "com.eg", "edu.eg", "gov.eg",
        "com.br", "net.br", "org.br", "gov.br", "edu.br", "art.br", "blog.br",
        "com.ar", "net.ar", "org.ar", "gob.ar", "edu.ar", "com.mx", "net.mx", "org.mx", "gob.mx", "edu.mx",
        "com.co", "net.co", "org.co", "gov.co", "edu.co", "com.pe", "org.pe", "gob.pe", "com.ve", "com.uy", "com.ec",
        "com.ua", "net.ua", "org.ua", "gov.ua", "edu.ua", "com.pl", "net.pl", "org.pl", "gov.pl", "edu.pl",
        "com.gr", "net.gr", "org.gr", "gov.gr", "edu.gr", "com.cy", "com.mt", "com.es", "org.es", "gob.es", "edu.es",
        "co.at", "or.at", "gv.at", "ac.at", "com.pt", "org.pt", "gov.pt", "com.ru", "org.ru", "net.ru",
        "com.sa", "gov.sa", "edu.sa", "com.pk", "gov.pk", "edu.pk", "com.bd", "gov.bd", "com.lk", "gov.lk",
    };

    /// <summary>The domain in lower-case ASCII (IDNA A-labels), without a trailing dot; null when it is not a domain name.</summary>
    public static string? Normalize(string? domain)
    {
        var text = domain?.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(text) || text.Contains('[', StringComparison.Ordinal) || text.Any(char.IsWhiteSpace))
        {
            return null;
        }

        try
        {
            // header.d may be written in U-labels (RFC 8616 section 4) while From is in A-labels, or the other way.
            return new IdnMapping { AllowUnassigned = true }.GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The domain of an address (<c>editor@example.com</c>), normalized; null without one.</summary>
    public static string? OfAddress(string? address)
    {
        var text = address?.Trim().Trim('<', '>');
        var at = text?.LastIndexOf('@') ?? -1;
        return at < 0 ? null : Normalize(text![(at + 1)..]);
    }

    /// <summary>The organizational domain (RFC 7489 section 3.2) of a normalized domain, by the rule above.</summary>
    public static string OrganizationalDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var labels = domain.Split('.');
        var suffix = labels.Length >= 2 && MultiLabelSuffixes.Contains(labels[^2] + "." + labels[^1]) ? 2 : 1;
        return labels.Length <= suffix ? domain : string.Join('.', labels[^(suffix + 1)..]);
    }

    /// <summary>Whether <paramref name="signingDomain"/> is aligned with <paramref name="fromDomain"/> (both normalized).</summary>
    public static bool IsAligned(string signingDomain, string fromDomain, DkimAlignment mode)
    {
        ArgumentNullException.ThrowIfNull(signingDomain);
        ArgumentNullException.ThrowIfNull(fromDomain);
        return mode == DkimAlignment.Strict
            ? string.Equals(signingDomain, fromDomain, StringComparison.Ordinal)
            : string.Equals(OrganizationalDomain(signingDomain), OrganizationalDomain(fromDomain), StringComparison.Ordinal);
    }
}
