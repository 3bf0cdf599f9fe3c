using Microsoft.Extensions.Options;

namespace ForecastWatch.Hosting;

/// <summary>
/// Several workers on one PostgreSQL store (section <c>ForecastWatch:Cluster</c>; read only with
/// <c>ForecastWatch:Store</c> = <c>postgres</c>). Quartz's clustered job store shares the schedule: each trigger
/// fires on one node, and a node that stops checking in has its triggers and interrupted runs taken over by another
/// within <see cref="CheckinInterval"/> + <see cref="CheckinMisfireThreshold"/>.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "ForecastWatch:Cluster";

    /// <summary>The value of <see cref="NodeId"/> that lets Quartz name the node.</summary>
    public const string Auto = "AUTO";

    /// <summary>
    /// This worker's name in the cluster (Quartz's instance id), unique among the running workers. <c>AUTO</c>: the
    /// host name plus the start time, new at every start (Quartz's generator). A fixed name lets <c>health</c> find
    /// this node's row, and lets a restarted node take back its own interrupted runs at once.
    /// <value>Default: <c>AUTO</c>.</value>
    /// </summary>
    public string NodeId { get; set; } = Auto;

    /// <summary>How often a node records in the database that it is alive. <value>Default: 5 s (<c>00:00:05</c>).</value></summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long past a missed check-in the other nodes wait before they treat a node as dead and take over its
    /// triggers. Raise it above the longest pause the host may see (a GC, a VM migration, a database failover).
    /// <value>Default: 10 s (<c>00:00:10</c>).</value>
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an idle node waits before it looks for triggers another node added (a delivery kicked on another
    /// node, a recovered run). <value>Default: 5 s (<c>00:00:05</c>).</value>
    /// </summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the schedule waits before it tries the database again after a failure that was not transient (the
    /// database down or restarting): it bounds how soon a node schedules again once PostgreSQL is back (Quartz's
    /// default is 15 s). <value>Default: 5 s (<c>00:00:05</c>).</value>
    /// </summary>
    public TimeSpan DatabaseRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often each node's own delivery loop looks for due outbox mail when it found none the last time (it takes the
    /// next batch at once while there is work). Every node delivers, each from rows it claimed, so a backlog goes out
    /// through all nodes at once. <value>Default: 2 s (<c>00:00:02</c>).</value>
    /// </summary>
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The node id <c>health</c> and the logs show: the configured one, else null (Quartz generates it).</summary>
    public string? FixedNodeId => string.Equals(NodeId.Trim(), Auto, StringComparison.OrdinalIgnoreCase) ? null : NodeId.Trim();
}

/// <summary>Checks <see cref="ClusterOptions"/>, naming each key.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        var errors = new List<string>();
        const string p = ClusterOptions.SectionName + ":";
        if (string.IsNullOrWhiteSpace(options.NodeId))
        {
            errors.Add($"{p}NodeId is empty: name this worker (unique among the workers) or set AUTO.");
        }
        else if (options.NodeId.Trim().Length > 200 || options.NodeId.Any(char.IsControl))
        {
            errors.Add($"{p}NodeId must be at most 200 printable characters.");
        }

        Between(errors, p + "CheckinInterval", options.CheckinInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Between(errors, p + "CheckinMisfireThreshold", options.CheckinMisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(errors, p + "IdleWaitTime", options.IdleWaitTime, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Between(errors, p + "DeliveryPollInterval", options.DeliveryPollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Between(errors, p + "DatabaseRetryInterval", options.DatabaseRetryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Between(List<string> errors, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} '{value}' must be between {min} and {max}.");
        }
    }
}
