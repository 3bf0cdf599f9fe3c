using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ForecastWatch.Storage;

/// <summary>
/// <c>backup</c> on a PostgreSQL store: PostgreSQL's own <c>pg_dump</c> in its custom format (one consistent snapshot
/// while the workers keep writing; restore with <c>pg_restore</c> into an empty database). When pg_dump is not installed
/// here, the refusal gives the command to run where it is. The password reaches pg_dump through its environment
/// (<c>PGPASSWORD</c>), never its command line, and is never printed.
/// </summary>
internal sealed partial class DatabaseBackup
{
    /// <summary>Where pg_dump is looked for: PATH, then Debian's versioned directories (newest first).</summary>
    internal static IReadOnlyList<string> PgDumpDirectories()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(static d => Path.Combine(d, "bin"))
                .OrderByDescending(static d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : [];
        return [.. path, .. debian];
    }

    internal async Task<BackupResult> DumpAsync(
        PostgresDatabase postgres, string destination, bool overwrite, IReadOnlyList<string> searchDirectories,
        CancellationToken cancellationToken)
    {
        var settings = postgres.Settings;
        var target = ResolveTarget(destination, ".dump");
        var pgDump = searchDirectories.Select(static d => Path.Combine(d, "pg_dump")).FirstOrDefault(File.Exists);
        if (pgDump is null)
        {
            throw new BackupException(
                "pg_dump is not installed here (looked in PATH and /usr/lib/postgresql/*/bin). Back the PostgreSQL store up "
                + $"where it is, with a pg_dump of the server's major version or newer: {Command(settings, target)} "
                + "(password from PGPASSWORD or ~/.pgpass); restore with pg_restore --dbname=... into an empty database.");
        }

        var temp = TempBeside(target, overwrite);
        try
        {
            var start = new ProcessStartInfo(pgDump)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in Arguments(settings, temp))
            {
                start.ArgumentList.Add(argument);
            }

            if (!string.IsNullOrEmpty(settings.Password))
            {
                start.Environment["PGPASSWORD"] = settings.Password;
            }

            if (!string.IsNullOrEmpty(settings.Passfile))
            {
                start.Environment["PGPASSFILE"] = settings.Passfile;
            }

            start.Environment["PGSSLMODE"] = settings.SslMode switch
            {
                SslMode.Disable => "disable",
                SslMode.Allow => "allow",
                SslMode.Require => "require",
                SslMode.VerifyCA => "verify-ca",
                SslMode.VerifyFull => "verify-full",
                _ => "prefer",
            };
            using var process = Process.Start(start) ?? throw new BackupException($"could not start {pgDump}.");
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var message = (await errors.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                var said = Redact(message, settings.Password);
                var code = process.ExitCode.ToString(CultureInfo.InvariantCulture);
                throw new BackupException($"pg_dump ({pgDump}) exited with {code}: {said}");
            }

            var version = await new MigrationRunner(postgres).GetStatusAsync(cancellationToken).ConfigureAwait(false);
            File.Move(temp, target, overwrite);
            return new BackupResult(target, new FileInfo(target).Length, version.Current);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>pg_dump's arguments: the connection without its password, the custom format, the store's schema if it has one.</summary>
    internal static IReadOnlyList<string> Arguments(NpgsqlConnectionStringBuilder settings, string file)
    {
        var arguments = new List<string>
        {
            "--format=custom",
            "--no-password",
            "--file=" + file,
            "--host=" + settings.Host,
            "--port=" + settings.Port.ToString(CultureInfo.InvariantCulture),
            "--dbname=" + settings.Database,
        };
        if (!string.IsNullOrEmpty(settings.Username))
        {
            arguments.Add("--username=" + settings.Username);
        }

        var schemas = (settings.SearchPath ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var schema in schemas)
        {
            arguments.Add("--schema=" + schema);
        }

        return arguments;
    }

    private static string Command(NpgsqlConnectionStringBuilder settings, string file) =>
        "pg_dump " + string.Join(' ', Arguments(settings, file)
            .Where(static a => a != "--no-password")
            .Select(static a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));

    private static string Redact(string text, string? password) =>
        string.IsNullOrEmpty(password) ? text : text.Replace(password, "***", StringComparison.Ordinal);
}
