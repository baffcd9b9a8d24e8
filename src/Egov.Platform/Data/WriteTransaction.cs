using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Egov.Platform.Data;

/// <summary>
/// A write transaction that, on SQLite, first takes this process's turn at the database's single writer. Without
/// the queue, concurrent writers all open <c>BEGIN IMMEDIATE</c>, get SQLITE_BUSY and sleep-retry, and throughput
/// collapses below that of one writer; with it they wait in order and the lock is held only while writing.
/// Other processes (the CLI) still meet the busy timeout, as before. PostgreSQL needs no queue.
/// </summary>
public sealed class WriteTransaction : IDbContextTransaction
{
    // One queue per connection string, i.e. per database file of this process.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Writers = new(StringComparer.Ordinal);
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(30);
    private readonly IDbContextTransaction _inner;
    private SemaphoreSlim? _turn;

    private WriteTransaction(IDbContextTransaction inner, SemaphoreSlim? turn) => (_inner, _turn) = (inner, turn);

    internal static async Task<WriteTransaction> BeginAsync(EgovDbContext db, CancellationToken ct)
    {
        SemaphoreSlim? turn = null;
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            turn = Writers.GetOrAdd(db.Database.GetDbConnection().ConnectionString, _ => new SemaphoreSlim(1, 1));
            // As long as SQLite's own busy timeout: a writer that waits longer fails rather than hanging.
            if (!await turn.WaitAsync(TurnTimeout, ct))
                throw new TimeoutException("The database stayed busy with other writes for too long.");
        }
        try
        {
            return new WriteTransaction(await db.Database.BeginTransactionAsync(ct), turn);
        }
        catch
        {
            turn?.Release();
            throw;
        }
    }

    public Guid TransactionId => _inner.TransactionId;
    public void Commit() => _inner.Commit();
    public Task CommitAsync(CancellationToken cancellationToken = default) => _inner.CommitAsync(cancellationToken);
    public void Rollback() => _inner.Rollback();
    public Task RollbackAsync(CancellationToken cancellationToken = default) => _inner.RollbackAsync(cancellationToken);

    public void Dispose()
    {
        try { _inner.Dispose(); }
        finally { Interlocked.Exchange(ref _turn, null)?.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _inner.DisposeAsync(); }
        finally { Interlocked.Exchange(ref _turn, null)?.Release(); }
    }
}
