using System.Buffers;
using ForecastWatch.Mail.Encodings;

namespace ForecastWatch.Mail.Mime;

/// <summary>A leaf entity: text, an attachment, a delivery-status report. Content stays encoded until asked for.</summary>
public sealed class MimePart : MimeEntity
{
    private long _decodedSize = -1;

    internal MimePart(MimeHeaderList headers, ContentType contentType, ContentEncoding encoding, long offset, int line, MimeContent content)
        : base(headers, contentType, encoding, offset, line)
    {
        Content = content;
    }

    internal MimeContent Content { get; }

    /// <summary>Size of the content as transmitted (still transfer-encoded), in octets.</summary>
    public long EncodedSize => Content.Length;

    /// <summary>Size of the decoded content in octets (computed once by decoding through a counting pass).</summary>
    public long DecodedSize
    {
        get
        {
            if (_decodedSize < 0)
            {
                _decodedSize = ComputeDecodedSize();
            }

            return _decodedSize;
        }
    }

    /// <summary>True when disposition is attachment, or the part names a file, or it is not text.</summary>
    public bool IsAttachment =>
        ContentDisposition?.IsAttachment == true
        || (FileName is not null && !(ContentDisposition?.Disposition == "inline" && ContentType.MediaType == "text"));

    /// <summary>Opens the decoded content (base64/quoted-printable undone) as a read-only stream; dispose it.</summary>
    public Stream OpenRead() => Content.OpenDecoded(ContentTransferEncoding, out _);

    /// <summary>Decodes the content into <paramref name="destination"/>, in bounded memory.</summary>
    public async Task DecodeToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var source = Content.OpenDecoded(ContentTransferEncoding, out var decoder);
        await using (source.ConfigureAwait(false))
        {
            await source.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
        }

        ReportDecoderErrors(decoder?.ErrorCount ?? 0);
    }

    /// <summary>The decoded content as text in its declared charset (fallback: UTF-8 if valid, else windows-1252).</summary>
    public string GetText()
    {
        var bytes = Content.DecodeToArray(ContentTransferEncoding, out var length, out var errors);
        try
        {
            ReportDecoderErrors(errors);
            var text = MimeContent.DecodeText(bytes.AsSpan(0, length), ContentType.Charset, out var defect);
            if (defect is { } kind)
            {
                AddDefect(new MimeDefect(kind, Offset, Line, ContentType.Charset));
            }

            return text;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private long ComputeDecodedSize()
    {
        if (MimeDecoders.Create(ContentTransferEncoding) is null)
        {
            return Content.Length;
        }

        using var stream = Content.OpenDecoded(ContentTransferEncoding, out var decoder);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += n;
            }

            ReportDecoderErrors(decoder?.ErrorCount ?? 0);
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReportDecoderErrors(int errors)
    {
        if (errors > 0)
        {
            var kind = ContentTransferEncoding == ContentEncoding.Base64 ? MimeDefectKind.InvalidBase64 : MimeDefectKind.InvalidQuotedPrintable;
            AddDefect(new MimeDefect(kind, Offset, Line, $"{errors} malformed sequence(s)"));
        }
    }
}
