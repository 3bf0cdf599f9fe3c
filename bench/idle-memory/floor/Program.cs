using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

// FLOOR_DATA: the directory of the SQLite file (default: the temporary directory).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, DisableDefaults = true });
builder.Logging.ClearProviders();
builder.Logging.AddConsole();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddQuartz(static q =>
{
    foreach (var name in new[] { "a", "b", "c", "d", "e" })
    {
        q.ScheduleJob<FloorJob>(
            t => t.WithIdentity(name).StartNow().WithSimpleSchedule(static s => s.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever()),
            j => j.WithIdentity(name));
    }
});
builder.Services.AddQuartzHostedService(static o => o.WaitForJobsToComplete = true);
await builder.Build().RunAsync().ConfigureAwait(false);

/// <summary>What every worker job does at least: a database round trip and a message built.</summary>
[DisallowConcurrentExecution]
internal sealed partial class FloorJob(TimeProvider time, ILogger<FloorJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Environment.GetEnvironmentVariable("FLOOR_DATA") ?? Path.GetTempPath(), "floor.db");
        var db = new SqliteConnection($"Data Source={path}");
        await using (db.ConfigureAwait(false))
        {
            await db.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = db.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, at TEXT); "
                    + "INSERT INTO t (name, at) VALUES ($n, $a); SELECT count(*) FROM t";
                command.Parameters.AddWithValue("$n", context.JobDetail.Key.Name);
                command.Parameters.AddWithValue("$a", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                    CultureInfo.InvariantCulture);
                using var message = new MimeKit.MimeMessage();
                message.From.Add(MimeKit.MailboxAddress.Parse("desk@example.test"));
                message.Subject = "rows " + count.ToString(CultureInfo.InvariantCulture);
                message.Body = new MimeKit.TextPart("plain") { Text = "hello" };
                using var stream = new MemoryStream();
                await message.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                using var imap = new MailKit.Net.Imap.ImapClient();
                LogRan(logger, context.JobDetail.Key.Name, count, stream.Length, imap.IsConnected);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Name}: {Count} rows, message {Bytes} bytes, IMAP connected {Connected}")]
    private static partial void LogRan(ILogger logger, string name, long count, long bytes, bool connected);
}
