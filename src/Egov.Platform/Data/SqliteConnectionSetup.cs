using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Egov.Platform.Data;

/// <summary>
/// Settings of every SQLite connection Egov opens, applied once per physical connection (pooled connections keep them):
/// <list type="bullet">
/// <item><c>temp_store=MEMORY</c>: a statement's rollback journal inside a transaction is kept in memory instead of a
/// temporary file created and deleted on each write.</item>
/// <item><c>mmap_size</c>: pages of the database file are read through a memory map instead of a system call each; a
/// write invalidates every other connection's page cache, so under load most reads would otherwise go to the kernel.</item>
/// </list>
/// </summary>
public sealed class SqliteConnectionSetup(long mmapBytes) : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Done = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || Done.TryGetValue(handle, out _)) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA temp_store=MEMORY; PRAGMA mmap_size={Math.Max(0, mmapBytes)};";
        command.ExecuteNonQuery();
        Done.AddOrUpdate(handle, handle);
    }
}

