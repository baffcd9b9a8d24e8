using Egov.Platform.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Egov.Platform.Jobs;

/// <summary>
/// Runs every registered <see cref="IRecurringJob"/> on its interval on the node that holds the job's lease.
/// Each node wakes every interval plus jitter (so nodes do not all knock at once) and tries the lease; the winner
/// runs the job, renewing the lease while it works, then keeps the lease until the next run is due so that the
/// job does not run more often than its interval across the deployment. A failing job is logged and recorded,
/// never allowed to stop the host.
/// </summary>
public sealed class RecurringJobsHost(IServiceProvider services, IEnumerable<IRecurringJob> jobs, JobsOptions options,
    TimeProvider clock, ILogger<RecurringJobsHost> log) : BackgroundService
{
    /// <summary>Shortest lease: a run is renewed every third of it, so it must outlast a slow database round trip.</summary>
    private static readonly TimeSpan MinimumLease = TimeSpan.FromSeconds(1);

    /// <summary>This node: machine, process and a random suffix (two hosts in one process, as in tests, differ).</summary>
    public string NodeId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            log.LogInformation("Background jobs are disabled on node {Node}", NodeId);
            return Task.CompletedTask;
        }
        return Task.WhenAll(jobs.Select(job => LoopAsync(job, stoppingToken)));
    }

    private async Task LoopAsync(IRecurringJob job, CancellationToken stopping)
    {
        // The first attempt comes after the jitter only, so a freshly started deployment does not wait a whole interval.
        var interval = options.IntervalOf(job);
        var delay = Jitter(interval);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, clock, stopping);
                await TickAsync(job, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            delay = interval + Jitter(interval);
        }
    }

    /// <summary>One attempt: takes the lease and runs the job once. True when this node ran it.</summary>
    public async Task<bool> TickAsync(IRecurringJob job, CancellationToken stopping)
    {
        var interval = options.IntervalOf(job);
        var lease = interval > MinimumLease ? interval : MinimumLease;
        try
        {
            if (!await WithLeasesAsync(l => l.TryAcquireAsync(job.Name, NodeId, lease, stopping))) return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            log.LogWarning("Could not take the lease of job {Job} on node {Node}: {ErrorType}", job.Name, NodeId, e.GetType().Name);
            return false;
        }

        var started = clock.GetUtcNow();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewal = RenewWhileRunningAsync(job, lease, run);
        string outcome = JobOutcomes.Succeeded;
        string? error = null;
        try
        {
            await using var scope = services.CreateScopeAs(new SystemCaller("job:" + job.Name));
            await job.RunAsync(scope.ServiceProvider, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            outcome = JobOutcomes.Cancelled;
            error = stopping.IsCancellationRequested ? "Cancelled: the node is stopping." : "Cancelled: the lease was lost.";
        }
        catch (Exception e)
        {
            // Type and message only: messages of our exceptions and of the database drivers name fields and
            // constraints, not values; the stack trace is kept out of the table but logged for developers.
            outcome = JobOutcomes.Failed;
            error = $"{e.GetType().FullName}: {e.Message}";
            log.LogError("Job {Job} failed on node {Node}: {ErrorType} {StackTrace}", job.Name, NodeId, e.GetType().FullName, e.StackTrace);
        }
        finally
        {
            await run.CancelAsync();
            await renewal;
        }

        var finished = clock.GetUtcNow();
        try
        {
            await WithLeasesAsync(async l =>
            {
                await l.RecordRunAsync(job.Name, NodeId, started.UtcDateTime, finished.UtcDateTime, outcome, error, CancellationToken.None);
                // Keep the lease until the next run is due, so that another node's tick does not run the job again at once.
                var rest = started + interval - finished;
                return rest > TimeSpan.Zero
                    ? await l.RenewAsync(job.Name, NodeId, rest, CancellationToken.None)
                    : await l.ReleaseAsync(job.Name, NodeId, CancellationToken.None);
            });
        }
        catch (Exception e)
        {
            log.LogWarning("Could not record the run of job {Job} on node {Node}: {ErrorType}", job.Name, NodeId, e.GetType().Name);
        }
        return true;
    }

    /// <summary>Renews the lease every third of its length; cancels the run when the lease is lost.</summary>
    private async Task RenewWhileRunningAsync(IRecurringJob job, TimeSpan lease, CancellationTokenSource run)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, clock, run.Token);
                if (!await WithLeasesAsync(l => l.RenewAsync(job.Name, NodeId, lease, run.Token)))
                {
                    log.LogWarning("Node {Node} lost the lease of job {Job}; stopping the run", NodeId, job.Name);
                    await run.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            // Renewal failed (database unreachable): the lease will expire, so stop rather than risk running twice.
            log.LogWarning("Could not renew the lease of job {Job} on node {Node}: {ErrorType}", job.Name, NodeId, e.GetType().Name);
            await run.CancelAsync();
        }
    }

    private async Task<T> WithLeasesAsync<T>(Func<JobLeases, Task<T>> action)
    {
        await using var scope = services.CreateScopeAs(new SystemCaller("jobs"));
        return await action(scope.ServiceProvider.GetRequiredService<JobLeases>());
    }

    private static TimeSpan Jitter(TimeSpan interval) =>
        TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * Math.Min(interval.Ticks / 10.0, TimeSpan.FromSeconds(10).Ticks)));
}
