using System.Globalization;

namespace ForecastWatch.Hosting;

/// <summary>
/// Progress of one long piece of work (count, rate, time left) for people watching it. On a terminal it redraws one
/// line with <c>\r</c>; otherwise (redirected stderr, the worker's log) it emits a plain line every
/// <see cref="DefaultInterval"/>. Work that ends before the first report prints nothing at all, so short commands and
/// their captured output are unchanged. Time comes only from the <see cref="TimeProvider"/>; output never goes to stdout.
/// </summary>
internal sealed class ProgressReporter
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly string _label;
    private readonly string _unit;
    private readonly long? _total;
    private readonly TimeProvider _time;
    private readonly Action<string> _emit;
    private readonly TextWriter? _terminal;
    private readonly TimeSpan _interval;
    private readonly long _start;
    private readonly Lock _gate = new();
    private long _lastReport;
    private long _done;
    private int _drawnWidth;
    private bool _reported;
    private bool _completed;
    private string? _current;

    private ProgressReporter(string label, string unit, long? total, TimeProvider time, Action<string> emit, TextWriter? terminal,
        TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The progress interval must be positive.");
        }

        _label = label;
        _unit = unit;
        _total = total is < 0 ? null : total;
        _time = time;
        _emit = emit;
        _terminal = terminal;
        _interval = interval;
        _start = time.GetTimestamp();
        _lastReport = _start;
    }

    /// <summary>
    /// To <paramref name="error"/>: redrawn in place when it is the process's stderr on a terminal, plain lines every
    /// <paramref name="interval"/> (default <see cref="DefaultInterval"/>) otherwise.
    /// </summary>
    public static ProgressReporter ToWriter(string label, string unit, long? total, TextWriter error, TimeProvider time,
        TimeSpan? interval = null)
    {
        var terminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;
        return terminal
            ? new ProgressReporter(label, unit, total, time, error.Write, error, RedrawInterval)
            : new ProgressReporter(label, unit, total, time, error.WriteLine, null, interval ?? DefaultInterval);
    }

    /// <summary>Plain lines through <paramref name="log"/> (the worker's logger) every <paramref name="interval"/>.</summary>
    public static ProgressReporter ToLog(string label, string unit, long? total, Action<string> log, TimeProvider time,
        TimeSpan? interval = null) =>
        new(label, unit, total, time, log, null, interval ?? DefaultInterval);

    public long Done
    {
        get
        {
            lock (_gate)
            {
                return _done;
            }
        }
    }

    /// <summary>What is being worked on now (e.g. the migration running), shown at the end of each report.</summary>
    public string? Current
    {
        set
        {
            lock (_gate)
            {
                _current = value;
            }
        }
    }

    /// <summary>
    /// Counts <paramref name="count"/> more items done and reports if the interval has passed. <c>Advance(0)</c> from
    /// a timer keeps reporting while one long step runs. Safe to call from a timer thread.
    /// </summary>
    public void Advance(long count = 1)
    {
        lock (_gate)
        {
            AdvanceLocked(count);
        }
    }

    private void AdvanceLocked(long count)
    {
        if (_completed)
        {
            return;
        }

        _done += count;
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_lastReport, now) >= _interval)
        {
            _lastReport = now;
            Report(now, final: false);
        }
    }

    /// <summary>Ends the work: a last line if anything was reported (so short work stays silent), and the terminal line closed.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            CompleteLocked();
        }
    }

    private void CompleteLocked()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_reported)
        {
            Report(_time.GetTimestamp(), final: true);
            _terminal?.WriteLine();
        }
    }

    /// <summary>The text of one report, e.g. <c>import: 1,200/5,000 predictions (24%), 40/s, 1m35s left</c>.</summary>
    internal string Describe(TimeSpan elapsed, bool final)
    {
        var c = CultureInfo.InvariantCulture;
        var text = _total is { } total
            ? string.Create(c, $"{_label}: {_done:N0}/{total:N0} {_unit}")
            : string.Create(c, $"{_label}: {_done:N0} {_unit}");
        if (_total is > 0)
        {
            text += string.Create(c, $" ({Math.Min(100, _done * 100 / _total.Value)}%)");
        }

        var seconds = elapsed.TotalSeconds;
        var rate = seconds > 0 ? _done / seconds : 0;
        text += rate switch
        {
            >= 10 => string.Create(c, $", {rate:N0}/s"),
            > 0 and < 0.1 => string.Create(c, $", {rate * 60:0.0}/min"),
            _ => string.Create(c, $", {rate:0.0}/s"),
        };
        if (final)
        {
            return text + ", done in " + Duration(elapsed);
        }

        if (_total is { } t && rate > 0 && t >= _done)
        {
            return text + ", " + Duration(TimeSpan.FromSeconds((t - _done) / rate)) + " left";
        }

        return text + ", " + Duration(elapsed) + " elapsed";
    }

    internal static string Duration(TimeSpan span)
    {
        var s = (long)Math.Ceiling(span.TotalSeconds);
        return s switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{s}s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{s / 60}m{s % 60:D2}s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{s / 3600}h{s % 3600 / 60:D2}m"),
        };
    }

    private void Report(long now, bool final)
    {
        _reported = true;
        var text = Describe(_time.GetElapsedTime(_start, now), final);
        if (!final && _current is not null)
        {
            text += "; " + _current;
        }

        if (_terminal is null)
        {
            _emit(text);
            return;
        }

        // Pad over the previous, possibly longer, line.
        var padded = text.PadRight(_drawnWidth);
        _drawnWidth = text.Length;
        _emit("\r" + padded);
    }
}
