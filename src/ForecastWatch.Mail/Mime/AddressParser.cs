using System.Text;

namespace ForecastWatch.Mail.Mime;

/// <summary>
/// Lenient RFC 5322 section 3.4 address-list parser (with the obsolete forms of section 4.4 and RFC 6532 UTF-8).
/// Works on tokens so that junk can be skipped up to the next comma without losing the rest of the list.
/// </summary>
internal static class AddressParser
{
    private enum Kind : byte
    {
        Atom,
        Quoted,
        Comment,
        DomainLiteral,
        Special,
    }

    private readonly record struct Token(Kind Kind, int Start, int End, byte Special, byte[]? Text);

    // RFC 5322 section 3.2.3 atext; bytes >= 0x80 are UTF-8 (RFC 6532 section 3.2).
    public static bool IsAtext(byte b) => b >= 0x80 || (b is > 32 and < 127 && "()<>[]:;@\\,.\""u8.IndexOf(b) < 0);

    public static List<InternetAddress> Parse(ReadOnlySpan<byte> s, out bool clean)
    {
        var tokens = Tokenize(s, out clean);
        var result = new List<InternetAddress>();
        var pos = 0;
        ParseList(s, tokens, ref pos, inGroup: false, result, ref clean);
        return result;
    }

    private static List<Token> Tokenize(ReadOnlySpan<byte> s, out bool clean)
    {
        clean = true;
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var b = s[i];
            if (ParseUtils.IsWhite(b))
            {
                i++;
            }
            else if (b == (byte)'(')
            {
                var start = i;
                clean &= ParseUtils.SkipComment(s, ref i);
                var inner = s[(start + 1)..Math.Max(start + 1, s[i - 1] == (byte)')' ? i - 1 : i)];
                tokens.Add(new Token(Kind.Comment, start, i, 0, inner.ToArray()));
            }
            else if (b == (byte)'"')
            {
                var start = i;
                var text = ParseUtils.ReadQuotedString(s, ref i, out var closed);
                clean &= closed;
                tokens.Add(new Token(Kind.Quoted, start, i, 0, text));
            }
            else if (b == (byte)'[')
            {
                var start = i;
                var end = s[i..].IndexOf((byte)']');
                i = end < 0 ? s.Length : i + end + 1;
                clean &= end >= 0;
                tokens.Add(new Token(Kind.DomainLiteral, start, i, 0, null));
            }
            else if (IsAtext(b) || b == (byte)'.')
            {
                var start = i;
                while (i < s.Length && (IsAtext(s[i]) || s[i] == (byte)'.'))
                {
                    i++;
                }

                tokens.Add(new Token(Kind.Atom, start, i, 0, null));
            }
            else if ("<>:;@,"u8.IndexOf(b) >= 0)
            {
                tokens.Add(new Token(Kind.Special, i, i + 1, b, null));
                i++;
            }
            else
            {
                // Stray "\", "]", ")" or a control character: not an address character (section 3.2.3).
                clean = false;
                i++;
            }
        }

        return tokens;
    }

    private static void ParseList(ReadOnlySpan<byte> s, List<Token> t, ref int pos, bool inGroup, List<InternetAddress> result, ref bool clean)
    {
        while (pos < t.Count)
        {
            var tok = t[pos];
            if (tok.Kind == Kind.Special && tok.Special == (byte)',')
            {
                pos++;
                continue;
            }

            if (tok.Kind == Kind.Special && tok.Special == (byte)';')
            {
                if (inGroup)
                {
                    return;
                }

                clean = false;
                pos++;
                continue;
            }

            var phraseStart = pos;
            byte[]? lastComment = null;
            while (pos < t.Count && !(t[pos].Kind == Kind.Special && t[pos].Special != (byte)'>'))
            {
                if (t[pos].Kind == Kind.Comment)
                {
                    lastComment = t[pos].Text;
                }

                pos++;
            }

            var phraseEnd = pos;
            var special = pos < t.Count ? t[pos].Special : (byte)0;
            if (special == (byte)'<')
            {
                pos++;
                var specStart = pos;
                while (pos < t.Count && !(t[pos].Kind == Kind.Special && t[pos].Special == (byte)'>'))
                {
                    pos++;
                }

                var specEnd = pos;
                if (pos < t.Count)
                {
                    pos++;
                }
                else
                {
                    clean = false;
                }

                var name = Phrase(s, t, phraseStart, phraseEnd);
                var mailbox = AddrSpec(s, t, specStart, specEnd, name, ref clean);
                if (mailbox is not null)
                {
                    result.Add(mailbox);
                }
                else if (name is not null)
                {
                    clean = false;
                }

                SkipJunk(t, ref pos, inGroup, ref clean);
            }
            else if (special == (byte)':' && !inGroup)
            {
                pos++;
                var members = new List<InternetAddress>();
                ParseList(s, t, ref pos, inGroup: true, members, ref clean);
                if (pos < t.Count)
                {
                    pos++;
                }
                else
                {
                    clean = false;
                }

                var name = Phrase(s, t, phraseStart, phraseEnd) ?? string.Empty;
                result.Add(new GroupAddress(name, members.OfType<MailboxAddress>()));
            }
            else if (special == (byte)'@')
            {
                // addr-spec without angle brackets; a trailing comment is the display name (obsolete "a@b (Name)").
                pos++;
                lastComment = null;
                while (pos < t.Count && t[pos].Kind is Kind.Atom or Kind.DomainLiteral)
                {
                    pos++;
                }

                var domainEnd = pos;
                if (pos < t.Count && t[pos].Kind == Kind.Comment)
                {
                    lastComment = t[pos].Text;
                    pos++;
                }

                var mailbox = AddrSpec(s, t, phraseStart, domainEnd, null, ref clean);
                if (mailbox is not null)
                {
                    var commentName = lastComment is null ? null : Rfc2047.DecodeText(lastComment, out _).Trim();
                    result.Add(commentName is { Length: > 0 } ? new MailboxAddress(commentName, mailbox.LocalPart, mailbox.Domain) : mailbox);
                }

                SkipJunk(t, ref pos, inGroup, ref clean);
            }
            else
            {
                // A bare word ("undisclosed-recipients", "Joe") with no address: keep it as a domain-less mailbox.
                clean = false;
                var text = Phrase(s, t, phraseStart, phraseEnd);
                if (text is not null)
                {
                    result.Add(new MailboxAddress(null, text, string.Empty));
                }

                if (special is (byte)':' or (byte)'@')
                {
                    pos++;
                }
            }
        }
    }

    private static void SkipJunk(List<Token> t, ref int pos, bool inGroup, ref bool clean)
    {
        while (pos < t.Count)
        {
            var tok = t[pos];
            if (tok.Kind == Kind.Special && (tok.Special == (byte)',' || (inGroup && tok.Special == (byte)';')))
            {
                return;
            }

            if (tok.Kind != Kind.Comment)
            {
                clean = false;
            }

            pos++;
        }
    }

    private static MailboxAddress? AddrSpec(ReadOnlySpan<byte> s, List<Token> t, int start, int end, string? name, ref bool clean)
    {
        // Obsolete route "@a,@b:" before the addr-spec (section 4.4) is dropped.
        for (var k = start; k < end; k++)
        {
            if (t[k].Kind == Kind.Special && t[k].Special == (byte)':')
            {
                start = k + 1;
            }
        }

        var at = -1;
        for (var k = end - 1; k >= start; k--)
        {
            if (t[k].Kind == Kind.Special && t[k].Special == (byte)'@')
            {
                at = k;
                break;
            }
        }

        var local = new StringBuilder();
        for (var k = start; k < (at < 0 ? end : at); k++)
        {
            var tok = t[k];
            if (tok.Kind == Kind.Quoted)
            {
                local.Append(Decode(tok.Text!));
            }
            else if (tok.Kind is Kind.Atom)
            {
                local.Append(Decode(s[tok.Start..tok.End]));
            }
            else if (tok.Kind != Kind.Comment)
            {
                clean = false;
            }
        }

        var domain = new StringBuilder();
        if (at >= 0)
        {
            for (var k = at + 1; k < end; k++)
            {
                var tok = t[k];
                if (tok.Kind is Kind.Atom or Kind.DomainLiteral)
                {
                    domain.Append(Decode(s[tok.Start..tok.End]));
                }
                else if (tok.Kind != Kind.Comment)
                {
                    clean = false;
                }
            }
        }

        if (local.Length == 0 && domain.Length == 0)
        {
            // "<>" is the null reverse-path: valid in Return-Path, not an address.
            return null;
        }

        if (at < 0 || domain.Length == 0 || local.Length == 0)
        {
            clean = false;
        }

        return new MailboxAddress(name, local.ToString(), domain.ToString().TrimEnd('.'));
    }

    private static string? Phrase(ReadOnlySpan<byte> s, List<Token> t, int start, int end)
    {
        var raw = new List<byte>();
        for (var k = start; k < end; k++)
        {
            var tok = t[k];
            if (tok.Kind is Kind.Comment or Kind.Special)
            {
                continue;
            }

            if (raw.Count > 0)
            {
                raw.Add((byte)' ');
            }

            if (tok.Kind == Kind.Quoted)
            {
                raw.AddRange(tok.Text!);
            }
            else
            {
                raw.AddRange(s[tok.Start..tok.End]);
            }
        }

        if (raw.Count == 0)
        {
            return null;
        }

        var text = Rfc2047.DecodeText(raw.ToArray(), out _).Trim();
        return text.Length == 0 ? null : text;
    }

    private static string Decode(ReadOnlySpan<byte> bytes) =>
        Ascii.IsValid(bytes) ? Encoding.ASCII.GetString(bytes) : Encodings.MimeCharsets.DecodeUnknown(bytes);
}
