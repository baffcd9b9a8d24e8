namespace Egov.Platform.Data;

/// <summary>
/// Group commit for a SQLite file in WAL mode. The writer's transactions commit with <c>synchronous=NORMAL</c>
/// (appended to the WAL without waiting for the disk), and each caller is answered only after an fsync of the WAL
/// that began after its commit. One fsync then covers every transaction committed while the previous one ran, on
/// another thread than the writer, which goes on writing meanwhile. An acknowledged write is as durable as with
/// <c>synchronous=FULL</c>, which pays one fsync per transaction on the writer's own time.
/// </summary>
public sealed class WalFlush(string databasePath)
{
    private readonly string _walPath = databasePath + "-wal";
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
            }
        }
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
