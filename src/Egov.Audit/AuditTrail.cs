using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Audit;

public sealed class AuditTrail(EgovDbContext db, ICallerContext caller, TimeProvider clock) : IAuditTrail
{
    public Task RecordReadAsync(string entityType, string entityId, string what, CancellationToken ct = default) =>
        RecordEventAsync(AuditActions.Read, entityType, entityId, what, ct);

    public async Task RecordEventAsync(string action, string entityType, string entityId, string? details, CancellationToken ct = default)
    {
        db.Add(new AuditEntry
        {
            At = AuditChain.Now(clock), Actor = caller.Actor, Action = action,
            EntityType = entityType, EntityId = entityId, Details = details,
        });
        await db.SaveChangesAsync(ct);
    }

    public Task<int> CountEventsAsync(string action, string entityType, string entityId, DateTime sinceUtc, CancellationToken ct = default) =>
        db.Set<AuditEntry>().AsNoTracking()
            .CountAsync(e => e.EntityType == entityType && e.EntityId == entityId && e.Action == action && e.At >= sinceUtc, ct);
}

public sealed record AuditView(long Sequence, DateTime At, string Actor, string Action, string EntityType, string EntityId, string? Details);

public sealed record AuditVerification(long Checked, long? FirstBadSequence, string? Problem)
{
    public bool Intact => FirstBadSequence is null;
}

/// <summary>Reads and verifies the chain. Only system administrators read the trail.</summary>
public sealed class AuditLog(EgovDbContext db, ICallerContext caller)
{
    public async Task<Page<AuditView>> ListAsync(string? entityType, string? entityId, string? actor, int? page, int? pageSize, CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new Platform.Validation.ForbiddenException("Only system administrators read the audit trail.");
        var (p, size) = Paging.Clamp(page, pageSize, 100);
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(entityType)) q = q.Where(e => e.EntityType == entityType);
        if (!string.IsNullOrWhiteSpace(entityId)) q = q.Where(e => e.EntityId == entityId);
        if (!string.IsNullOrWhiteSpace(actor)) q = q.Where(e => e.Actor == actor);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(e => e.Sequence).Skip((p - 1) * size).Take(size)
            .Select(e => new AuditView(e.Sequence, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Details)).ToListAsync(ct);
        return new Page<AuditView>(items, total, p, size);
    }

    /// <summary>Walks the whole chain in order and reports the first entry whose link or content does not match.</summary>
    public async Task<AuditVerification> VerifyAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        long expected = 1, done = 0;
        var previous = AuditChain.Genesis;
        const int batch = 5000;
        while (true)
        {
            var rows = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence >= expected)
                .OrderBy(e => e.Sequence).Take(batch).ToListAsync(ct);
            foreach (var e in rows)
            {
                if (e.Sequence != expected)
                    return new(done, expected, $"entry {expected} is missing (next is {e.Sequence})");
                if (e.PreviousHash != previous)
                    return new(done, e.Sequence, "its link to the previous entry does not match");
                if (AuditChain.ComputeHash(e) != e.Hash)
                    return new(done, e.Sequence, "its content does not match its hash");
                previous = e.Hash;
                expected++;
                done++;
            }
            progress?.Report(done);
            if (rows.Count < batch) return new(done, null, null);
        }
    }
}
