using Egov.Platform.Caching;
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
    private readonly NodeSnapshot<Snapshot> _snapshot = new(clock);

    public sealed class Snapshot(IReadOnlyList<AgencyRef> agencies)
    {
        private readonly Dictionary<Guid, AgencyRef> _byId = agencies.ToDictionary(a => a.Id);
        /// <summary>Ordered by path, so that a parent comes before its children.</summary>
        public IReadOnlyList<AgencyRef> All { get; } = agencies;
        public AgencyRef? Find(Guid id) => _byId.GetValueOrDefault(id);
    }

    public void Invalidate() => _snapshot.Invalidate();

    public Task<Snapshot> GetAsync(EgovDbContext db, CancellationToken ct) => _snapshot.GetAsync(MaxAge, token => LoadAsync(db, token), ct);

    /// <summary>After a miss: a fresher snapshot, unless the current one is very recent.</summary>
    public Task<Snapshot> ReloadAfterMissAsync(EgovDbContext db, CancellationToken ct) =>
        _snapshot.GetAsync(MissReloadInterval, token => LoadAsync(db, token), ct);

    private static async Task<Snapshot> LoadAsync(EgovDbContext db, CancellationToken ct) =>
        new(await db.Set<Agency>().AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.Path)
            .Select(a => new AgencyRef(a.Id, a.Code, a.Name, a.ShortName, a.Path, a.Kind, a.Sector)).ToListAsync(ct));
}

/// <summary>Drops the node's agency snapshot whenever a save on this node changes an agency.</summary>
public sealed class AgencyDirectoryInvalidation(AgencyDirectoryCache cache) : InvalidateOnSave
{
    protected override bool Concerns(object entity) => entity is Agency;
    protected override void Invalidate() => cache.Invalidate();
}
