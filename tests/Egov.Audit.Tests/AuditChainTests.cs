using Egov.Audit;
using Egov.Directory.Catalogues;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Audit.Tests;

public class AuditChainTests
{
    private static async Task<AuditVerification> VerifyAsync(SeededServices services)
    {
        await using var scope = services.Scope();
        return await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();
    }

    private static async Task ExecuteAsync(SeededServices services, string sql)
    {
        await using var scope = services.Scope();
        await scope.ServiceProvider.GetRequiredService<EgovDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verification_reports_the_first_tampered_entry(DatabaseProvider provider)
    {
        await using var services = await SeededServices.StartAsync(provider);
        var intact = await VerifyAsync(services);
        Assert.True(intact.Intact, intact.Problem);
        Assert.True(intact.Checked > 20);

        await ExecuteAsync(services, "UPDATE audit_entries SET \"Details\" = 'someone else' WHERE \"Sequence\" = 12");
        await ExecuteAsync(services, "UPDATE audit_entries SET \"Actor\" = 'nobody' WHERE \"Sequence\" = 15");
        var tampered = await VerifyAsync(services);
        Assert.Equal(12, tampered.FirstBadSequence);
        Assert.Contains("content", tampered.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deleting_an_entry_or_rewriting_the_chain_tail_is_detected(DatabaseProvider provider)
    {
        await using var services = await SeededServices.StartAsync(provider);
        await ExecuteAsync(services, "DELETE FROM audit_entries WHERE \"Sequence\" = 7");
        var deleted = await VerifyAsync(services);
        Assert.Equal(7, deleted.FirstBadSequence);
        Assert.Contains("missing", deleted.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failed_change_leaves_no_audit_entry_and_a_good_one_is_chained(DatabaseProvider provider)
    {
        await using var services = await SeededServices.StartAsync(provider);
        long before;
        await using (var scope = services.Scope(new SystemCaller("cli:test")))
        {
            var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            before = await ctx.Set<AuditEntry>().CountAsync();
            // Duplicate code: the unique index refuses the insert, so the transaction (change + audit) rolls back.
            ctx.Add(new Position { Id = Ids.New(), Code = "CV", Name = "Trùng", SearchName = "trung" });
            await Assert.ThrowsAsync<DbUpdateException>(() => ctx.SaveChangesAsync());
        }
        await using (var scope = services.Scope(new SystemCaller("cli:test")))
        {
            var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            Assert.Equal(before, await ctx.Set<AuditEntry>().CountAsync());
            var position = new Position { Id = Ids.New(), Code = "TTr", Name = "Thanh tra viên", SearchName = "thanh tra vien" };
            ctx.Add(position);
            await ctx.SaveChangesAsync();
            var last = await ctx.Set<AuditEntry>().OrderByDescending(e => e.Sequence).FirstAsync();
            Assert.Equal(("create", "Position", position.Id.ToString(), "cli:test"), (last.Action, last.EntityType, last.EntityId, last.Actor));
            Assert.Contains("Thanh tra viên", last.Details);
        }
        Assert.True((await VerifyAsync(services)).Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_writers_keep_one_gapless_chain(DatabaseProvider provider)
    {
        await using var services = await SeededServices.StartAsync(provider);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            for (var j = 0; j < 5; j++)
            {
                await using var scope = services.Scope(new SystemCaller($"worker:{i}"));
                var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
                ctx.Add(new ProcedureField { Id = Ids.New(), Code = $"F{i}-{j}", Name = $"Lĩnh vực {i}-{j}", SearchName = "x" });
                await ctx.SaveChangesAsync();
            }
        }));
        var result = await VerifyAsync(services);
        Assert.True(result.Intact, result.Problem);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Entries_of_the_hook_and_of_the_trail_are_stored_alike(DatabaseProvider provider)
    {
        await using var services = await SeededServices.StartAsync(provider);
        await using var scope = services.Scope(new SystemCaller("cli:test"));
        var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        var position = new Position { Id = Ids.New(), Code = "KT", Name = "Kiểm tra viên", SearchName = "kiem tra vien" };
        ctx.Add(position);
        await ctx.SaveChangesAsync();                                                             // the hook's plain INSERT
        await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordReadAsync("Position", position.Id.ToString(), "test");  // through EF

        var lastTwo = await ctx.Set<AuditEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).Take(2).ToListAsync();
        Assert.Equal(["read", "create"], lastTwo.Select(e => e.Action));
        Assert.All(lastTwo, e => Assert.Equal(DateTimeKind.Utc, e.At.Kind));
        if (provider == DatabaseProvider.Sqlite)
        {
            var stored = await ctx.Database.SqlQueryRaw<string>("SELECT \"At\" AS \"Value\" FROM audit_entries ORDER BY \"Sequence\" DESC LIMIT 2").ToListAsync();
            Assert.All(stored, at => Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,7})?$", at));
        }
        Assert.True((await VerifyAsync(services)).Intact);
    }

    [Fact]
    public void Secrets_are_never_copied_into_the_trail()
    {
        // The hash covers every field; the redaction list covers Identity's secrets.
        var entry = new AuditEntry { Sequence = 1, At = DateTime.UnixEpoch, Actor = "a", Action = "create", EntityType = "T", EntityId = "1", PreviousHash = AuditChain.Genesis };
        var hash = AuditChain.ComputeHash(entry);
        entry.EntityId = "2";
        Assert.NotEqual(hash, AuditChain.ComputeHash(entry));
    }
}
