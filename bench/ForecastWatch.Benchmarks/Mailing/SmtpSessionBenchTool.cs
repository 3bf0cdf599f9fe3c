using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ForecastWatch.Hosting;
using ForecastWatch.Mail.Net;
using ForecastWatch.Mailing;
using ForecastWatch.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Benchmarks.Mailing;

/// <summary>
/// Outbox delivery of N queued messages through the SMTP transport to an in-process loopback server with implicit
/// TLS (a fresh self-signed certificate, pinned), once with one session per run and once with
/// <c>MaxMessagesPerSession = 1</c> (a connection, TLS handshake and EHLO per message, as before session reuse).
/// </summary>
internal sealed class SmtpSessionBenchTool : IBenchTool
{
    public string Name => "smtp-session";

    public string Description => "outbox delivery over SMTP+TLS: one session per run vs one connection per message [--mails N]";

    public async Task<int> RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--mails");
        var mails = i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 500;
        await using var server = new LoopbackSmtpServer();
        foreach (var (label, perSession) in new[] { ("one session per run", 10_000), ("one connection per message", 1), ("one session per run (again)", 10_000) })
        {
            var root = Path.Combine(Path.GetTempPath(), "fw-bench-smtp-" + Guid.NewGuid().ToString("N"));
            try
            {
                var app = Options.Create(new ForecastWatchOptions { DataDirectory = root });
                var connections = new SqliteConnectionFactory(app);
                await new MigrationRunner(connections).ApplyPendingAsync(CancellationToken.None).ConfigureAwait(false);
                var db = new SqliteMailingDatabase(connections);
                await EnqueueAsync(db, mails).ConfigureAwait(false);
                var mailing = new MailingOptions { DeliveryBatchSize = mails };
                var connector = new MailServerConnector(Options.Create(new MailServerOptions
                {
                    Smtp = new MailEndpointOptions
                    {
                        Host = "localhost", Port = server.Port, TlsMode = MailTlsMode.Implicit, PinnedSha256 = server.Sha256, MaxMessagesPerSession = perSession,
                    },
                }), TimeProvider.System);
                var delivery = new OutboxDeliveryService(
                    db, new SmtpMailTransport(connector, TimeProvider.System), ResiliencePipelines.BuildMailDelivery(mailing, TimeProvider.System),
                    Options.Create(mailing), TimeProvider.System, NullLogger<OutboxDeliveryService>.Instance);
                var before = server.Connections;
                var sw = Stopwatch.StartNew();
                var report = await delivery.DeliverDueAsync(DateTimeOffset.MaxValue.AddYears(-1), CancellationToken.None).ConfigureAwait(false);
                sw.Stop();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label}: {report.Sent}/{mails} sent over {server.Connections - before} connection(s) in {sw.Elapsed.TotalMilliseconds:F0} ms ({report.Sent / sw.Elapsed.TotalSeconds:F0} msg/s)"));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }

        return 0;
    }

    private static async Task EnqueueAsync(SqliteMailingDatabase db, int count)
    {
        var connection = await db.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var tx = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (tx.ConfigureAwait(false))
            {
                var body = Encoding.ASCII.GetBytes("Subject: bench\r\n\r\n" + string.Concat(Enumerable.Repeat("A line of a prompt mail body.\r\n", 100)));
                for (var n = 0; n < count; n++)
                {
                    var message = new OutboxMessage($"bench{n}@example.test", "prompt", null, "forecastwatch@example.test", [$"editor{n}@example.test"], "bench", body);
                    await OutboxStore.EnqueueAsync(connection, tx, message, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), CancellationToken.None).ConfigureAwait(false);
                }

                await tx.CommitAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Accepts any number of implicit-TLS connections and accepts every message.</summary>
    private sealed class LoopbackSmtpServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly X509Certificate2 _certificate;
        private readonly Task _accept;
        private int _connections;

        public LoopbackSmtpServer()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1));
            _certificate = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
            Sha256 = Convert.ToHexString(SHA256.HashData(_certificate.RawData));
            _listener.Start();
            _accept = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string Sha256 { get; }

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref _connections);

                    // Replies to a pipelined batch go out as separate writes; without this, Nagle and delayed ACK
                    // add ~40 ms per transaction and hide what the bench measures.
                    client.NoDelay = true;
                    _ = ServeAsync(client);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            try
            {
                using (client)
                {
                    var ssl = new SslStream(client.GetStream());
                    await using (ssl.ConfigureAwait(false))
                    {
                        await ssl.AuthenticateAsServerAsync(_certificate).ConfigureAwait(false);
                        using var reader = new StreamReader(ssl, Encoding.ASCII);
                        await WriteAsync(ssl, "220 bench ESMTP").ConfigureAwait(false);
                        while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
                        {
                            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                            if (verb == "QUIT")
                            {
                                await WriteAsync(ssl, "221 bye").ConfigureAwait(false);
                                return;
                            }

                            await WriteAsync(ssl, verb switch
                            {
                                "EHLO" => "250-bench\r\n250-8BITMIME\r\n250 PIPELINING",
                                "DATA" => "354 go",
                                "MAIL" or "RCPT" or "RSET" or "NOOP" => "250 ok",
                                _ => "502 unknown",
                            }).ConfigureAwait(false);
                            if (verb == "DATA")
                            {
                                while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } data && data != ".")
                                {
                                }

                                await WriteAsync(ssl, "250 queued").ConfigureAwait(false);
                            }
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
            }
        }

        private static async Task WriteAsync(SslStream stream, string reply)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n")).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
            await _accept.ConfigureAwait(false);
            _stop.Dispose();
            _certificate.Dispose();
        }
    }
}
