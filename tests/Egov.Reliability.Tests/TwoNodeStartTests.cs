using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Egov.Reliability.Tests;

/// <summary>
/// The production start of docs/deployment.md: `egov migrate` on an empty PostgreSQL database, then every node started
/// by the service manager at the same moment, none migrating. Each node prepares what it needs at start (the holiday
/// rules, the default escalation rules, the data-protection key); racing, they must all come up and prepare it once.
/// </summary>
public class TwoNodeStartTests
{
    [Fact]
    public async Task Nodes_started_at_once_on_a_freshly_migrated_database_all_come_up_and_seed_once()
    {
        await using var database = await TestDatabase.CreateEmptyAsync(DatabaseProvider.PostgreSql);
        await using (var services = database.BuildServices())
        await using (var scope = await database.MigratedScopeAsync(services)) { }
        NpgsqlConnection.ClearAllPools();

        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Database:MigrateOnStart"] = "false",
            ["Demo:SeedOnStart"] = "false",
            ["Jobs:Enabled"] = "false",
        };
        var starting = Enumerable.Range(0, 3).Select(_ => HostProcess.StartAsync(settings)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            foreach (var host in starting.Where(t => t.IsCompletedSuccessfully)) await host.Result.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        async Task<long> CountAsync(string sql) => (long)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
        var shipped = Egov.Calendar.Module.CalendarService.LoadSeed();
        Assert.Equal(shipped.Rules.Count, await CountAsync("SELECT COUNT(*) FROM cal_holiday_rules"));
        Assert.Equal(Egov.OneStop.Escalation.EscalationRuleService.Defaults.Count, await CountAsync("SELECT COUNT(*) FROM os_escalation_rules"));
        // One key: a cookie or token protected by one node must be readable by every other from their first request on.
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM sys_data_protection_keys"));
    }
}
