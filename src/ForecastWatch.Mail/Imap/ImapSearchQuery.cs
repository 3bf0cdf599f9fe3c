using System.Globalization;

namespace ForecastWatch.Mail.Imap;

/// <summary>
/// A UID SEARCH criterion (RFC 3501 section 6.4.4). Combine with <see cref="And"/>, <see cref="Or"/> and
/// <see cref="Not"/>; strings with non-ASCII characters make the search use CHARSET UTF-8.
/// </summary>
public sealed class ImapSearchQuery
{
    private readonly string? keyword;
    private readonly string? argument;
    private readonly string? rawArgument;
    private readonly ImapSearchQuery[] children;

    private ImapSearchQuery(string? keyword, string? argument = null, string? rawArgument = null, params ImapSearchQuery[] children)
    {
        this.keyword = keyword;
        this.argument = argument;
        this.rawArgument = rawArgument;
        this.children = children;
    }

    /// <summary>Every message.</summary>
    public static ImapSearchQuery All { get; } = new("ALL");

    /// <summary>Messages without \Seen.</summary>
    public static ImapSearchQuery Unseen { get; } = new("UNSEEN");

    /// <summary>Messages with \Seen.</summary>
    public static ImapSearchQuery Seen { get; } = new("SEEN");

    /// <summary>Messages with \Deleted.</summary>
    public static ImapSearchQuery Deleted { get; } = new("DELETED");

    /// <summary>Messages without \Deleted.</summary>
    public static ImapSearchQuery NotDeleted { get; } = new("UNDELETED");

    /// <summary>Subject contains <paramref name="text"/> (case-insensitive substring).</summary>
    public static ImapSearchQuery SubjectContains(string text) => new("SUBJECT", text);

    /// <summary>From contains <paramref name="text"/>.</summary>
    public static ImapSearchQuery FromContains(string text) => new("FROM", text);

    /// <summary>To contains <paramref name="text"/>.</summary>
    public static ImapSearchQuery ToContains(string text) => new("TO", text);

    /// <summary>Body contains <paramref name="text"/>.</summary>
    public static ImapSearchQuery BodyContains(string text) => new("BODY", text);

    /// <summary>Header <paramref name="field"/> contains <paramref name="text"/> ("" matches any message with the field).</summary>
    public static ImapSearchQuery Header(string field, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        return new ImapSearchQuery("HEADER", field, null, new ImapSearchQuery(null, text));
    }

    /// <summary>Internal date on or after <paramref name="date"/>.</summary>
    public static ImapSearchQuery Since(DateOnly date) => new("SINCE", null, FormatDate(date));

    /// <summary>Internal date before <paramref name="date"/>.</summary>
    public static ImapSearchQuery Before(DateOnly date) => new("BEFORE", null, FormatDate(date));

    /// <summary>Messages with these UIDs.</summary>
    public static ImapSearchQuery Uids(IEnumerable<uint> uids) => new("UID", null, ImapUidSet.Format(uids));

    /// <summary>Messages with UID at least <paramref name="first"/> (note: "n:*" always matches the last message).</summary>
    public static ImapSearchQuery UidsFrom(uint first) => new("UID", null, first.ToString(CultureInfo.InvariantCulture) + ":*");

    /// <summary>Messages with keyword <paramref name="flag"/> set (an atom, e.g. <c>$Processed</c>).</summary>
    public static ImapSearchQuery Keyword(string flag) => new("KEYWORD", null, CheckAtom(flag));

    /// <summary>Messages larger than <paramref name="octets"/>.</summary>
    public static ImapSearchQuery Larger(uint octets) => new("LARGER", null, octets.ToString(CultureInfo.InvariantCulture));

    /// <summary>All of the criteria.</summary>
    public static ImapSearchQuery And(params ImapSearchQuery[] queries) => new("AND", null, null, queries);

    /// <summary>Either criterion.</summary>
    public static ImapSearchQuery Or(ImapSearchQuery a, ImapSearchQuery b) => new("OR", null, null, a, b);

    /// <summary>Not the criterion.</summary>
    public static ImapSearchQuery Not(ImapSearchQuery query) => new("NOT", null, null, query);

    internal bool NeedsUtf8 => (argument is not null && !IsAscii(argument)) || children.Any(static c => c.NeedsUtf8);

    internal void Write(ImapCommandBuilder b)
    {
        switch (keyword)
        {
            case null:
                b.String(argument!);
                return;
            case "AND":
                b.Append("(");
                for (var i = 0; i < children.Length; i++)
                {
                    if (i > 0)
                    {
                        b.Space();
                    }

                    children[i].Write(b);
                }

                b.Append(")");
                return;
            case "OR":
                b.Append("OR ");
                children[0].Write(b);
                b.Space();
                children[1].Write(b);
                return;
            case "NOT":
                b.Append("NOT ");
                children[0].Write(b);
                return;
            default:
                b.Append(keyword);
                if (rawArgument is not null)
                {
                    b.Space().Append(rawArgument);
                }

                if (argument is not null)
                {
                    b.Space().String(argument);
                }

                foreach (var c in children)
                {
                    b.Space();
                    c.Write(b);
                }

                return;
        }
    }

    private static string FormatDate(DateOnly date) => date.ToString("d-MMM-yyyy", CultureInfo.InvariantCulture);

    private static bool IsAscii(string s) => s.All(static c => c < 0x80);

    private static string CheckAtom(string flag)
    {
        ArgumentException.ThrowIfNullOrEmpty(flag);
        if (flag.Any(static c => c <= ' ' || c >= 0x7F || "(){%*\"\\]".Contains(c, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{flag}' is not a valid keyword atom.", nameof(flag));
        }

        return flag;
    }
}
