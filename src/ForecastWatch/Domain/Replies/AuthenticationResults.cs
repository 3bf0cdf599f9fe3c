using System.Text;

namespace ForecastWatch.Domain.Replies;

/// <summary>One <c>ptype.property=value</c> of a result (RFC 8601 section 2.2 propspec), e.g. <c>header.d=example.com</c>.</summary>
/// <param name="Type">The ptype, lower case (<c>smtp</c>, <c>header</c>, <c>body</c>, <c>policy</c>).</param>
/// <param name="Name">The property, lower case (<c>d</c>, <c>i</c>, <c>from</c>, <c>mailfrom</c>).</param>
/// <param name="Value">The value as written, with quoting removed.</param>
public sealed record AuthenticationProperty(string Type, string Name, string Value);

/// <summary>One method's result from an <c>Authentication-Results</c> field (RFC 8601 section 2.2), e.g. <c>dkim=pass</c>.</summary>
/// <param name="Method">The method, lower case, without its version.</param>
/// <param name="Result">The result keyword, lower case.</param>
public sealed record AuthenticationResult(string Method, string Result)
{
    /// <summary>The properties given for this result, in order.</summary>
    public IReadOnlyList<AuthenticationProperty> Properties { get; init; } = [];

    /// <summary>The value of the first property <paramref name="type"/>.<paramref name="name"/>, or null.</summary>
    public string? Property(string type, string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Type, type, StringComparison.OrdinalIgnoreCase)
            && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>A parsed <c>Authentication-Results</c> field: who stamped it and the results it lists.</summary>
public sealed record AuthenticationResults(string AuthServId, IReadOnlyList<AuthenticationResult> Results)
{
    public string? ResultOf(string method) =>
        Results.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))?.Result;

    /// <summary>Every result of <paramref name="method"/>, in order (a message may carry several DKIM signatures).</summary>
    public IEnumerable<AuthenticationResult> ResultsOf(string method) =>
        Results.Where(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Parses one field value; null when it has no authserv-id. Lenient: CFWS is allowed wherever RFC 8601 section
    /// 2.2 allows it, and a malformed resinfo is skipped up to the next <c>;</c> without losing the others.
    /// </summary>
    public static AuthenticationResults? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var i = 0;
        SkipCfws(value, ref i);
        var authServId = ReadValue(value, ref i);
        if (authServId.Length == 0)
        {
            return null;
        }

        var results = new List<AuthenticationResult>();
        while (true)
        {
            // The optional authres-version after the authserv-id, and anything unreadable, ends at the next ';'.
            SkipToSemicolon(value, ref i);
            if (i >= value.Length)
            {
                break;
            }

            i++;
            if (ReadResult(value, ref i) is { } result)
            {
                results.Add(result);
            }
        }

        return new AuthenticationResults(authServId, results);
    }

    // resinfo = [CFWS] ";" methodspec [ CFWS reasonspec ] [ CFWS 1*propspec ]  (RFC 8601 section 2.2)
    private static AuthenticationResult? ReadResult(string s, ref int i)
    {
        SkipCfws(s, ref i);
        var method = ReadToken(s, ref i);
        SkipCfws(s, ref i);
        if (At(s, i, '/'))
        {
            // "dkim/1=pass": the method version is not part of the name.
            i++;
            SkipCfws(s, ref i);
            ReadToken(s, ref i);
            SkipCfws(s, ref i);
        }

        if (method.Length == 0 || !At(s, i, '='))
        {
            // "none" (no result at all) or garbage.
            return null;
        }

        i++;
        SkipCfws(s, ref i);
        var result = ReadToken(s, ref i);
        if (result.Length == 0)
        {
            return null;
        }

        var properties = new List<AuthenticationProperty>();
        while (ReadProperty(s, ref i) is { } property)
        {
            if (property.Type.Length > 0)
            {
                properties.Add(property);
            }
        }

        return new AuthenticationResult(method.ToLowerInvariant(), result.ToLowerInvariant()) { Properties = properties };
    }

    // propspec = ptype [CFWS] "." [CFWS] property [CFWS] "=" pvalue, or reasonspec = "reason" [CFWS] "=" [CFWS] value.
    // Returns null at the end of the resinfo; a reason comes back with an empty Type and is dropped by the caller.
    private static AuthenticationProperty? ReadProperty(string s, ref int i)
    {
        var name = new StringBuilder();
        while (true)
        {
            SkipCfws(s, ref i);
            if (i >= s.Length || s[i] == ';')
            {
                return null;
            }

            if (s[i] == '=')
            {
                break;
            }

            var token = s[i] == '"' ? ReadQuoted(s, ref i) : ReadToken(s, ref i);
            if (token.Length == 0)
            {
                i++;
                continue;
            }

            // "header . d" is one name; two unrelated words in a row mean the first one was stray.
            if (name.Length > 0 && name[^1] != '.' && token[0] != '.')
            {
                name.Clear();
            }

            name.Append(token);
        }

        i++;
        SkipCfws(s, ref i);
        var text = ReadValue(s, ref i);
        if (At(s, i, '@'))
        {
            // pvalue = [ [ local-part ] "@" ] domain-name, where local-part may be a quoted-string.
            i++;
            text = text + "@" + Read(s, ref i, inValue: true);
        }

        var full = name.ToString();
        var dot = full.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 || dot == full.Length - 1
            ? new AuthenticationProperty("", full.ToLowerInvariant(), text)
            : new AuthenticationProperty(full[..dot].ToLowerInvariant(), full[(dot + 1)..].ToLowerInvariant(), text);
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    // A value is a token or a quoted-string. Read leniently: verifiers write header.b=ab/c+d= and
    // header.i=@example.com unquoted although '/', '=' and '@' are tspecials (RFC 2045 section 5.1).
    private static string ReadValue(string s, ref int i) => At(s, i, '"') ? ReadQuoted(s, ref i) : Read(s, ref i, inValue: true);

    // A method, result or property name: ends at '=', '/' and '@' as well. '.' stays inside, so "header.d" is one word.
    private static string ReadToken(string s, ref int i) => Read(s, ref i, inValue: false);

    private static string Read(string s, ref int i, bool inValue)
    {
        var start = i;
        while (i < s.Length && !char.IsWhiteSpace(s[i]) && !char.IsControl(s[i]) && s[i] is not ('(' or ')' or ';' or '"')
               && (inValue || s[i] is not ('=' or '/' or '@')))
        {
            i++;
        }

        return s[start..i];
    }

    private static string ReadQuoted(string s, ref int i)
    {
        var text = new StringBuilder();
        i++;
        while (i < s.Length && s[i] != '"')
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
            }

            text.Append(s[i]);
            i++;
        }

        if (i < s.Length)
        {
            i++;
        }

        return text.ToString();
    }

    private static void SkipCfws(string s, ref int i)
    {
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
            }
            else if (s[i] == '(')
            {
                SkipComment(s, ref i);
            }
            else
            {
                return;
            }
        }
    }

    // Comments nest and may hold quoted-pairs (RFC 5322 section 3.2.2); an unclosed one runs to the end.
    private static void SkipComment(string s, ref int i)
    {
        var depth = 0;
        for (; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        i++;
                        return;
                    }

                    break;
            }
        }
    }

    private static void SkipToSemicolon(string s, ref int i)
    {
        while (i < s.Length && s[i] != ';')
        {
            if (s[i] == '"')
            {
                ReadQuoted(s, ref i);
            }
            else if (s[i] == '(')
            {
                SkipComment(s, ref i);
            }
            else
            {
                i++;
            }
        }
    }
}
