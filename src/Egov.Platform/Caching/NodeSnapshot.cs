using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Caching;

/// <summary>
/// A value built from the database and shared by all requests of a node (the working calendar, the agency directory):
/// loaded once by one request while the others wait, and again when it is older than the age a caller accepts or after
/// <see cref="Invalidate"/>.
/// </summary>
public sealed class NodeSnapshot<T>(TimeProvider clock) where T : class
{
    private sealed record Loaded(T Value, DateTimeOffset At);
    private volatile Loaded? _loaded;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public void Invalidate() => _loaded = null;

    public async Task<T> GetAsync(TimeSpan maxAge, Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        if (Fresh(maxAge) is { } value) return value;
        await _loading.WaitAsync(ct);
        try
        {
            if (Fresh(maxAge) is { } loaded) return loaded;
            var at = clock.GetUtcNow();
            var fresh = await load(ct);
            _loaded = new Loaded(fresh, at);
            return fresh;
        }
        finally
        {
            _loading.Release();
        }
    }

    private T? Fresh(TimeSpan maxAge) => _loaded is { } l && clock.GetUtcNow() - l.At < maxAge ? l.Value : null;
}

/// <summary>
/// Clears a node's cache whenever a save on this node changes the rows it is built from: before the save, after it, and
/// again after the commit, since a request may reload the old rows in between.
/// </summary>
public abstract class InvalidateOnSave : ISaveChangesHook
{
    private bool _changed;

    /// <summary>Whether the cache is built from rows of this entity.</summary>
    protected abstract bool Concerns(object entity);
    protected abstract void Invalidate();

    public Task BeforeSaveAsync(EgovDbContext db, CancellationToken cancellationToken)
    {
        _changed = db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Concerns(e.Entity));
        if (_changed) Invalidate();
        return Task.CompletedTask;
    }

    public void AfterSave(EgovDbContext db)
    {
        if (_changed) Invalidate();
    }
}
