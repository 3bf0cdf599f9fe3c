using System.Diagnostics;
using System.Globalization;
using System.Text;
using ForecastWatch.Mail.Imap;
using ForecastWatch.Mail.Net;

namespace ForecastWatch.Benchmarks.Imap;

/// <summary>
/// Appends N messages to a fresh folder on the loopback Dovecot, then times UID FETCH of all of them
/// (BODY.PEEK[] + FLAGS + RFC822.SIZE + INTERNALDATE + ENVELOPE), several runs, and deletes the folder.
/// Needs scripts/mail/start-mailserver.sh.
/// </summary>
internal sealed class ImapFetchBenchTool : IBenchTool
{
    public string Name => "imap-fetch";

    public string Description => "fetch N messages (default 1000) from the loopback Dovecot: messages/s [--count N] [--size BYTES] [--runs R] [--plain] [--keep | --folder NAME]";

    public async Task<int> RunAsync(string[] args)
    {
        var count = IntArg(args, "--count", 1000);
        var size = IntArg(args, "--size", 8 * 1024);
        var runs = IntArg(args, "--runs", 5);
        var plain = args.Contains("--plain");
        var host = Environment.GetEnvironmentVariable("FW_MAIL_SERVER") is { Length: > 0 } h ? h : "127.0.0.1";
        var root = Environment.GetEnvironmentVariable("FW_MAIL_ROOT") is { Length: > 0 } r ? r : "/tmp/fw-mail";
        var options = new ImapClientOptions
        {
            Tls = MailTlsOptions.TrustCertificateFile(Path.Combine(root, "tls", "cert.pem")),
            AllowInsecureAuthentication = plain,
        };

        await using var client = new ImapClient(options);
        await client.ConnectAsync(host, plain ? 1143 : 1993, plain ? MailTlsMode.None : MailTlsMode.Implicit);
        await client.AuthenticateAsync("editor@example.test", "editor-pass");

        // --keep leaves the filled folder behind and --folder reuses it, so interleaved rounds of several clients
        // (imaplib_fetch.py takes --folder too) fetch the same messages without appending them again each time.
        var reuse = Array.IndexOf(args, "--folder") is var f and >= 0 && f + 1 < args.Length ? args[f + 1] : null;
        var keep = reuse is not null || args.Contains("--keep");
        var folder = reuse ?? "fw-bench-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            if (reuse is null)
            {
                await client.CreateFolderAsync(folder);
                var append = Stopwatch.StartNew();
                for (var i = 0; i < count; i++)
                {
                    await client.AppendAsync(folder, CreateMessage(i, size));
                }

                append.Stop();
                Console.WriteLine($"appended {count} messages of ~{size} bytes to {folder} in {append.Elapsed.TotalSeconds:0.00} s ({count / append.Elapsed.TotalSeconds:0} msg/s)");
            }

            await client.ExamineAsync(folder);
            var uids = await client.SearchAsync(ImapSearchQuery.All);
            var rates = new List<double>();
            var cpus = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                long bytes = 0;
                var fetched = 0;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                await foreach (var m in client.FetchStreamAsync(uids, ImapFetchItems.Summary | ImapFetchItems.Body))
                {
                    bytes += m.Body!.Length;
                    fetched++;
                    m.Dispose();
                }

                watch.Stop();
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                cpus.Add(cpu.TotalMilliseconds * 1000 / fetched);
                var rate = fetched / watch.Elapsed.TotalSeconds;
                rates.Add(rate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run + 1}: {fetched} messages, {bytes / 1048576.0:0.0} MB in {watch.Elapsed.TotalMilliseconds:0} ms: {rate:0} msg/s, {bytes / 1048576.0 / watch.Elapsed.TotalSeconds:0.0} MB/s, {allocated / fetched / 1024.0:0.0} KB allocated/message, {cpu.TotalMilliseconds * 1000 / fetched:0.0} us CPU/message"));
                if (fetched != count)
                {
                    Console.Error.WriteLine($"expected {count} messages, fetched {fetched}");
                    return 1;
                }
            }

            rates.Sort();
            cpus.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"imap-fetch ({(plain ? "plain" : "TLS")}): median {rates[rates.Count / 2]:0} msg/s, best {rates[^1]:0} msg/s, median {cpus[cpus.Count / 2]:0.0} us CPU/message over {runs} runs"));
            return 0;
        }
        finally
        {
            if (!keep)
            {
                await client.SelectAsync("INBOX");
                await client.DeleteFolderAsync(folder);
            }

            await client.DisconnectAsync();
        }
    }

    private static byte[] CreateMessage(int i, int size)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"From: Desk <desk@example.test>\r\nTo: editor@example.test\r\nSubject: bench message {i}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Message-ID: <bench-{i}-{Guid.NewGuid():N}@forecastwatch.test>\r\nDate: Mon, 23 Nov 2026 05:00:00 +0000\r\n");
        sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        var line = 0;
        while (sb.Length < size)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Line {line++}: the forecast said it would happen by the end of the year, and it did not.\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    internal static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
