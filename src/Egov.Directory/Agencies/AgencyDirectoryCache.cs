using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Agencies;

/// <summary>
/// The active agencies of the database as <see cref="AgencyRef"/>s, shared by all requests of a node: routing a dossier
/// looks up several agencies per request, and a province has a few hundred that rarely change. A change saved on
/// this node takes effect at once; a change saved on another node within <see cref="MaxAge"/>, or at once for an agency
/// that this node did not know yet (a miss reloads, at most every <see cref="MissReloadInterval"/>).
/// </summary>
public sealed class AgencyDirectoryCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MissReloadInterval = TimeSpan.FromSeconds(2);
    private volatile Snapshot? _snapshot;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public sealed class Snapshot(IReadOnlyList<AgencyRef> agencies, DateTimeOffset loadedAt)
    {
        private readonly Dictionary<Guid, AgencyRef> _byId = agencies.ToDictionary(a => a.Id);
        /// <summary>Ordered by path, so that a parent comes before its children.</summary>
        public IReadOnlyList<AgencyRef> All { get; } = agencies;
        public DateTimeOffset LoadedAt { get; } = loadedAt;
        public AgencyRef? Find(Guid id) => _byId.GetValueOrDefault(id);
    }

    public void Invalidate() => _snapshot = null;

    public async Task<Snapshot> GetAsync(EgovDbContext db, CancellationToken ct) => await LoadAsync(db, MaxAge, ct);

    /// <summary>After a miss: a fresher snapshot, unless the current one is very recent.</summary>
    public async Task<Snapshot> ReloadAfterMissAsync(EgovDbContext db, CancellationToken ct) => await LoadAsync(db, MissReloadInterval, ct);

    private async Task<Snapshot> LoadAsync(EgovDbContext db, TimeSpan maxAge, CancellationToken ct)
    {
        var current = _snapshot;
        if (current is not null && clock.GetUtcNow() - current.LoadedAt < maxAge) return current;
        await _loading.WaitAsync(ct);
        try
        {
            current = _snapshot;
            if (current is not null && clock.GetUtcNow() - current.LoadedAt < maxAge) return current;
            var loadedAt = clock.GetUtcNow();
            var all = await db.Set<Agency>().AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Path)
                .Select(a => new AgencyRef(a.Id, a.Code, a.Name, a.ShortName, a.Path, a.Kind, a.Sector)).ToListAsync(ct);
            return _snapshot = new Snapshot(all, loadedAt);
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>Drops the node's agency snapshot whenever a save on this node changes an agency (before and after it).</summary>
public sealed class AgencyDirectoryInvalidation(AgencyDirectoryCache cache) : ISaveChangesHook
{
    private bool _changed;

    public Task BeforeSaveAsync(EgovDbContext db, CancellationToken cancellationToken)
    {
        _changed = db.ChangeTracker.Entries<Agency>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (_changed) cache.Invalidate();
        return Task.CompletedTask;
    }

    // After the save and again after the commit: a request may have reloaded the old rows in between.
    public void AfterSave(EgovDbContext db)
    {
        if (_changed) cache.Invalidate();
    }
}
