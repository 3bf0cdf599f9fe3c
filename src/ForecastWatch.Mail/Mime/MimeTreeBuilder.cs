using ForecastWatch.Mail.Encodings;
using ForecastWatch.Mail.IO;

namespace ForecastWatch.Mail.Mime;

/// <summary>Builds the message model from <see cref="MimeReader"/> events; bodies go to the spool as ranges.</summary>
internal sealed class MimeTreeBuilder(ContentSpool spool) : IMimeReaderHandler
{
    private const int ArenaChunk = 4096;

    private readonly List<Frame> _frames = [];
    private byte[] _arena = [];
    private int _arenaUsed;
    private MimeContent? _current;

    public MimeMessage? Root { get; private set; }

    private sealed class Frame(long offset, int line, bool isMessageRoot)
    {
        public long Offset { get; } = offset;

        public int Line { get; } = line;

        public bool IsMessageRoot { get; } = isMessageRoot;

        public List<MimeHeader> Headers { get; } = [];

        public List<MimeDefect>? PendingDefects { get; set; }

        public MimeEntity? Entity { get; set; }
    }

    public void OnEntityBegin(long offset, int line)
    {
        var parent = _frames.Count == 0 ? null : _frames[^1].Entity;
        _frames.Add(new Frame(offset, line, parent is null or MessagePart));
    }

    public void OnHeader(ReadOnlySpan<byte> field, int nameLength, int valueStart, long offset, int line)
    {
        if (_arena.Length - _arenaUsed < field.Length)
        {
            _arena = new byte[Math.Max(ArenaChunk, field.Length)];
            _arenaUsed = 0;
        }

        field.CopyTo(_arena.AsSpan(_arenaUsed));
        var memory = new ReadOnlyMemory<byte>(_arena, _arenaUsed, field.Length);
        _arenaUsed += field.Length;
        _frames[^1].Headers.Add(new MimeHeader(memory, nameLength, valueStart, offset, line));
    }

    public void OnHeadersEnd(ContentType contentType, ContentEncoding encoding, MimeEntityKind kind)
    {
        var frame = _frames[^1];
        var headers = new MimeHeaderList(frame.Headers);
        MimeEntity entity = kind switch
        {
            MimeEntityKind.Multipart => new Multipart(headers, contentType, encoding, frame.Offset, frame.Line),
            MimeEntityKind.Message => new MessagePart(headers, contentType, encoding, frame.Offset, frame.Line),
            _ => new MimePart(headers, contentType, encoding, frame.Offset, frame.Line, new MimeContent(spool, spool.Length)),
        };
        frame.Entity = entity;
        if (frame.PendingDefects is { } pending)
        {
            foreach (var d in pending)
            {
                entity.AddDefect(d);
            }

            frame.PendingDefects = null;
        }

        var parent = _frames.Count > 1 ? _frames[^2].Entity : null;
        MimeMessage? message = null;
        if (frame.IsMessageRoot)
        {
            message = new MimeMessage(entity, parent is null ? spool : null);
        }

        switch (parent)
        {
            case null:
                Root = message;
                break;
            case Multipart m:
                m.ChildList.Add(entity);
                break;
            case MessagePart mp:
                mp.Message = message;
                break;
        }
    }

    public void OnRegion(MimeBodyRegion region)
    {
        var entity = _frames[^1].Entity;
        _current = null;
        switch (region)
        {
            case MimeBodyRegion.Content when entity is MimePart part:
                _current = part.Content;
                break;
            case MimeBodyRegion.Preamble when entity is Multipart m:
                _current = m.Preamble = new MimeContent(spool, spool.Length);
                break;
            case MimeBodyRegion.Epilogue when entity is Multipart m:
                _current = m.Epilogue = new MimeContent(spool, spool.Length);
                break;
        }
    }

    public void OnBodyChunk(ReadOnlySpan<byte> data)
    {
        if (_current is null)
        {
            return;
        }

        spool.Append(data);
        _current.Length += data.Length;
    }

    public void OnEntityEnd()
    {
        _frames.RemoveAt(_frames.Count - 1);
        _current = null;
    }

    public void OnDefect(MimeDefectKind kind, long offset, int line, string? detail)
    {
        var defect = new MimeDefect(kind, offset, line, detail);
        if (_frames.Count == 0)
        {
            return;
        }

        var frame = _frames[^1];
        if (frame.Entity is { } entity)
        {
            entity.AddDefect(defect);
        }
        else
        {
            (frame.PendingDefects ??= []).Add(defect);
        }
    }
}
