using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Jobs;

/// <summary>
/// Leases on named jobs, held in the database so that of several web nodes exactly one runs a job at a time.
/// Every operation is one statement; the database's row lock (PostgreSQL) or single writer (SQLite) makes it atomic.
/// Instants come from the application's clock: nodes are expected to keep NTP time, and lease durations are
/// far longer than any plausible skew.
/// </summary>
public sealed class JobLeases(EgovDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Takes the lease when nobody holds it, it has expired (a lease is free from its end instant on), or <paramref name="holder"/> already holds it
    /// (then it is extended). One upsert: insert the row if missing, else update it only under that condition;
    /// one row affected means the lease is ours.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var affected = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO plat_job_leases ("Name", "Holder", "LeasedUntil") VALUES ({name}, {holder}, {until})
            ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "LeasedUntil" = excluded."LeasedUntil"
            WHERE plat_job_leases."LeasedUntil" <= {now} OR plat_job_leases."Holder" = {holder}
            """, ct);
        return affected == 1;
    }

    /// <summary>Extends a lease that <paramref name="holder"/> still holds; false when it was lost.</summary>
    public async Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        var until = clock.GetUtcNow().UtcDateTime + duration;
        return await db.Set<JobLease>().Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LeasedUntil, until), ct) == 1;
    }

    /// <summary>Gives the lease up at once so that any node may take it.</summary>
    public async Task<bool> ReleaseAsync(string name, string holder, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<JobLease>().Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.LeasedUntil, now), ct) == 1;
    }

    /// <summary>Records how a run went (error text truncated).</summary>
    public async Task RecordRunAsync(string name, string holder, DateTime startedAt, DateTime finishedAt, string outcome, string? error,
        CancellationToken ct = default)
    {
        var text = error is { Length: > JobLease.ErrorMaxLength } ? error[..JobLease.ErrorMaxLength] : error;
        await db.Set<JobLease>().Where(l => l.Name == name)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.LastStartedAt, startedAt)
                .SetProperty(l => l.LastFinishedAt, finishedAt)
                .SetProperty(l => l.LastOutcome, outcome)
                .SetProperty(l => l.LastError, text)
                .SetProperty(l => l.LastHolder, holder), ct);
    }

    /// <summary>The state of every job that has run at least once (for operators).</summary>
    public async Task<IReadOnlyList<JobLease>> ListAsync(CancellationToken ct = default) =>
        await db.Set<JobLease>().AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
}
