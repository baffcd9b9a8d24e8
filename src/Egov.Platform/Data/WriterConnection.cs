using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Egov.Platform.Data;

/// <summary>
/// The SQLite connection a <see cref="SqliteWriter"/> keeps open for its turns, with the fixed statements of the write
/// paths prepared once. A request's context cannot keep its own: EF Core closes it whenever a pooled context goes back to
/// its pool, and SQLite then parses and plans every statement of the next turn again (a profile of the actions put that at
/// a large part of the writer's time, and the writer's time is what no other core can share). The connection is opened by
/// a context of its own, so that it is set up as EF Core sets up every connection (its SQL functions, the foreign keys,
/// <see cref="SqliteConnectionSetup"/>); the group commit's settings are made once, for good: only the writer's turns use it.
/// </summary>
internal sealed class WriterConnection : IDisposable
{
    private const int KeptStatements = 128;
    private readonly EgovDbContext _owner;
    private readonly Dictionary<string, KeptCommand> _statements = new(StringComparer.Ordinal);

    private WriterConnection(EgovDbContext owner, SqliteConnection connection)
    {
        _owner = owner;
        Connection = connection;
    }

    public SqliteConnection Connection { get; }

    public static WriterConnection Open(DbContextOptions<EgovDbContext> options)
    {
        var owner = new EgovDbContext(options);
        try
        {
            owner.Database.OpenConnection();
            var connection = (SqliteConnection)owner.Database.GetDbConnection();
            using (var command = connection.CreateCommand())
            {
                // See WalFlush: the commit skips the fsync and the checkpoint; the writer answers after a shared fsync. The WAL,
                // which grows under a load that always has a reader, is cut back to 64 MB when it starts again from its beginning.
                command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;";
                command.ExecuteNonQuery();
            }
            return new WriterConnection(owner, connection);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True when a turn failed because of the connection or the file (I/O, the file gone, replaced or damaged), not because
    /// of the data (a constraint, a stale version): such a connection is not kept for the next turn.
    /// </summary>
    public static bool IsBroken(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is SqliteException sqlite)
                return (sqlite.SqliteErrorCode & 0xFF) is 8 /* READONLY */ or 10 /* IOERR */ or 11 /* CORRUPT */ or 14 /* CANTOPEN */ or 26 /* NOTADB */;
        return false;
    }

    /// <summary>
    /// The statement prepared on this connection, emptied of the parameters of its last run (the caller sets its transaction);
    /// null when too many different statements are kept already. Disposing what is returned keeps it.
    /// </summary>
    public DbCommand? Statement(string sql)
    {
        if (!_statements.TryGetValue(sql, out var kept))
        {
            if (_statements.Count >= KeptStatements) return null;
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            kept = new KeptCommand(command);
            _statements[sql] = kept;
        }
        kept.Inner.Parameters.Clear();
        return kept;
    }

    public void Dispose()
    {
        foreach (var kept in _statements.Values) kept.Inner.Dispose();
        _statements.Clear();
        _owner.Dispose();
    }

    /// <summary>
    /// A kept statement handed to code that disposes its commands after use: disposing does nothing, and the statement is
    /// prepared on its first run (Microsoft.Data.Sqlite finalises an unprepared command's statements after each run).
    /// </summary>
    private sealed class KeptCommand(SqliteCommand inner) : DbCommand
    {
        private bool _prepared;
        public SqliteCommand Inner { get; } = inner;

        [AllowNull]
        public override string CommandText { get => Inner.CommandText; set => throw new NotSupportedException("A kept statement keeps its text."); }
        public override int CommandTimeout { get => Inner.CommandTimeout; set => Inner.CommandTimeout = value; }
        public override CommandType CommandType { get => Inner.CommandType; set => Inner.CommandType = value; }
        public override UpdateRowSource UpdatedRowSource { get => Inner.UpdatedRowSource; set => Inner.UpdatedRowSource = value; }
        public override bool DesignTimeVisible { get => Inner.DesignTimeVisible; set => Inner.DesignTimeVisible = value; }
        protected override DbConnection? DbConnection { get => Inner.Connection; set => throw new NotSupportedException("A kept statement keeps its connection."); }
        protected override DbParameterCollection DbParameterCollection => Inner.Parameters;
        protected override DbTransaction? DbTransaction { get => Inner.Transaction; set => Inner.Transaction = (SqliteTransaction?)value; }

        public override void Cancel() => Inner.Cancel();
        public override void Prepare() => Ready();
        protected override DbParameter CreateDbParameter() => Inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            Ready();
            return Inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            Ready();
            return Inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            Ready();
            return Inner.ExecuteReader(behavior);
        }

        // Microsoft.Data.Sqlite runs its "async" calls synchronously: the synchronous ones spare a task each.
        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ExecuteNonQuery());
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ExecuteScalar());
        }

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ExecuteDbDataReader(behavior));
        }

        private void Ready()
        {
            // The parameters are bound by name at each run; preparing needs none of them.
            if (_prepared) return;
            Inner.Prepare();
            _prepared = true;
        }

        protected override void Dispose(bool disposing) { }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
