namespace ForecastWatch.Domain.Replies;

/// <summary>One method's result from an <c>Authentication-Results</c> field (RFC 8601 section 2.2), e.g. <c>dkim=pass</c>.</summary>
public sealed record AuthenticationResult(string Method, string Result);

/// <summary>A parsed <c>Authentication-Results</c> field: who stamped it and the results it lists.</summary>
public sealed record AuthenticationResults(string AuthServId, IReadOnlyList<AuthenticationResult> Results)
{
    public string? ResultOf(string method) =>
        Results.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))?.Result;

    /// <summary>Parses one field value; null when it has no authserv-id.</summary>
    public static AuthenticationResults? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var clauses = SplitOutsideQuotes(StripComments(value), ';');
        // RFC 8601 section 2.2: authserv-id [ CFWS authres-version ]; the version is an optional number.
        var head = clauses[0].Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (head.Length == 0)
        {
            return null;
        }

        var results = new List<AuthenticationResult>();
        foreach (var clause in clauses.Skip(1))
        {
            var token = clause.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            var eq = token?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (token is null || eq <= 0)
            {
                continue;
            }

            // "dkim/1=pass": the method version is not part of the name.
            var method = token[..eq].Split('/')[0].Trim();
            results.Add(new AuthenticationResult(method.ToLowerInvariant(), token[(eq + 1)..].Trim().ToLowerInvariant()));
        }

        return new AuthenticationResults(head[0].Trim('"'), results);
    }

    private static string StripComments(string value)
    {
        var output = new System.Text.StringBuilder(value.Length);
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                if (depth == 0)
                {
                    output.Append(c).Append(value[i + 1]);
                }

                i++;
                continue;
            }

            if (c == '"' && depth == 0)
            {
                quoted = !quoted;
            }
            else if (c == '(' && !quoted)
            {
                depth++;
                continue;
            }
            else if (c == ')' && !quoted && depth > 0)
            {
                depth--;
                continue;
            }

            if (depth == 0)
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    private static List<string> SplitOutsideQuotes(string value, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (value[i] == separator && !quoted)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }
}
