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
