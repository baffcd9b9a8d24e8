using System.Collections.Concurrent;
using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Egov.Platform.Tests;

/// <summary>Job leases and the recurring-jobs host on a real database, as several web nodes would use them.</summary>
public class JobTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_twenty_racing_holders_exactly_one_takes_the_lease(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var services = database.BuildServices();
        await (await database.MigratedScopeAsync(services)).DisposeAsync();

        // Twenty nodes, each with its own DbContext (its own connection), ask at once.
        var scopes = Enumerable.Range(0, 20).Select(_ => services.CreateScopeAs(new SystemCaller("test"))).ToList();
        var results = await Task.WhenAll(scopes.Select((scope, i) => Task.Run(async () =>
            (holder: $"node-{i}", won: await scope.ServiceProvider.GetRequiredService<JobLeases>().TryAcquireAsync("test.race", $"node-{i}", TimeSpan.FromMinutes(1))))));
        foreach (var scope in scopes) await scope.DisposeAsync();

        var winner = Assert.Single(results, r => r.won).holder;
        await using var check = services.CreateScopeAs(new SystemCaller("test"));
        var lease = Assert.Single(await check.ServiceProvider.GetRequiredService<JobLeases>().ListAsync());
        Assert.Equal(("test.race", winner), (lease.Name, lease.Holder));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_lease_expires_renews_and_releases(DatabaseProvider provider)
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        await using var services = database.BuildServices((s, _) => s.AddSingleton<TimeProvider>(clock));
        await using var scope = await database.MigratedScopeAsync(services);
        var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
        var minute = TimeSpan.FromMinutes(1);

        Assert.True(await leases.TryAcquireAsync("test.job", "a", minute));
        Assert.True(await leases.TryAcquireAsync("test.job", "a", minute));      // the holder extends its own lease
        clock.Now = clock.Now.AddSeconds(30);
        Assert.False(await leases.TryAcquireAsync("test.job", "b", minute));
        Assert.True(await leases.RenewAsync("test.job", "a", minute));           // now until +90 s
        clock.Now = clock.Now.AddSeconds(59);
        Assert.False(await leases.TryAcquireAsync("test.job", "b", minute));
        clock.Now = clock.Now.AddSeconds(2);
        Assert.True(await leases.TryAcquireAsync("test.job", "b", minute));      // a's lease expired
        Assert.False(await leases.RenewAsync("test.job", "a", minute));          // a lost it
        Assert.False(await leases.ReleaseAsync("test.job", "a"));
        Assert.False(await leases.TryAcquireAsync("test.job", "a", minute));
        Assert.True(await leases.ReleaseAsync("test.job", "b"));
        Assert.True(await leases.TryAcquireAsync("test.job", "a", minute));      // released: free at once

        await leases.RecordRunAsync("test.job", "a", clock.Now.UtcDateTime, clock.Now.UtcDateTime, JobOutcomes.Failed, new string('x', 5000));
        var row = Assert.Single(await leases.ListAsync());
        Assert.Equal((JobOutcomes.Failed, JobLease.ErrorMaxLength, "a"), (row.LastOutcome, row.LastError!.Length, row.LastHolder));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_nodes_never_run_the_same_job_at_the_same_time_and_a_failing_job_does_not_stop_the_host(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateEmptyAsync(provider);
        var runs = new ConcurrentQueue<Run>();
        ServiceProvider Node() => database.BuildServices((s, configuration) =>
        {
            s.AddEgovBackgroundJobs(configuration);
            s.AddSingleton<IRecurringJob>(new CountingJob(runs));
            s.AddSingleton<IRecurringJob>(new FailingJob());
        });
        await using var node1 = Node();
        await using var node2 = Node();
        await (await database.MigratedScopeAsync(node1)).DisposeAsync();
        var hosts = new[] { node1, node2 }.Select(n => n.GetServices<IHostedService>().OfType<RecurringJobsHost>().Single()).ToList();
        Assert.NotEqual(hosts[0].NodeId, hosts[1].NodeId);

        foreach (var h in hosts) await h.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(4));
        foreach (var h in hosts) await h.StopAsync(CancellationToken.None);

        var ordered = runs.OrderBy(r => r.Start).ToList();
        Assert.True(ordered.Count >= 4, $"only {ordered.Count} runs");
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].Start >= ordered[i - 1].End,
                $"run {i} on {ordered[i].Holder} started at {ordered[i].Start:O} before run {i - 1} on {ordered[i - 1].Holder} ended at {ordered[i - 1].End:O}");
        Assert.All(ordered, r => Assert.Contains(r.Holder, hosts.Select(h => h.NodeId)));

        await using var scope = node1.CreateScopeAs(new SystemCaller("test"));
        var leases = (await scope.ServiceProvider.GetRequiredService<JobLeases>().ListAsync()).ToDictionary(l => l.Name);
        // The last run may have been cut short by the stop.
        Assert.Contains(leases[CountingJob.JobName].LastOutcome, new[] { JobOutcomes.Succeeded, JobOutcomes.Cancelled });
        Assert.Equal(JobOutcomes.Failed, leases[FailingJob.JobName].LastOutcome);
        Assert.Equal("System.InvalidOperationException: Boom.", leases[FailingJob.JobName].LastError);
        // The jobs run as the system caller, in a scope of their own.
        Assert.All(ordered, r => Assert.Equal("job:" + CountingJob.JobName, r.Actor));
    }

    private sealed record Run(string Holder, string Actor, DateTime Start, DateTime End);

    /// <summary>Records which node ran it and when; takes a while so that overlaps would show.</summary>
    private sealed class CountingJob(ConcurrentQueue<Run> runs) : IRecurringJob
    {
        public const string JobName = "test.counting";
        public string Name => JobName;
        public TimeSpan Interval => TimeSpan.FromMilliseconds(300);

        public async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
        {
            var start = DateTime.UtcNow;
            // The holder is read back from the database: the node that really holds the lease now.
            var db = scoped.GetRequiredService<EgovDbContext>();
            var holder = await db.Set<JobLease>().AsNoTracking().Where(l => l.Name == JobName).Select(l => l.Holder).SingleAsync(ct);
            await Task.Delay(120, ct);
            runs.Enqueue(new Run(holder!, scoped.GetRequiredService<ICallerContext>().Actor, start, DateTime.UtcNow));
        }
    }

    private sealed class FailingJob : IRecurringJob
    {
        public const string JobName = "test.failing";
        public string Name => JobName;
        public TimeSpan Interval => TimeSpan.FromMilliseconds(200);
        public Task RunAsync(IServiceProvider scoped, CancellationToken ct) => throw new InvalidOperationException("Boom.");
    }
}
