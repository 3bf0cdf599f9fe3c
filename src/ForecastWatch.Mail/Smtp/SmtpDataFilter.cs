namespace ForecastWatch.Mail.Smtp;

/// <summary>
/// Prepares message bytes for DATA: dot-stuffs lines that start with '.' (RFC 5321 section 4.5.2), turns bare
/// LF and bare CR into CRLF (section 2.3.8), and on <see cref="Flush"/> ends the last line and adds the
/// terminating <c>.CRLF</c>. Stateful, so input may be split anywhere.
/// </summary>
internal sealed class SmtpDataFilter
{
    private bool atLineStart = true;
    private bool pendingCr;

    /// <summary>The largest output <see cref="Filter"/> can produce for <paramref name="inputLength"/> bytes.</summary>
    public static int MaxOutput(int inputLength) => (inputLength * 2) + 2;

    public int Filter(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var o = 0;
        foreach (var b in input)
        {
            if (pendingCr)
            {
                pendingCr = false;
                output[o++] = (byte)'\r';
                output[o++] = (byte)'\n';
                atLineStart = true;
                if (b == '\n')
                {
                    continue;
                }
            }

            switch (b)
            {
                case (byte)'\r':
                    pendingCr = true;
                    break;
                case (byte)'\n':
                    output[o++] = (byte)'\r';
                    output[o++] = (byte)'\n';
                    atLineStart = true;
                    break;
                case (byte)'.' when atLineStart:
                    output[o++] = (byte)'.';
                    output[o++] = (byte)'.';
                    atLineStart = false;
                    break;
                default:
                    output[o++] = b;
                    atLineStart = false;
                    break;
            }
        }

        return o;
    }

    /// <summary>Ends the data: at most 7 bytes (CR LF . CR LF).</summary>
    public int Flush(Span<byte> output)
    {
        var o = 0;
        if (pendingCr || !atLineStart)
        {
            output[o++] = (byte)'\r';
            output[o++] = (byte)'\n';
        }

        output[o++] = (byte)'.';
        output[o++] = (byte)'\r';
        output[o++] = (byte)'\n';
        pendingCr = false;
        atLineStart = true;
        return o;
    }
}
