using System.Globalization;
using System.Text;

namespace ForecastWatch.Mail.Imap;

internal enum ImapValueKind
{
    Atom,
    String,
    Nil,
    List,
    Literal,
}

/// <summary>One parsed element of a server response: an atom, a string, NIL, a parenthesized list or a literal.</summary>
internal sealed class ImapValue
{
    public static readonly ImapValue NilValue = new(ImapValueKind.Nil, null, null, null);

    private ImapValue(ImapValueKind kind, string? text, List<ImapValue>? items, ImapLiteral? literal)
    {
        Kind = kind;
        Text = text;
        Items = items;
        Literal = literal;
    }

    public ImapValueKind Kind { get; }

    /// <summary>Atom or quoted-string text.</summary>
    public string? Text { get; }

    public List<ImapValue>? Items { get; }

    public ImapLiteral? Literal { get; }

    public bool IsNil => Kind == ImapValueKind.Nil;

    public static ImapValue Atom(string text) => new(ImapValueKind.Atom, text, null, null);

    public static ImapValue Quoted(string text) => new(ImapValueKind.String, text, null, null);

    public static ImapValue List(List<ImapValue> items) => new(ImapValueKind.List, null, items, null);

    public static ImapValue FromLiteral(ImapLiteral literal) => new(ImapValueKind.Literal, null, null, literal);

    /// <summary>The value as a string (atom, quoted or small literal), or null for NIL and lists.</summary>
    public string? AsString() => Kind switch
    {
        ImapValueKind.Atom or ImapValueKind.String => Text,
        ImapValueKind.Literal => Literal!.Length <= 1024 * 1024 ? Literal.GetString() : null,
        _ => null,
    };

    public bool IsAtom(string text) => Kind == ImapValueKind.Atom && string.Equals(Text, text, StringComparison.OrdinalIgnoreCase);

    public bool TryGetNumber(out uint value)
    {
        value = 0;
        return Kind == ImapValueKind.Atom && uint.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public bool TryGetNumber64(out ulong value)
    {
        value = 0;
        return Kind == ImapValueKind.Atom && ulong.TryParse(Text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Disposes any spooled literal inside this value.</summary>
    public void DisposeLiterals()
    {
        Literal?.Dispose();
        if (Items is not null)
        {
            foreach (var item in Items)
            {
                item.DisposeLiterals();
            }
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    private void Append(StringBuilder sb)
    {
        switch (Kind)
        {
            case ImapValueKind.Atom: sb.Append(Text); break;
            case ImapValueKind.String: sb.Append('"').Append(Text).Append('"'); break;
            case ImapValueKind.Nil: sb.Append("NIL"); break;
            case ImapValueKind.Literal: sb.Append(CultureInfo.InvariantCulture, $"{{{Literal!.Length}}}"); break;
            default:
                sb.Append('(');
                for (var i = 0; i < Items!.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    Items[i].Append(sb);
                }

                sb.Append(')');
                break;
        }
    }
}

internal enum ImapResponseKind
{
    Untagged,
    Tagged,
    Continuation,
}

/// <summary>The server's status word in a status response (RFC 3501 section 7.1).</summary>
public enum ImapStatus
{
    /// <summary>Success.</summary>
    Ok,

    /// <summary>The command failed (the server understood it).</summary>
    No,

    /// <summary>The server did not understand the command, or a protocol error.</summary>
    Bad,

    /// <summary>Greeting: already authenticated.</summary>
    Preauth,

    /// <summary>The server is closing the connection.</summary>
    Bye,
}

/// <summary>
/// One complete server response. Status responses (tagged, or untagged OK/NO/BAD/PREAUTH/BYE) fill
/// <see cref="Status"/>, <see cref="Code"/> and <see cref="Text"/>; untagged data fills <see cref="Number"/>,
/// <see cref="Name"/> and <see cref="Values"/>.
/// </summary>
internal sealed class ImapResponse
{
    public ImapResponseKind Kind { get; init; }

    public string? Tag { get; init; }

    public ImapStatus? Status { get; init; }

    /// <summary>The response code name (RFC 3501 section 7.1), upper case, e.g. UIDVALIDITY.</summary>
    public string? Code { get; init; }

    public List<ImapValue> CodeArgs { get; init; } = [];

    public string Text { get; init; } = "";

    /// <summary>The message number or count before the name (<c>* 3 EXISTS</c>).</summary>
    public uint? Number { get; init; }

    /// <summary>Upper-case name of untagged data (EXISTS, FETCH, CAPABILITY, LIST, SEARCH, ...).</summary>
    public string Name { get; init; } = "";

    public List<ImapValue> Values { get; init; } = [];

    public void DisposeLiterals()
    {
        foreach (var v in Values)
        {
            v.DisposeLiterals();
        }
    }

    public override string ToString()
    {
        var head = Kind switch
        {
            ImapResponseKind.Continuation => "+",
            ImapResponseKind.Tagged => Tag,
            _ => "*",
        };
        if (Status is { } s)
        {
            var code = Code is null ? "" : $" [{Code}{string.Concat(CodeArgs.Select(static a => " " + a))}]";
            return $"{head} {s.ToString().ToUpperInvariant()}{code} {Text}";
        }

        var number = Number is { } n ? " " + n.ToString(CultureInfo.InvariantCulture) : "";
        return Kind == ImapResponseKind.Continuation ? $"+ {Text}" : $"{head}{number} {Name} {string.Join(" ", Values)}";
    }
}
