namespace Egov.Platform.Jobs;

/// <summary>
/// Work that one node of the deployment does every <see cref="Interval"/>. Register it as a singleton
/// <c>IRecurringJob</c>; <see cref="RecurringJobsHost"/> runs it under a database lease, in a fresh scope acting
/// as the system caller. A run must be safe to repeat: a node may stop half-way and another run the job again.
/// </summary>
public interface IRecurringJob
{
    /// <summary>Stable name, the lease key (e.g. "onestop.escalation").</summary>
    string Name { get; }
    TimeSpan Interval { get; }
    Task RunAsync(IServiceProvider scoped, CancellationToken ct);
}

/// <summary>Section "Jobs" (env: Jobs__Enabled). Tests and maintenance windows switch background jobs off.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A job's interval instead of its built-in one, by job name (<c>Jobs:Intervals:onestop.escalation=00:00:10</c>):
    /// the two-node tests make the escalation pass run every second to race the nodes for its lease.
    /// </summary>
    public Dictionary<string, TimeSpan> Intervals { get; set; } = new(StringComparer.Ordinal);

    public TimeSpan IntervalOf(IRecurringJob job) =>
        Intervals.TryGetValue(job.Name, out var interval) && interval > TimeSpan.Zero ? interval : job.Interval;
}
