using System.Globalization;

namespace ForecastWatch.Mail.Smtp;

/// <summary>An RFC 3463 enhanced status code such as <c>5.1.1</c>.</summary>
/// <param name="Class">2 success, 4 persistent transient failure, 5 permanent failure.</param>
/// <param name="Subject">0-7: other, addressing, mailbox, mail system, network, delivery protocol, content, security.</param>
/// <param name="Detail">The detail number within the subject.</param>
public readonly record struct SmtpEnhancedStatusCode(int Class, int Subject, int Detail)
{
    /// <summary>Parses <c>class.subject.detail</c> at the start of <paramref name="text"/> (RFC 3463 section 2).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SmtpEnhancedStatusCode code, out int length)
    {
        code = default;
        length = 0;
        if (text.Length < 5 || text[0] is not ('2' or '4' or '5') || text[1] != '.')
        {
            return false;
        }

        var i = 2;
        if (!ReadNumber(text, ref i, out var subject) || i >= text.Length || text[i] != '.')
        {
            return false;
        }

        i++;
        if (!ReadNumber(text, ref i, out var detail) || (i < text.Length && text[i] != ' '))
        {
            return false;
        }

        code = new SmtpEnhancedStatusCode(text[0] - '0', subject, detail);
        length = i;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Class}.{Subject}.{Detail}");

    private static bool ReadNumber(ReadOnlySpan<char> text, ref int i, out int value)
    {
        value = 0;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]) && digits < 3)
        {
            value = (value * 10) + (text[i] - '0');
            i++;
            digits++;
        }

        return digits > 0 && (i >= text.Length || !char.IsAsciiDigit(text[i]));
    }
}

/// <summary>A complete (possibly multi-line) SMTP reply, RFC 5321 section 4.2.</summary>
/// <param name="Code">The three-digit reply code.</param>
/// <param name="Lines">The text of each line, without the code and separator.</param>
public sealed record SmtpReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>The enhanced status code from the first line, when the server sent one (RFC 2034).</summary>
    public SmtpEnhancedStatusCode? EnhancedStatus =>
        Lines.Count > 0 && SmtpEnhancedStatusCode.TryParse(Lines[0], out var code, out _) && code.Class == Code / 100 ? code : null;

    /// <summary>The text of all lines joined by a space, without the enhanced status code.</summary>
    public string Text
    {
        get
        {
            var lines = Lines.Select(static l =>
                SmtpEnhancedStatusCode.TryParse(l, out _, out var n) ? l[n..].TrimStart() : l);
            return string.Join(" ", lines);
        }
    }

    /// <summary>2xx.</summary>
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>3xx: the server wants more (DATA, AUTH challenges).</summary>
    public bool IsIntermediate => Code is >= 300 and < 400;

    /// <summary>4xx: a transient failure; the same command may succeed later.</summary>
    public bool IsTransientFailure => Code is >= 400 and < 500;

    /// <summary>5xx: a permanent failure.</summary>
    public bool IsPermanentFailure => Code >= 500;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code} {string.Join(" / ", Lines)}");
}
