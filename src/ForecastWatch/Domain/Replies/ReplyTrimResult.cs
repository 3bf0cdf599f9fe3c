namespace ForecastWatch.Domain.Replies;

/// <summary>What the trimmer kept of a reply, and why it stopped where it did.</summary>
/// <param name="Text">The lines the sender wrote, without quotes, quote headers, forwarded blocks or signatures.</param>
/// <param name="Cut">What ended the sender's text, or <see cref="ReplyCutKind.None"/> when nothing was cut.</param>
/// <param name="CutLine">The zero-based line of the input where the cut was made, or -1.</param>
/// <param name="QuotedLinesRemoved">How many quoted (<c>&gt;</c>) lines were dropped, including interleaved ones.</param>
internal sealed record ReplyTrimResult(string Text, ReplyCutKind Cut, int CutLine, int QuotedLinesRemoved)
{
    /// <summary>True when anything at all was removed from the input.</summary>
    public bool WasTrimmed => Cut != ReplyCutKind.None || QuotedLinesRemoved > 0;
}

/// <summary>The kind of marker at which the sender's own text ends.</summary>
public enum ReplyCutKind
{
    /// <summary>Nothing was cut.</summary>
    None,

    /// <summary>An attribution line such as "On Mon, ... wrote:" (or its translation) with no quote after it.</summary>
    Attribution,

    /// <summary>Outlook's "-----Original Message-----" separator (or its translation).</summary>
    OriginalMessage,

    /// <summary>An Outlook-style header block: From:/Sent:/To:/Subject: (or translations).</summary>
    HeaderBlock,

    /// <summary>A forwarded-message separator ("---------- Forwarded message ---------", "Begin forwarded message:").</summary>
    Forwarded,

    /// <summary>A signature separator: "-- " (RFC 3676 section 4.3) or a bare "--".</summary>
    Signature,

    /// <summary>A mobile client's signature such as "Sent from my iPhone".</summary>
    MobileSignature,
}
