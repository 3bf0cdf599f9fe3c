using System.CommandLine;
using System.Globalization;
using ForecastWatch.Ingestion;
using ForecastWatch.Storage;

namespace ForecastWatch.Cli;

/// <summary>
/// <c>forecastwatch ingest [URL] [--file page.html --url URL] [--source NAME]</c>: without a URL, polls every source
/// once (what the job does); with one, takes that page; with <c>--file</c>, a saved page. Proposal emails are queued.
/// </summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var url = new Argument<string?>("URL") { Description = "One page to ingest by hand.", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file") { Description = "A saved HTML page (give its address with --url)." };
        var pageUrl = new Option<string?>("--url") { Description = "The address the --file page was saved from." };
        var source = new Option<string?>("--source")
        {
            Description = "Only this source (or: the source whose outlet and defaults the page gets)."
        };
        var command = new Command("ingest",
            "Fetch the configured feeds and sitemaps (or one page) and store new articles and their proposed predictions.")
        {
            url, file, pageUrl, source,
        };
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var service = context.Get<IngestService>();
            var sourceName = parseResult.GetValue(source);
            var named = sourceName is null ? null
                : service.Sources.FirstOrDefault(s => string.Equals(s.Name, sourceName, StringComparison.OrdinalIgnoreCase));
            if (sourceName is not null && named is null)
            {
                await context.Error.WriteLineAsync($"--source: no source named '{sourceName}' in ForecastWatch:Sources.")
                    .ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            IngestRunReport report;
            if (parseResult.GetValue(file) is { } path)
            {
                if (!TryUrl(parseResult.GetValue(pageUrl), out var address))
                {
                    await context.Error.WriteLineAsync("--file needs --url with the page's absolute http(s) address.")
                        .ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    await context.Error.WriteLineAsync($"{info.FullName}: no such file.").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                if (info.Length > ExtractCommand.MaxFileBytes)
                {
                    await context.Error.WriteLineAsync($"{info.FullName}: too large for a page (limit "
                        + $"{ExtractCommand.MaxFileBytes / (1024 * 1024)} MB).").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                var html = TextDecoding.Decode(await File.ReadAllBytesAsync(path, token).ConfigureAwait(false), null);
                report = await service.IngestFileAsync(html, address, named, token).ConfigureAwait(false);
            }
            else if (parseResult.GetValue(url) is { } text)
            {
                if (!TryUrl(text, out var address))
                {
                    await context.Error.WriteLineAsync($"'{text}' is not an absolute http(s) URL.").ConfigureAwait(false);
                    return ExitCodes.BadInput;
                }

                report = await service.IngestUrlAsync(address, named, token).ConfigureAwait(false);
            }
            else
            {
                var progress = context.Progress("ingest", "pages", null);
                report = await service.RunAsync(sourceName, _ => progress.Advance(), token).ConfigureAwait(false);
                progress.Complete();
                if (service.Sources.Count == 0)
                {
                    await context.Error.WriteLineAsync("No sources configured (ForecastWatch:Sources).").ConfigureAwait(false);
                }
            }

            foreach (var s in report.Sources)
            {
                await context.Out.WriteLineAsync($"{s.Source}: {s.Status}{(s.Error is null ? "" : " - " + s.Error)}").ConfigureAwait(false);
                foreach (var i in s.Items)
                {
                    var what = i.Change.ToString().ToLowerInvariant();
                    await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {what,-9} {i.ArticleId ?? "-"}  {i.Proposals} proposal(s)  "
                            + $"{i.Url}{(i.Note is null ? "" : "  (" + i.Note + ")")}")).ConfigureAwait(false);
                }
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{report.Count(IngestChange.Added)} added, {report.Count(IngestChange.Revised)} revised, "
                    + $"{report.Count(IngestChange.Unchanged)} unchanged, {report.Count(IngestChange.Skipped)} skipped, "
                    + $"{report.Count(IngestChange.Failed)} failed; {report.MailsQueued} proposal email(s) queued.")).ConfigureAwait(false);
            var failed = report.Count(IngestChange.Failed) > 0 || report.Sources.Any(static s => s.Error is not null);
            return failed ? ExitCodes.BadInput : ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static bool TryUrl(string? text, out Uri url) =>
        Uri.TryCreate(text, UriKind.Absolute, out url!) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}

/// <summary><c>forecastwatch sources</c>: each configured source with its last fetch, status, article count and errors.</summary>
internal static class SourcesCommand
{
    public static Command Create()
    {
        var command = new Command("sources", "List the configured feeds and sitemaps: last fetch, status, articles and errors.");
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            var configured = context.Get<IngestService>().Sources;
            await using var connection = await context.Get<IDatabase>().OpenAsync(token).ConfigureAwait(false);
            var states = (await IngestStore.GetSourcesAsync(connection, token).ConfigureAwait(false)).ToDictionary(static s => s.Name,
                StringComparer.OrdinalIgnoreCase);
            await context.Out.WriteLineAsync($"{"NAME",-16} {"KIND",-8} {"OUTLET",-16} {"LAST FETCH",-17} {"STATUS",-13} {"ARTICLES",8} "
                + $"{"ERRORS",6}  URL").ConfigureAwait(false);
            foreach (var s in configured)
            {
                var state = states.GetValueOrDefault(s.Name);
                var last = state?.LastFetchAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never";
                var status = s.Enabled ? state?.LastStatus ?? "-" : "disabled";
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name,-16} {s.Kind.ToString().ToLowerInvariant(),-8} {s.Outlet,-16} {last,-17} {status,-13} "
                        + $"{state?.Articles ?? 0,8} {state?.Errors ?? 0,6}  {s.Url}")).ConfigureAwait(false);
                if (state?.LastError is { } error)
                {
                    await context.Out.WriteLineAsync($"  ! {error}").ConfigureAwait(false);
                }
            }

            await context.Out.WriteLineAsync($"{configured.Count} source(s)").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}

/// <summary><c>forecastwatch articles [--since DATE]</c>: ingested article revisions with their proposals.</summary>
internal static class ArticlesCommand
{
    public static Command Create()
    {
        var since = new Option<DateTimeOffset?>("--since")
        {
            Description = "Only articles fetched at or after this ISO-8601 date or instant.",
            CustomParser = static result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (NowParser.TryParse(text, out var value))
                {
                    return value;
                }

                result.AddError($"--since: '{text}' is not an ISO-8601 date or date-time.");
                return null;
            },
        };
        var command = new Command("articles",
            "List ingested articles (each revision) with their proposed and accepted predictions.") { since };
        command.SetAction((parseResult, ct) => CommandHost.RunAsync(parseResult, null, useDatabase: true, async (context, token) =>
        {
            await using var connection = await context.Get<IDatabase>().OpenAsync(token).ConfigureAwait(false);
            var list = await IngestStore.GetArticlesAsync(connection,
                parseResult.GetValue(since) ?? DateTimeOffset.FromUnixTimeMilliseconds(0), token).ConfigureAwait(false);
            await context.Out.WriteLineAsync(
                $"{"FETCHED",-17} {"REV",3} {"PUBLISHED",-10} {"PROP",4} {"ACC",4} {"OUTLET",-14} {"ID",-40} TITLE").ConfigureAwait(false);
            foreach (var a in list)
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{a.FetchedAt:yyyy-MM-dd HH:mm} {a.Revision,3} {a.Published ?? "-",-10} {a.Proposed,4} {a.Accepted,4} {a.Outlet,-14} "
                        + $"{a.ArticleId,-40} {a.Title}")).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"  {a.CanonicalUrl}").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{list.Count} article revision(s)"))
                .ConfigureAwait(false);
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
