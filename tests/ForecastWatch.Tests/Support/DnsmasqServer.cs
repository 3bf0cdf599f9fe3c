using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ForecastWatch.Tests.Support;

/// <summary>
/// A real DNS server for tests: dnsmasq (Debian package dnsmasq-base; scripts/test.sh installs it) on a free loopback
/// port, serving the given TXT records and nothing else (no upstream, no /etc/hosts). Stopped by pid on dispose.
/// </summary>
internal sealed class DnsmasqServer : IDisposable
{
    private readonly Process _process;

    private DnsmasqServer(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static string? Executable =>
        new[] { "/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq" }.FirstOrDefault(File.Exists);

    /// <param name="txt">Record name and its strings (each at most 255 bytes, no commas; resolvers join them).</param>
    public static async Task<DnsmasqServer> StartAsync(IReadOnlyList<(string Name, IReadOnlyList<string> Strings)> txt)
    {
        var executable = Executable ?? throw new InvalidOperationException("dnsmasq is not installed (apt-get install dnsmasq-base).");
        var port = FreeUdpPort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--keep-in-foreground", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                     "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--pid-file=", "--log-facility=-", "--user=root"])
        {
            info.ArgumentList.Add(arg);
        }

        // Authoritative for the records' domains: a name it does not know there is NXDOMAIN, as from a real zone,
        // rather than REFUSED (which a resolver reports for a server that cannot tell).
        foreach (var zone in txt.Select(static t => t.Name[(t.Name.IndexOf("._domainkey.", StringComparison.Ordinal) + 12)..]).Distinct())
        {
            info.ArgumentList.Add($"--local=/{zone}/");
        }

        foreach (var (name, strings) in txt)
        {
            // dnsmasq splits the value at commas into the record's strings (a shell would have removed any quotes).
            info.ArgumentList.Add($"--txt-record={name}," + string.Join(',', strings));
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dnsmasq did not start.");
        var server = new DnsmasqServer(process, new IPEndPoint(IPAddress.Loopback, port));
        var client = new DnsClient.LookupClient(new DnsClient.LookupClientOptions(new DnsClient.NameServer(server.EndPoint))
        {
            Timeout = TimeSpan.FromMilliseconds(200),
            Retries = 0,
            UseCache = false,
            ThrowDnsErrors = false,
        });
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("dnsmasq exited: " + await process.StandardError.ReadToEndAsync());
            }

            try
            {
                var response = await client.QueryAsync(txt[0].Name, DnsClient.QueryType.TXT);
                if (!response.HasError)
                {
                    return server;
                }
            }
            catch (DnsClient.DnsResponseException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
        }

        server.Dispose();
        throw new InvalidOperationException("dnsmasq did not answer within 5 s.");
    }

    /// <summary>A loopback UDP endpoint that receives queries and never answers: a DNS timeout.</summary>
    public static UdpClient Silent() => new(new IPEndPoint(IPAddress.Loopback, 0));

    /// <summary>Splits a TXT value into strings of at most 255 characters.</summary>
    public static IReadOnlyList<string> Chunks(string value) =>
        [.. Enumerable.Range(0, (value.Length + 254) / 255).Select(i => value.Substring(i * 255, Math.Min(255, value.Length - (i * 255))))];

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}

/// <summary>A fact that needs dnsmasq; skipped when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DnsmasqFactAttribute : FactAttribute
{
    public DnsmasqFactAttribute()
    {
        if (DnsmasqServer.Executable is null)
        {
            Skip = "Needs dnsmasq (apt-get install dnsmasq-base; scripts/test.sh installs it).";
        }
    }
}
