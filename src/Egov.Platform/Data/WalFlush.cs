namespace Egov.Platform.Data;

/// <summary>
/// Group commit for a SQLite file in WAL mode. The writer's transactions commit with <c>synchronous=NORMAL</c>
/// (appended to the WAL without waiting for the disk), and each caller is answered only after an fsync of the WAL
/// that began after its commit. One fsync then covers every transaction committed while the previous one ran, on
/// another thread than the writer, which goes on writing meanwhile. An acknowledged write is as durable as with
/// <c>synchronous=FULL</c>, which pays one fsync per transaction on the writer's own time.
/// </summary>
public sealed class WalFlush(string databasePath, Func<Action, Task> onWriterThread)
{
    private readonly string _walPath = databasePath + "-wal";
    private readonly string _checkpointConnection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = databasePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadWrite }.ToString();
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _requested, _flushing;

    /// <summary>Completes once everything committed before the call is on disk.</summary>
    public Task AfterCommitAsync()
    {
        lock (_gate)
        {
            _requested = true;
            if (!_flushing)
            {
                _flushing = true;
                ThreadPool.UnsafeQueueUserWorkItem(_ => Loop(), null);
            }
            return _next.Task;
        }
    }

    private void Loop()
    {
        while (true)
        {
            TaskCompletionSource covered;
            lock (_gate)
            {
                if (!_requested) { _flushing = false; return; }
                _requested = false;
                covered = _next;
                _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            try
            {
                Flush();
                covered.SetResult();
            }
            catch (Exception e)
            {
                covered.SetException(e);
                continue;
            }
            CheckpointSoon();
        }
    }

    // ---- checkpoints. The writer's commits do not copy the WAL into the database file (wal_autocheckpoint=0). At most
    // every CheckpointInterval a pool thread copies what has been written so far; then a short checkpoint on the writer's
    // own thread copies the few pages written meanwhile, so that the WAL is wholly copied and the next write starts it
    // again from the beginning (a checkpoint that never catches up with the writer would let the WAL grow for ever).

    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);
    private long _lastCheckpoint;
    private int _checkpointing;

    private void CheckpointSoon()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastCheckpoint) < CheckpointInterval.TotalMilliseconds) return;
        if (Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0) return;
        Interlocked.Exchange(ref _lastCheckpoint, now);
        ThreadPool.UnsafeQueueUserWorkItem(async _ =>
        {
            try
            {
                Checkpoint();
                await onWriterThread(Checkpoint);
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // Busy, or the file is gone (a test's database deleted): a later commit's flush tries again.
            }
            finally
            {
                Volatile.Write(ref _checkpointing, 0);
            }
        }, null);
    }

    private void Checkpoint()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(_checkpointConnection);
        connection.Open();
        using var command = connection.CreateCommand();
        // PASSIVE: copies what no reader still needs, never waits for readers or the writer.
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        command.ExecuteNonQuery();
    }

    private void Flush()
    {
        // Opened each time: SQLite may delete and recreate the WAL when the last connection closes, and an fsync
        // through an old handle would reach the deleted file. fsync flushes the file's pages whoever wrote them.
        if (!File.Exists(_walPath)) return;   // checkpointed and removed: the data is in the database file, synced
        using var wal = new FileStream(_walPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
        wal.Flush(flushToDisk: true);
    }
}
