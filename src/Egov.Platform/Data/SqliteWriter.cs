using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Egov.Platform.Data;

/// <summary>
/// The one thread of this process that writes to a SQLite file. SQLite has a single writer: when requests take turns
/// through a lock, each hand-over waits in the thread pool's queue behind every other request's work while the file
/// stays locked, and writers that miss the lock sleep on SQLITE_BUSY. Here write transactions run one after another on
/// a dedicated thread, so the lock is held only for the writing itself. Microsoft.Data.Sqlite completes its "async"
/// calls synchronously, so a transaction runs on this thread from BEGIN to COMMIT. The thread stops after a while
/// without work and starts again with the next write.
/// </summary>
public sealed class SqliteWriter : TaskScheduler
{
    private static readonly ConcurrentDictionary<string, SqliteWriter> Writers = new(StringComparer.Ordinal);
    private static readonly TimeSpan IdleStop = TimeSpan.FromSeconds(20);
    [ThreadStatic] private static SqliteWriter? _current;
    private readonly Queue<Task> _queue = new();
    private readonly string _name;
    private readonly WalFlush _flush;
    private bool _running;
    private WriterConnection? _kept;

    private SqliteWriter(string name, string databasePath)
    {
        _name = name;
        _flush = new WalFlush(databasePath, work => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this));
    }

    /// <summary>The writer of a database file (one per connection string).</summary>
    public static SqliteWriter For(string connectionString) => Writers.GetOrAdd(connectionString, c => new SqliteWriter(
        $"sqlite-writer-{Writers.Count + 1}", Path.GetFullPath(new SqliteConnectionStringBuilder(c).DataSource)));

    /// <summary>True on a writer's thread: a write started there runs inline instead of waiting for itself.</summary>
    public static bool OnWriterThread => _current is not null;

    /// <summary>
    /// Runs <paramref name="work"/> on this writer's thread, after the writes queued before it, and returns once its
    /// commits are on disk (see <see cref="WalFlush"/>; the work commits with <c>synchronous=NORMAL</c>).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        var result = await Task.Factory.StartNew(work, ct, TaskCreationOptions.DenyChildAttach, this).Unwrap();
        await _flush.AfterCommitAsync();
        return result;
    }

    /// <summary>
    /// The connection the writer whose thread this is keeps for its turns (<see cref="WriterConnection"/>), opened with the
    /// first. Closed when the thread stops, or by <see cref="Release"/>.
    /// </summary>
    internal static WriterConnection KeptConnection(Func<WriterConnection> open)
    {
        var writer = _current ?? throw new InvalidOperationException("The writer's connection is used on the writer's thread only.");
        return writer._kept ??= open();
    }

    /// <summary>The kept connection of the writer whose thread this is, when <paramref name="connection"/> is it.</summary>
    internal static WriterConnection? KeptOnThisThread(DbConnection connection) =>
        _current?._kept is { } kept && ReferenceEquals(kept.Connection, connection) ? kept : null;

    /// <summary>Closes the kept connection of the writer whose thread this is (it failed for another reason than the data).</summary>
    internal static void DropKeptConnection() => _current?.CloseKept();

    /// <summary>Closes the writer's kept connection to a file (before a tool takes the file for itself).</summary>
    public static void Release(string connectionString)
    {
        if (!Writers.TryGetValue(connectionString, out var writer)) return;
        if (_current == writer) writer.CloseKept();
        else Task.Factory.StartNew(writer.CloseKept, CancellationToken.None, TaskCreationOptions.DenyChildAttach, writer).Wait();
    }

    private void CloseKept()
    {
        _kept?.Dispose();
        _kept = null;
    }

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task)
    {
        lock (_queue)
        {
            _queue.Enqueue(task);
            if (_running) { Monitor.Pulse(_queue); return; }
            _running = true;
        }
        new Thread(Loop) { IsBackground = true, Name = _name }.Start();
    }

    private void Loop()
    {
        _current = this;
        while (true)
        {
            Task next;
            lock (_queue)
            {
                if (_queue.Count == 0 && !Monitor.Wait(_queue, IdleStop) && _queue.Count == 0)
                {
                    CloseKept();
                    _running = false;
                    return;
                }
                if (_queue.Count == 0) continue;
                next = _queue.Dequeue();
            }
            TryExecuteTask(next);
        }
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _current == this && !taskWasPreviouslyQueued && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_queue) return _queue.ToArray();
    }
}
