using System.Collections.Concurrent;
using System.Text.Json;
using Egov.Platform.Caching;
using Egov.Platform.Data;
using Egov.Procedures.Search;
using Microsoft.EntityFrameworkCore;

namespace Egov.Procedures;

/// <summary>
/// Procedures as every dossier request needs them, shared by the requests of a node. A version's definition never
/// changes once written, so it is parsed once and kept; which version is current (and whether the procedure is in
/// force) is re-read after <see cref="MaxAge"/>, or at once after a save on this node changed the catalogue.
/// </summary>
public sealed class ProcedureCache(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private const int MaxDefinitions = 10_000;
    private readonly ConcurrentDictionary<string, (ProcedureRecord Record, DateTimeOffset LoadedAt)> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Guid ProcedureId, int Version), ProcedureDefinition> _definitions = new();
    private readonly NodeSnapshot<ProcedureSearchIndex> _search = new(clock);

    public void Invalidate()
    {
        _records.Clear();
        _search.Invalidate();
    }

    /// <summary>The portal's search index of the procedures in force, rebuilt as the rows are re-read.</summary>
    public Task<ProcedureSearchIndex> SearchIndexAsync(Func<CancellationToken, Task<ProcedureSearchIndex>> load, CancellationToken ct) =>
        _search.GetAsync(MaxAge, load, ct);

    /// <summary>The procedure's row (null when there is none); a missing code is not remembered.</summary>
    public async Task<ProcedureRecord?> RecordAsync(EgovDbContext db, string code, CancellationToken ct)
    {
        if (_records.TryGetValue(code, out var cached) && clock.GetUtcNow() - cached.LoadedAt < MaxAge) return cached.Record;
        var loadedAt = clock.GetUtcNow();
        var record = await db.Set<ProcedureRecord>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (record is not null) _records[code] = (record, loadedAt);
        return record;
    }

    public async Task<ProcedureDefinition?> DefinitionAsync(EgovDbContext db, Guid procedureId, int version, CancellationToken ct)
    {
        if (_definitions.TryGetValue((procedureId, version), out var definition)) return definition;
        var text = await db.Set<ProcedureVersionRecord>().AsNoTracking().Where(x => x.ProcedureId == procedureId && x.Version == version)
            .Select(x => x.Definition).FirstOrDefaultAsync(ct);
        if (text is null) return null;
        definition = JsonSerializer.Deserialize<ProcedureDefinition>(text, ProcedureDefinition.Json)!;
        if (_definitions.Count >= MaxDefinitions) _definitions.Clear();
        _definitions[(procedureId, version)] = definition;
        return definition;
    }
}

/// <summary>Drops the node's cached procedure rows whenever a save on this node changes the catalogue.</summary>
public sealed class ProcedureCacheInvalidation(ProcedureCache cache) : InvalidateOnSave
{
    protected override bool Concerns(object entity) => entity is ProcedureRecord or ProcedureVersionRecord;
    protected override void Invalidate() => cache.Invalidate();
}
