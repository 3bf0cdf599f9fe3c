using System.Globalization;
using ForecastWatch.Storage;
using Microsoft.Extensions.Options;

namespace ForecastWatch.Hosting;

/// <summary>One worker of the cluster as Quartz's check-in table shows it.</summary>
internal sealed record ClusterNode(string Id, DateTimeOffset LastCheckin, TimeSpan CheckinInterval);

/// <summary>
/// What <c>health</c> says about the cluster (PostgreSQL store): this node's id, the nodes checked in, and which one
/// reads the desk mailbox. <see cref="ThisNode"/> is null when it cannot be told (AUTO ids and no checked-in node of
/// this host).
/// </summary>
internal sealed record ClusterStatus(string? ThisNode, IReadOnlyList<ClusterNode> Nodes, string? MailboxHolder, string HostName)
{
    public bool HoldsMailbox => ThisNode is not null && MailboxHolder == ThisNode;

    /// <summary>The lines health prints, e.g. <c>node web-1: checked in 2 s ago, holds the desk mailbox</c>.</summary>
    public IEnumerable<string> Describe(DateTimeOffset asOf)
    {
        var self = Nodes.FirstOrDefault(n => n.Id == ThisNode);
        yield return ThisNode is null
            ? $"node: not known here (ForecastWatch:Cluster:NodeId is AUTO and no checked-in node's id starts with host name {HostName})"
            : $"node {ThisNode}: " + (self is null ? "not checked in" : $"checked in {Ago(asOf - self.LastCheckin)} ago")
                + (HoldsMailbox ? ", holds the desk mailbox" : ", does not hold the desk mailbox");
        var others = string.Join(", ", Nodes.Select(n => $"{n.Id} ({Ago(asOf - n.LastCheckin)} ago)"));
        yield return $"cluster: {Nodes.Count} node(s) checked in{(Nodes.Count > 0 ? ": " + others : "")}; desk mailbox held by "
            + (MailboxHolder ?? "no node");
    }

    /// <summary>A problem when this node is named (not AUTO) and has not checked in within twice its interval plus the threshold.</summary>
    public string? Problem(DateTimeOffset asOf, TimeSpan misfireThreshold)
    {
        if (ThisNode is null)
        {
            return null;
        }

        var self = Nodes.FirstOrDefault(n => n.Id == ThisNode);
        if (self is null)
        {
            return $"node {ThisNode} has not checked in to the cluster (is its worker running and reaching the database?).";
        }

        var late = asOf - self.LastCheckin;
        return late > (self.CheckinInterval * 2) + misfireThreshold
            ? $"node {ThisNode} last checked in {Ago(late)} ago; expected every {Ago(self.CheckinInterval)}: "
                + "the other nodes take its work over."
            : null;
    }

    private static string Ago(TimeSpan span) => span switch
    {
        { TotalHours: >= 2 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h"),
        { TotalMinutes: >= 2 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0} s"),
    };
}

/// <summary>Reads <see cref="ClusterStatus"/> from the PostgreSQL store; null on SQLite (one worker, no cluster).</summary>
internal sealed class ClusterHealthSource(IDatabase database, IOptions<ClusterOptions> options)
{
    public async Task<ClusterStatus?> ReadAsync(CancellationToken cancellationToken)
    {
        if (database.Dialect != SqlDialect.Postgres)
        {
            return null;
        }

        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Quartz keeps times in .NET ticks (UTC) and intervals in milliseconds.
            var rows = await connection.Sql(
                    $"SELECT instance_name, last_checkin_time, checkin_interval FROM {WorkerJobs.TablePrefix}scheduler_state "
                    + "WHERE sched_name = @Name ORDER BY instance_name")
                .Bind("Name", WorkerJobs.SchedulerName)
                .QueryAsync(static r => (Id: r.GetString(0), Checkin: SqlRead.Convert<long>(r.GetValue(1)),
                    Interval: SqlRead.Convert<long>(r.GetValue(2))), cancellationToken).ConfigureAwait(false);
            var nodes = rows.Select(static r => new ClusterNode(
                r.Id, new DateTimeOffset(r.Checkin, TimeSpan.Zero), TimeSpan.FromMilliseconds(r.Interval))).ToList();
            var holder = await MailboxLock.HolderAsync(connection, cancellationToken).ConfigureAwait(false);
            var host = System.Net.Dns.GetHostName();
            var self = options.Value.FixedNodeId
                ?? nodes.Where(n => n.Id.StartsWith(host, StringComparison.OrdinalIgnoreCase))
                    .OrderByDescending(static n => n.LastCheckin).FirstOrDefault()?.Id;
            return new ClusterStatus(self, nodes, holder, host);
        }
    }
}
