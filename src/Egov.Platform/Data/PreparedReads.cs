using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Egov.Platform.Data;

/// <summary>
/// Connections of this process kept open for the fixed read statements of the busiest requests (a dossier with its
/// parts, the public look-up), each statement prepared once per connection. SQLite parses and plans a statement on every
/// preparation, and a profile of the one-stop actions showed that half of SQLite's time: the contexts' own connections
/// cannot keep their statements, because EF Core closes them whenever a pooled context goes back to its pool. Only
/// reads outside a transaction come here (they see what is committed, as on any connection). A connection unused for a
/// minute is closed; <see cref="Release"/> closes a file's at once (a tool that needs the file to itself).
/// </summary>
public static class PreparedReads
{
    private static readonly ConcurrentDictionary<string, ConcurrentBag<Lease>> Pools = new(StringComparer.Ordinal);
    private static readonly TimeSpan IdleClose = TimeSpan.FromMinutes(1);
    private const int KeptPerFile = 16;
    private static readonly Timer Sweeper = new(_ => Sweep(), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

    /// <summary>
    /// Runs <paramref name="sql"/> (parameters @p0, @p1…) on a kept connection to <paramref name="connectionString"/> and
    /// hands its reader to <paramref name="read"/>.
    /// </summary>
    public static async Task<T> ReadAsync<T>(string connectionString, string sql, object?[] parameters, Func<DbDataReader, Task<T>> read,
        CancellationToken ct)
    {
        var pool = Pools.GetOrAdd(connectionString, _ => []);
        if (!pool.TryTake(out var lease)) lease = Lease.Open(connectionString);
        var healthy = false;
        try
        {
            var command = lease.Command(sql);
            for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i] ?? DBNull.Value;
            T result;
            await using (var reader = await command.ExecuteReaderAsync(ct)) result = await read(reader);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && pool.Count < KeptPerFile) lease.Return(pool);
            else lease.Dispose();
        }
    }

    /// <summary>Closes the kept connections to a file, the writer's too (before a tool takes it for itself).</summary>
    public static void Release(string connectionString)
    {
        SqliteWriter.Release(connectionString);
        if (!Pools.TryRemove(connectionString, out var pool)) return;
        while (pool.TryTake(out var lease)) lease.Dispose();
    }

    private static void Sweep()
    {
        var now = Environment.TickCount64;
        foreach (var pool in Pools.Values)
            for (var n = pool.Count; n > 0 && pool.TryTake(out var lease); n--)
                if (now - lease.LastUsed > IdleClose.TotalMilliseconds) lease.Dispose();
                else pool.Add(lease);
    }

    private sealed class Lease : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
        public long LastUsed { get; private set; } = Environment.TickCount64;

        private Lease(SqliteConnection connection) => _connection = connection;

        public static Lease Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            return new Lease(connection);
        }

        /// <summary>The statement prepared on this connection, with one parameter per @pN it names.</summary>
        public SqliteCommand Command(string sql)
        {
            if (_commands.TryGetValue(sql, out var command)) return command;
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; sql.Contains($"@p{i}", StringComparison.Ordinal); i++) command.Parameters.Add(new SqliteParameter($"@p{i}", DBNull.Value));
            // Prepared explicitly: Microsoft.Data.Sqlite finalises an unprepared command's statements after each run.
            command.Prepare();
            if (_commands.Count < 32) _commands[sql] = command;
            return command;
        }

        public void Return(ConcurrentBag<Lease> pool)
        {
            LastUsed = Environment.TickCount64;
            pool.Add(this);
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _connection.Dispose();
        }
    }
}
