using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>The addresses of one or more address headers (From, To, Cc, ...).</summary>
public sealed class InternetAddressList : IReadOnlyList<InternetAddress>
{
    /// <summary>An empty list.</summary>
    public static InternetAddressList Empty { get; } = new([]);

    private readonly List<InternetAddress> _items;

    internal InternetAddressList(List<InternetAddress> items) => _items = items;

    /// <summary>Creates a list of the given addresses.</summary>
    public InternetAddressList(IEnumerable<InternetAddress> addresses)
        : this([.. addresses])
    {
    }

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <inheritdoc/>
    public InternetAddress this[int index] => _items[index];

    /// <summary>Every mailbox, with group members flattened in order.</summary>
    public IEnumerable<MailboxAddress> Mailboxes
    {
        get
        {
            foreach (var a in _items)
            {
                if (a is MailboxAddress m)
                {
                    yield return m;
                }
                else if (a is GroupAddress g)
                {
                    foreach (var member in g.Members)
                    {
                        yield return member;
                    }
                }
            }
        }
    }

    /// <summary>Parses an address list leniently: junk is skipped, never thrown (see <see cref="TryParse"/> for strict).</summary>
    public static InternetAddressList ParseLenient(string text) =>
        new(AddressParser.Parse(Encoding.UTF8.GetBytes(text ?? string.Empty), out _));

    /// <summary>Parses strictly; throws <see cref="MimeParseException"/> when anything is malformed.</summary>
    public static InternetAddressList Parse(string text)
    {
        if (!TryParse(text, out var list))
        {
            throw new MimeParseException($"'{text}' is not a valid address list (RFC 5322 section 3.4).");
        }

        return list;
    }

    /// <summary>Parses strictly; false when anything is malformed.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out InternetAddressList? list)
    {
        list = null;
        if (text is null)
        {
            return false;
        }

        var items = AddressParser.Parse(Encoding.UTF8.GetBytes(text), out var clean);
        if (clean && items.Count > 0)
        {
            list = new InternetAddressList(items);
        }

        return list is not null;
    }

    /// <inheritdoc/>
    public IEnumerator<InternetAddress> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", _items);

    internal string ToHeaderValue()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _items[i].Format(sb);
        }

        return sb.ToString();
    }
}
