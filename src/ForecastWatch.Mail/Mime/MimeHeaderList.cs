using System.Collections;

namespace ForecastWatch.Mail.Mime;

/// <summary>Header fields in their original order; names compare ASCII case-insensitively; a name may repeat.</summary>
public sealed class MimeHeaderList : IReadOnlyList<MimeHeader>
{
    private readonly List<MimeHeader> _headers;

    internal MimeHeaderList(List<MimeHeader> headers) => _headers = headers;

    /// <inheritdoc/>
    public int Count => _headers.Count;

    /// <inheritdoc/>
    public MimeHeader this[int index] => _headers[index];

    /// <summary>The decoded value of the first field named <paramref name="name"/>, or null.</summary>
    public string? this[string name] => Find(name)?.Value;

    /// <summary>The first field named <paramref name="name"/>, or null.</summary>
    public MimeHeader? Find(string name)
    {
        foreach (var h in _headers)
        {
            if (h.NameEquals(name))
            {
                return h;
            }
        }

        return null;
    }

    /// <summary>Every field named <paramref name="name"/>, in order.</summary>
    public IEnumerable<MimeHeader> GetAll(string name)
    {
        foreach (var h in _headers)
        {
            if (h.NameEquals(name))
            {
                yield return h;
            }
        }
    }

    /// <summary>True if a field named <paramref name="name"/> exists.</summary>
    public bool Contains(string name) => Find(name) is not null;

    /// <inheritdoc/>
    public IEnumerator<MimeHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
