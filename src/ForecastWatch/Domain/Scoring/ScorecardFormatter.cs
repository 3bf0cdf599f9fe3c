using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ForecastWatch.Domain.Scoring;

/// <summary>Output formats of <c>forecastwatch scorecard</c>.</summary>
public enum ScorecardFormat
{
    Table = 0,
    Json = 1,
    Csv = 2,
}

/// <summary>Renders a scorecard as a text table, JSON or CSV (invariant culture throughout).</summary>
public static class ScorecardFormatter
{
    public static readonly string[] CsvHeader =
    [
        "dimension", "group", "rank", "small_sample", "scored", "credit", "accuracy", "ci_low", "ci_high", "mean_brier",
        "skill_vs_50", "base_rate", "skill_vs_base_rate", "mean_log_score", "mean_days_due_to_resolution", "open",
        "overdue_unresolved", "void",
    ];

    public static string Format(Scorecard scorecard, ScorecardFormat format) => format switch
    {
        ScorecardFormat.Json => ToJson(scorecard),
        ScorecardFormat.Csv => ToCsv(scorecard),
        _ => ToTable(scorecard),
    };

    /// <summary>One row per group, then the overall row with dimension <c>all</c>. Calibration is only in JSON.</summary>
    public static string ToCsv(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var sb = new StringBuilder();
        Csv.AppendRow(sb, CsvHeader);
        foreach (var g in scorecard.Groups)
        {
            AppendCsv(sb, scorecard.Dimension.Name(), g);
        }

        AppendCsv(sb, "all", scorecard.Overall);
        return sb.ToString();
    }

    public static string ToJson(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer,
            new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("dimension", scorecard.Dimension.Name());
            w.WriteString("asOf", scorecard.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (scorecard.Since is { } since)
            {
                w.WriteString("since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                w.WriteNull("since");
            }

            w.WriteNumber("minSample", scorecard.Settings.MinSample);
            w.WriteNumber("unstatedProbability", scorecard.Settings.UnstatedProbability);
            w.WriteNumber("overdueGraceDays", scorecard.Settings.OverdueGraceDays);
            w.WriteBoolean("statedOnly", scorecard.Settings.StatedOnly);
            w.WriteBoolean("includeHindsight", scorecard.Settings.IncludeHindsight);
            w.WritePropertyName("overall");
            WriteGroup(w, scorecard.Overall);
            w.WriteStartArray("groups");
            foreach (var g in scorecard.Groups)
            {
                WriteGroup(w, g);
            }

            w.WriteEndArray();
            w.WriteNumber("voidCount", scorecard.VoidCount);
            w.WriteStartArray("voids");
            foreach (var v in scorecard.Voids)
            {
                w.WriteStartObject();
                w.WriteString("id", v.Id);
                w.WriteString("outlet", v.Outlet);
                w.WriteString("claim", v.Claim);
                NullableJson.Write(w, "reason", v.Reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteListed(w, "conditionNotMet", scorecard.ConditionNotMetCount, scorecard.ConditionNotMet);
            WriteListed(w, "hindsight", scorecard.HindsightCount, scorecard.Hindsight);
            w.WriteNumber("skippedCount", scorecard.SkippedCount);
            w.WriteStartArray("skipped");
            foreach (var s in scorecard.Skipped)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteStartArray("defects");
                foreach (var d in s.Defects)
                {
                    w.WriteStringValue(d);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    public static string ToTable(Scorecard scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"Scorecard by {scorecard.Dimension.Name()} as of {scorecard.AsOf:yyyy-MM-dd}");
        if (scorecard.Since is { } since)
        {
            sb.Append(inv, $", predictions due since {since:yyyy-MM-dd}");
        }

        sb.Append('\n').Append('\n');
        string[] header = ["Rank", Capitalize(scorecard.Dimension.Name()), "N", "Accuracy", "95% CI", "Brier", "Skill/50%", "Skill/base",
            "Log", "Days late", "Open", "Overdue", "Void"];
        var rows = new List<string[]> { header };
        rows.AddRange(scorecard.Groups.Select(TableRow));
        var overall = TableRow(scorecard.Overall);
        overall[0] = "";
        rows.Add(overall);
        AppendAligned(sb, rows, separatorBeforeLast: true);

        sb.Append('\n');
        sb.Append(inv, $"Small samples (fewer than {scorecard.Settings.MinSample} scored) are marked * and not ranked. ");
        sb.Append("Brier: 0 is perfect, 0.25 is a coin flip. Skill > 0 beats the reference. Days late: resolution date minus due date.\n");

        if (scorecard.Overall.Implied > 0 || scorecard.Overall.ImpliedLeftOut > 0)
        {
            var o = scorecard.Overall;
            sb.Append(scorecard.Settings.StatedOnly
                ? string.Create(inv, $"Stated probabilities only: {o.ImpliedLeftOut} predictions with implied probabilities ")
                    + "left out of Brier and log.\n"
                : string.Create(inv, $"{o.Implied} of {o.Scored} scored probabilities are implied (hedge words, or ")
                    + Percent(scorecard.Settings.UnstatedProbability) + " for a flat \"will\"); --stated-only leaves them out.\n");
        }

        AppendNumeric(sb, scorecard);

        var calibration = scorecard.Overall.Calibration.Where(static b => b.Count > 0).ToList();
        if (calibration.Count > 0)
        {
            sb.Append("\nCalibration (all predictions)\n");
            var cal = new List<string[]> { new[] { "Forecast", "N", "Mean forecast", "Came true" } };
            cal.AddRange(
                calibration.Select(b => new[] { b.Label, b.Count.ToString(inv), Percent(b.MeanPredicted), Percent(b.ObservedRate) }));
            AppendAligned(sb, cal, separatorBeforeLast: false);
        }

        if (scorecard.VoidCount > 0)
        {
            sb.Append(inv, $"\nVoid ({scorecard.VoidCount}, excluded from scores)\n");
            foreach (var v in scorecard.Voids)
            {
                sb.Append(inv, $"  {Clean(v.Id)}  {Clean(v.Outlet)}: {Clean(v.Claim)}");
                if (!string.IsNullOrWhiteSpace(v.Reason))
                {
                    sb.Append(inv, $" ({Clean(v.Reason)})");
                }

                sb.Append('\n');
            }

            if (scorecard.VoidCount > scorecard.Voids.Count)
            {
                sb.Append(inv, $"  ... and {scorecard.VoidCount - scorecard.Voids.Count} more\n");
            }
        }

        AppendListed(sb, "Condition not met", scorecard.ConditionNotMetCount, scorecard.ConditionNotMet);
        AppendListed(
            sb,
            "Hindsight: horizon ended before publication (--include-hindsight scores them)",
            scorecard.HindsightCount,
            scorecard.Hindsight);

        if (scorecard.SkippedCount > 0)
        {
            sb.Append(inv, $"\nSkipped ({scorecard.SkippedCount} unusable rows)\n");
            foreach (var s in scorecard.Skipped)
            {
                sb.Append(inv, $"  {Clean(s.Id)}: {Clean(string.Join("; ", s.Defects))}\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats a proportion as a percentage with one decimal, or "-" when undefined.</summary>
    public static string Percent(double? value) =>
        value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    public static string Decimal(double? value, string format = "0.000") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    public static string Signed(double? value, string format = "+0.00;-0.00;0.00") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    /// <summary>Control characters (newlines in a claim, ANSI escapes) would break the layout or the terminal.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        return string.Create(text.Length, text, static (span, t) =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                span[i] = char.IsControl(t[i]) ? ' ' : t[i];
            }
        });
    }

    private static string[] TableRow(GroupScore g)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            g.Rank?.ToString(inv) ?? "-",
            Clean(g.Key) + (g.IsSmallSample && g.Key != "all" ? " *" : ""),
            g.Scored.ToString(inv),
            Percent(g.Accuracy),
            g.Interval is { } ci ? $"{Percent(ci.Low)}-{Percent(ci.High)}" : "-",
            Decimal(g.MeanBrier),
            Signed(g.SkillVsCoinFlip),
            Signed(g.SkillVsBaseRate),
            Decimal(g.MeanLogScore, "0.00"),
            Signed(g.MeanDaysDueToResolution, "+0.0;-0.0;0.0"),
            g.Open.ToString(inv),
            g.OverdueUnresolved.ToString(inv),
            g.Void.ToString(inv),
        ];
    }

    private static void AppendAligned(StringBuilder sb, List<string[]> rows, bool separatorBeforeLast)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            if (r == 1 || (separatorBeforeLast && r == rows.Count - 1))
            {
                sb.Append('-', widths.Sum() + (2 * (widths.Length - 1))).Append('\n');
            }

            var line = new StringBuilder();
            for (var i = 0; i < rows[r].Length; i++)
            {
                if (i > 0)
                {
                    line.Append("  ");
                }

                // Text columns (the group name) align left, numbers right.
                if (i == 1)
                {
                    line.Append(rows[r][i].PadRight(widths[i]));
                }
                else
                {
                    line.Append(rows[r][i].PadLeft(widths[i]));
                }
            }

            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }

    private static void AppendCsv(StringBuilder sb, string dimension, GroupScore g)
    {
        Csv.AppendRow(
            sb,
            dimension,
            g.Key,
            Csv.Number(g.Rank),
            g.IsSmallSample ? "true" : "false",
            Csv.Number(g.Scored),
            Csv.Number(g.Credit),
            Csv.Number(g.Accuracy),
            Csv.Number(g.Interval?.Low),
            Csv.Number(g.Interval?.High),
            Csv.Number(g.MeanBrier),
            Csv.Number(g.SkillVsCoinFlip),
            Csv.Number(g.BaseRate),
            Csv.Number(g.SkillVsBaseRate),
            Csv.Number(g.MeanLogScore),
            Csv.Number(g.MeanDaysDueToResolution),
            Csv.Number(g.Open),
            Csv.Number(g.OverdueUnresolved),
            Csv.Number(g.Void));
    }

    private static void WriteGroup(Utf8JsonWriter w, GroupScore g)
    {
        w.WriteStartObject();
        w.WriteString("key", g.Key);
        NullableJson.Write(w, "rank", g.Rank);
        w.WriteBoolean("smallSample", g.IsSmallSample);
        w.WriteNumber("scored", g.Scored);
        w.WriteNumber("credit", g.Credit);
        NullableJson.Write(w, "accuracy", g.Accuracy);
        NullableJson.Write(w, "ciLow", g.Interval?.Low);
        NullableJson.Write(w, "ciHigh", g.Interval?.High);
        NullableJson.Write(w, "meanBrier", g.MeanBrier);
        NullableJson.Write(w, "skillVs50", g.SkillVsCoinFlip);
        NullableJson.Write(w, "baseRate", g.BaseRate);
        NullableJson.Write(w, "skillVsBaseRate", g.SkillVsBaseRate);
        NullableJson.Write(w, "meanLogScore", g.MeanLogScore);
        NullableJson.Write(w, "meanDaysDueToResolution", g.MeanDaysDueToResolution);
        w.WriteNumber("open", g.Open);
        w.WriteNumber("overdueUnresolved", g.OverdueUnresolved);
        w.WriteNumber("void", g.Void);
        w.WriteNumber("conditionNotMet", g.ConditionNotMet);
        w.WriteNumber("hindsight", g.Hindsight);
        w.WriteNumber("implied", g.Implied);
        w.WriteNumber("impliedLeftOut", g.ImpliedLeftOut);
        if (g.Numeric is { } n)
        {
            w.WriteStartObject("numeric");
            w.WriteNumber("count", n.Count);
            w.WriteNumber("hits", n.Hits);
            w.WriteNumber("hitRate", n.HitRate);
            w.WriteNumber("hitCiLow", n.HitInterval.Low);
            w.WriteNumber("hitCiHigh", n.HitInterval.High);
            w.WriteNumber("withError", n.WithError);
            NullableJson.Write(w, "medianApe", n.MedianApe);
            NullableJson.Write(w, "meanPercentError", n.MeanPercentError);
            w.WriteNumber("tooHigh", n.TooHigh);
            w.WriteNumber("tooLow", n.TooLow);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("numeric");
        }

        w.WriteStartArray("calibration");
        foreach (var b in g.Calibration)
        {
            w.WriteStartObject();
            w.WriteNumber("lower", b.Lower);
            w.WriteNumber("upper", b.Upper);
            w.WriteNumber("count", b.Count);
            NullableJson.Write(w, "meanPredicted", b.MeanPredicted);
            NullableJson.Write(w, "observed", b.ObservedRate);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }




    private static void WriteListed(Utf8JsonWriter w, string name, int count, IReadOnlyList<VoidedPrediction> listed)
    {
        w.WriteNumber(name + "Count", count);
        w.WriteStartArray(name);
        foreach (var v in listed)
        {
            w.WriteStartObject();
            w.WriteString("id", v.Id);
            w.WriteString("outlet", v.Outlet);
            w.WriteString("claim", v.Claim);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void AppendListed(StringBuilder sb, string title, int count, IReadOnlyList<VoidedPrediction> listed)
    {
        if (count == 0)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"\n{title} ({count}, excluded from scores)\n");
        foreach (var v in listed)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {Clean(v.Id)}  {Clean(v.Outlet)}: {Clean(v.Claim)}\n");
        }

        if (count > listed.Count)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  ... and {count - listed.Count} more\n");
        }
    }

    private static void AppendNumeric(StringBuilder sb, Scorecard scorecard)
    {
        var groups = scorecard.Groups.Where(static g => g.Numeric is not null).ToList();
        if (scorecard.Overall.Numeric is null)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append("\nNumeric forecasts (thresholds and ranges, scored by their error)\n");
        var rows = new List<string[]>
        {
            new[] { Capitalize(scorecard.Dimension.Name()), "N", "Hit rate", "95% CI", "Median APE", "Bias", "High", "Low" },
        };
        foreach (var g in groups.Append(scorecard.Overall))
        {
            var n = g.Numeric!;
            rows.Add(
            [
                g.Key, n.Count.ToString(inv), Percent(n.HitRate), $"{Percent(n.HitInterval.Low)}-{Percent(n.HitInterval.High)}",
                n.MedianApe is { } m ? m.ToString("0.0", inv) + "%" : "-",
                n.MeanPercentError is { } b ? b.ToString("+0.0;-0.0;0.0", inv) + "%" : "-",
                n.TooHigh.ToString(inv), n.TooLow.ToString(inv),
            ]);
        }

        AppendAligned(sb, rows, separatorBeforeLast: true);
        sb.Append("APE: absolute percentage error, the distance from the observed value to the forecast range as a share of the value. ");
        sb.Append("Bias > 0: forecasts too high.\n");
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
