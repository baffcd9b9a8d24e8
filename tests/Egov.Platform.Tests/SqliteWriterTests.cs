using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Tests;

/// <summary>The SQLite writer thread and its group commit, on a real file.</summary>
public class SqliteWriterTests
{
    [Fact]
    public async Task Concurrent_writes_all_land_and_connections_go_back_to_the_pool_with_full_sync()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);
        await using var services = database.BuildServices();
        await (await database.MigratedScopeAsync(services)).DisposeAsync();

        var synchronous = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await using var scope = services.CreateScopeAs(new SystemCaller("test"));
            var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            await db.WriteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = $"key-{i}", Xml = "<key/>" });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return true;
            });
            // What a later write outside the writer would get from this pooled connection: SQLite's durable default.
            await db.Database.OpenConnectionAsync();
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = "PRAGMA synchronous";
            return Convert.ToInt32(await pragma.ExecuteScalarAsync());
        })));

        Assert.All(synchronous, level => Assert.Equal(2, level));   // 2 = FULL
        await using var check = services.CreateScopeAs(new SystemCaller("test"));
        var keys = await check.ServiceProvider.GetRequiredService<EgovDbContext>().DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"key-{i}").Order(), keys.Order());
    }

    [Fact]
    public async Task Turns_run_on_the_writers_kept_connection_whose_statements_serve_the_next_turns_and_release_frees_the_file()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.Sqlite);
        await using var services = database.BuildServices();
        await (await database.MigratedScopeAsync(services)).DisposeAsync();

        var written = 0;
        async Task<T> Turn<T>(Func<EgovDbContext, CancellationToken, Task<T>> work)
        {
            await using var scope = services.CreateScopeAs(new SystemCaller("test"));
            var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            await db.KeepConnectionOpenAsync();   // as a request does for its reads before writing
            var result = await db.WriteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var value = await work(db, ct);
                await transaction.CommitAsync(ct);
                return value;
            });
            // The context reads on a connection of its own again after its turn, and sees what the turn committed.
            Assert.NotEqual(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);
            Assert.Equal(written, await db.DataProtectionKeys.CountAsync());
            return result;
        }

        const string Insert = """INSERT INTO sys_data_protection_keys ("FriendlyName", "Xml") VALUES (@p0, @p1)""";
        async Task<int> Add(EgovDbContext db, string name, CancellationToken ct)
        {
            await using var command = db.TransactionCommand(Insert, name, "<key/>");
            var rows = await command.ExecuteNonQueryAsync(ct);
            written += rows;
            return rows;
        }
        // The group commit's setting holds on the writer's connection for good, without being set at each turn.
        Assert.Equal(1, await Turn(async (db, ct) =>
        {
            await using var pragma = db.Command("PRAGMA synchronous");
            return Convert.ToInt32(await pragma.ExecuteScalarAsync(ct));
        }));
        // One statement text, run in many turns with new values each time: every row as given.
        foreach (var i in Enumerable.Range(0, 5)) Assert.Equal(1, await Turn((db, ct) => Add(db, $"kept-{i}", ct)));
        // A turn that fails leaves nothing behind, and the next turn works on the same connection.
        await Assert.ThrowsAnyAsync<Exception>(() => Turn<int>(async (db, ct) =>
        {
            await Add(db, "rolled-back", ct);
            written--;   // rolled back with the turn
            throw new InvalidOperationException("refused");
        }));
        Assert.Equal(1, await Turn((db, ct) => Add(db, "after", ct)));

        await using (var check = services.CreateScopeAs(new SystemCaller("test")))
        {
            var names = await check.ServiceProvider.GetRequiredService<EgovDbContext>().DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync();
            Assert.Equal(["after", "kept-0", "kept-1", "kept-2", "kept-3", "kept-4"], names.Order());
        }

        // A tool that needs the file to itself (leaving WAL needs the only connection) gets it once the kept ones are released.
        PreparedReads.Release(database.ConnectionString);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var alone = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await alone.OpenAsync();
        await using var mode = alone.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode=DELETE";
        mode.CommandTimeout = 3;   // well under the writer's idle stop, which would close its connection anyway
        Assert.Equal("delete", Convert.ToString(await mode.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task A_wal_flush_answers_every_caller_with_or_without_a_wal_file()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("egov-wal-").FullName;
        try
        {
            var database = Path.Combine(folder, "egov.db");
            var flush = new WalFlush(database, work => Task.Run(work));
            await flush.AfterCommitAsync();                                   // no WAL yet: nothing to sync
            await File.WriteAllBytesAsync(database + "-wal", new byte[4096]);
            await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(flush.AfterCommitAsync)));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
