using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ForecastWatch.Tests.Mailing;
using ForecastWatch.Tests.Support;

namespace ForecastWatch.Tests.Cluster;

/// <summary>
/// A fact that restarts PostgreSQL: it needs what <see cref="ClusterFactAttribute"/> needs and the PostgreSQL binaries
/// on this machine (Debian's package, as <c>scripts/pg/start-postgres.sh</c> uses them), since it starts a private
/// server of its own; skipped only where the shared PostgreSQL or the mail servers are absent too.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresRestartFactAttribute : FactAttribute
{
    public PostgresRestartFactAttribute()
    {
        if (!TestStores.PostgresAvailable || !MailServerFactAttribute.IsAvailable || !PrivatePostgres.BinariesInstalled)
        {
            Skip = "Needs the PostgreSQL binaries, PostgreSQL (FW_PG_CONNECTION) and the loopback mail servers "
                + "(FW_MAIL_SERVER): scripts/test.sh provides all three.";
        }
    }
}

/// <summary>
/// A PostgreSQL server of one test's own (<c>scripts/pg/start-postgres.sh</c> with a root under /tmp and a free port),
/// which the test may stop and start again without disturbing the shared one other tests use. Disposing stops it by
/// pid and deletes its root.
/// </summary>
internal sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _scripts;

    private PrivatePostgres(string root, int port, string scripts)
    {
        Root = root;
        Port = port;
        _scripts = scripts;
    }

    /// <summary>Whether initdb and pg_ctl are installed where start-postgres.sh looks (it is never asked to install).</summary>
    public static bool BinariesInstalled =>
        Directory.Exists("/usr/lib/postgresql")
        && Directory.EnumerateDirectories("/usr/lib/postgresql").Any(static d => File.Exists(Path.Combine(d, "bin", "initdb")));

    public string Root { get; }

    public int Port { get; }

    /// <summary>The connection string of the server (written by the start script; never printed).</summary>
    public string ConnectionString { get; private set; } = "";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var scripts = FindScripts();
        var server = new PrivatePostgres("/tmp/fwr-" + Guid.NewGuid().ToString("N")[..8], FreePort(), scripts);
        try
        {
            await server.StartAgainAsync();
            server.ConnectionString = (await File.ReadAllTextAsync(Path.Combine(server.Root, "connection-string"))).Trim();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again): the same data directory, port and password.</summary>
    public Task StartAgainAsync() => RunAsync("start-postgres.sh");

    /// <summary>Stops the server by its pid (fast shutdown: every session is ended).</summary>
    public Task StopAsync() => RunAsync("stop-postgres.sh");

    public async ValueTask DisposeAsync() => await RunAsync("stop-postgres.sh", "--purge");

    private async Task RunAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(_scripts, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["FW_PG_ROOT"] = Root;
        info.Environment["FW_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FW_PG_SKIP_INSTALL"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindScripts()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ForecastWatch.sln")))
            {
                return Path.Combine(dir.FullName, "scripts", "pg");
            }
        }

        throw new DirectoryNotFoundException("ForecastWatch.sln not found above " + AppContext.BaseDirectory);
    }
}
