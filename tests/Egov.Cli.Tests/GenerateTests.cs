using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Egov.Cli.Tests;

/// <summary>egov generate: reproducible, unique gapless codes, histories that end in the dossier's state, and rows the host serves.</summary>
public sealed class GenerateTests(SeededSqlite db) : IClassFixture<SeededSqlite>
{
    // A fixed last day: the same seed then gives the same dossiers whenever the test runs.
    internal static readonly string[] Args = ["generate", "--dossiers", "4000", "--seed", "7", "--years", "1", "--until", "2026-11-20"];

    [Fact]
    public async Task The_same_seed_gives_the_same_dossiers_and_the_histories_are_consistent()
    {
        var first = await db.CopyAsync("generated-1.db");
        var second = await db.CopyAsync("generated-2.db");
        string journal;
        await using (var before = new SqliteConnection(first)) journal = await GeneratedChecks.ScalarAsync<string>(before, "PRAGMA journal_mode");
        SqliteConnection.ClearAllPools();
        var run = await Cli.RunOnAsync(first, Args);
        run.Succeeded();
        Assert.Contains("Generated 4,000 dossiers", run.Out);
        Assert.Contains("4,000/4,000", run.Err);   // the progress line (plain lines: stderr is not a terminal here)
        (await Cli.RunOnAsync(second, Args)).Succeeded();

        await using var a = new SqliteConnection(first);
        await using var b = new SqliteConnection(second);
        Assert.Equal(await GeneratedChecks.FingerprintAsync(a), await GeneratedChecks.FingerprintAsync(b));
        await GeneratedChecks.AssertConsistentAsync(a, 4000);

        // The journal mode the file had (the load ran with the journal in memory), and every index is back.
        await using var c = new SqliteConnection(first);
        Assert.Equal(journal, await GeneratedChecks.ScalarAsync<string>(c, "PRAGMA journal_mode"));
        await using var seeded = new SqliteConnection(db.Connection);
        const string Indexes = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'os_dossier%'";
        Assert.Equal(await GeneratedChecks.ScalarAsync<long>(seeded, Indexes), await GeneratedChecks.ScalarAsync<long>(c, Indexes));

        var other = await db.CopyAsync("generated-3.db");
        (await Cli.RunOnAsync(other, [.. Args[..4], "8", .. Args[5..]])).Succeeded();
        await using var o = new SqliteConnection(other);
        Assert.NotEqual(await GeneratedChecks.FingerprintAsync(a), await GeneratedChecks.FingerprintAsync(o));
    }

    [Fact]
    public async Task Bad_arguments_are_named()
    {
        var count = await Cli.RunOnAsync(db.Connection, "generate", "--dossiers", "lots");
        count.Failed(1);
        Assert.Contains("--dossiers", count.Err);
        count.HasNoStackTrace();
        var years = await Cli.RunOnAsync(db.Connection, "generate", "--dossiers", "10", "--years", "0");
        years.Failed(1);
        Assert.Contains("--years", years.Err);
        var until = await Cli.RunOnAsync(db.Connection, "generate", "--dossiers", "10", "--until", "20/11/2026");
        until.Failed(1);
        Assert.Contains("--until", until.Err);
        var missing = await Cli.RunOnAsync(db.Connection, "generate");
        missing.Failed(2);
        Assert.Contains("--dossiers", missing.Err);
        Assert.Equal(1_000_000, Commands.GenerateCommands.ParseCount("1M"));
        Assert.Equal(250_000, Commands.GenerateCommands.ParseCount("250k"));
        Assert.Equal(1_000_000, Commands.GenerateCommands.ParseCount("1,000,000"));
    }

    [Fact]
    public async Task The_host_lists_searches_and_acts_on_generated_dossiers()
    {
        var file = await db.CopyAsync("generated-web.db");
        (await Cli.RunOnAsync(file, Args)).Succeeded();
        await using var host = new Host(file, Path.Combine(db.Directory, "web-accounts.txt"));
        host.StartServer();
        var leader = await host.SignInAsync("lanhdao", Password(db.AccountsFile, "lanhdao"));

        var all = await leader.GetFromJsonAsync<JsonElement>("/api/v1/dossiers?pageSize=50");
        Assert.True(all.GetProperty("total").GetInt32() >= 1000, all.ToString());   // counts stop at 1,000
        var found = await leader.GetFromJsonAsync<JsonElement>("/api/v1/dossiers?q=nguyen");
        Assert.NotEmpty(found.GetProperty("items").EnumerateArray());
        Assert.All(found.GetProperty("items").EnumerateArray(), i => Assert.StartsWith("Nguyễn", i.GetProperty("applicantName").GetString()));

        // An open dossier at a leader's step: the province leader signs it, and the history grows by one event.
        await using var c = new SqliteConnection(file);
        var code = await GeneratedChecks.ScalarAsync<string>(c,
            "SELECT \"Code\" FROM os_dossiers WHERE \"StepRole\" = 'leader' AND \"CompletedAt\" IS NULL AND \"State\" IN ('PHE_DUYET', 'KY_CHUNG_THUC') ORDER BY \"Code\" LIMIT 1");
        var dossier = await leader.GetFromJsonAsync<JsonElement>($"/api/v1/dossiers/{code}");
        var events = dossier.GetProperty("history").GetArrayLength();
        var action = dossier.GetProperty("actions").EnumerateArray()
            .First(a => a.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "leader") && !a.GetProperty("requiresComment").GetBoolean())
            .GetProperty("code").GetString();
        using var acted = await leader.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/{action}", new { });
        Assert.True(acted.StatusCode == HttpStatusCode.OK, await acted.Content.ReadAsStringAsync());
        var after = await acted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(events + 1, after.GetProperty("history").GetArrayLength());
        Assert.Equal("TRA_KET_QUA", after.GetProperty("state").GetString());
    }

    private static string Password(string accountsFile, string userName)
    {
        foreach (var line in File.ReadLines(accountsFile))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var i = Array.IndexOf(words, userName);
            if (i >= 0 && i + 1 < words.Length) return words[i + 1];
        }
        throw new InvalidOperationException($"{userName} is not in {accountsFile}.");
    }

    /// <summary>The real web host over the generated file, on Kestrel.</summary>
    private sealed class Host : WebApplicationFactory<Egov.Web.Api.DossierJson>
    {
        private readonly string _connection, _accountsFile;

        public Host(string connection, string accountsFile)
        {
            (_connection, _accountsFile) = (connection, accountsFile);
            UseKestrel(0);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var (connection, accountsFile) = (_connection, _accountsFile);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", connection);
            builder.UseSetting("Demo:SeedOnStart", "false");
            builder.UseSetting("Demo:AccountsFile", accountsFile);
            builder.UseSetting("Jobs:Enabled", "false");
            builder.UseEnvironment("Production");
        }

        public async Task<HttpClient> SignInAsync(string userName, string password)
        {
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var client = new HttpClient { BaseAddress = new Uri(address) };
            using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
            response.EnsureSuccessStatusCode();
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        }
    }
}

public sealed class GeneratePostgresTests(SeededPostgres pg, SeededSqlite sqlite) : IClassFixture<SeededPostgres>, IClassFixture<SeededSqlite>
{
    [PostgresFact]
    public async Task PostgreSQL_gets_the_same_dossiers_as_SQLite_from_the_same_seed()
    {
        var run = await Cli.RunWithProviderAsync("PostgreSql", pg.Connection, GenerateTests.Args);
        run.Succeeded();
        var file = await sqlite.CopyAsync("generated-pg-twin.db");
        (await Cli.RunOnAsync(file, GenerateTests.Args)).Succeeded();

        await using var p = new NpgsqlConnection(pg.Connection);
        await using var s = new SqliteConnection(file);
        await GeneratedChecks.AssertConsistentAsync(p, 4000);
        Assert.Equal(await GeneratedChecks.FingerprintAsync(s), await GeneratedChecks.FingerprintAsync(p));
    }
}

/// <summary>The same SQL on both engines.</summary>
internal static class GeneratedChecks
{
    /// <summary>Code, state and status of every dossier, in code order.</summary>
    public static async Task<string> FingerprintAsync(DbConnection c)
    {
        if (c.State != System.Data.ConnectionState.Open) await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT \"Code\", \"State\", \"Status\", \"ApplicantName\" FROM os_dossiers ORDER BY \"Code\"";
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync()) text.Append(reader.GetString(0)).Append(' ').Append(reader.GetString(1)).Append(' ').Append(reader.GetInt32(2)).Append(' ').AppendLine(reader.GetString(3));
        return text.ToString();
    }

    public static async Task AssertConsistentAsync(DbConnection c, int count)
    {
        Assert.Equal(count, await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers"));
        Assert.Equal(count, await ScalarAsync<long>(c, "SELECT COUNT(DISTINCT \"Code\") FROM os_dossiers"));
        // Gapless per agency and day: the highest number of each agency's day is the number of its dossiers that day.
        Assert.Equal(0, await ScalarAsync<long>(c, """
            SELECT COUNT(*) FROM (SELECT substr("Code", 1, length("Code") - 5) AS day, COUNT(*) AS n,
                MAX(CAST(substr("Code", length("Code") - 3) AS INTEGER)) AS last FROM os_dossiers GROUP BY substr("Code", 1, length("Code") - 5)) x
            WHERE n <> last
            """));
        // The day counters continue from the last generated number.
        Assert.Equal(0, await ScalarAsync<long>(c, """
            SELECT COUNT(*) FROM (SELECT substr("Code", 1, length("Code") - 5) AS day, COUNT(*) AS n FROM os_dossiers GROUP BY substr("Code", 1, length("Code") - 5)) x
            LEFT JOIN os_dossier_code_counters k ON k."AgencyCode" || '-' || k."Day" = x.day WHERE k."Last" IS NULL OR k."Last" <> x.n
            """));
        // Every history starts at 1 without a gap, and its last event leads to the dossier's state.
        Assert.Equal(0, await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers d WHERE NOT EXISTS (SELECT 1 FROM os_dossier_events e WHERE e.\"DossierId\" = d.\"Id\")"));
        Assert.Equal(0, await ScalarAsync<long>(c, """
            SELECT COUNT(*) FROM (SELECT "DossierId", COUNT(*) AS n, MIN("Sequence") AS first, MAX("Sequence") AS last FROM os_dossier_events GROUP BY "DossierId") x
            WHERE n <> last OR first <> 1
            """));
        Assert.Equal(0, await ScalarAsync<long>(c, """
            SELECT COUNT(*) FROM os_dossiers d JOIN os_dossier_events e ON e."DossierId" = d."Id"
                AND e."Sequence" = (SELECT MAX("Sequence") FROM os_dossier_events x WHERE x."DossierId" = d."Id")
            WHERE e."ToState" <> d."State"
            """));
        // Every dossier has its receiving party; finished ones have a completion time, open ones a step role.
        Assert.Equal(count, await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossier_parties WHERE \"Role\" = 'Receiving'"));
        Assert.Equal(0, await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Status\" IN (3, 7, 9, 10) AND \"CompletedAt\" IS NULL"));
        Assert.Equal(0, await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Status\" IN (1, 2, 4, 5, 6) AND (\"StepRole\" IS NULL OR \"CompletedAt\" IS NOT NULL)"));
        // A realistic mix: most returned, some refused, withdrawn, late, online.
        Assert.InRange(await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Status\" = 10"), count * 0.75, count * 0.95);
        Assert.InRange(await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Status\" = 3"), count * 0.02, count * 0.15);
        Assert.InRange(await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Timeliness\" = 'Late'"), count * 0.01, count * 0.15);
        Assert.InRange(await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Channel\" = 'Online'"), count * 0.15, count * 0.6);
        Assert.True(await ScalarAsync<long>(c, "SELECT COUNT(*) FROM os_dossiers WHERE \"Status\" = 7") > 0);
    }

    public static async Task<T> ScalarAsync<T>(DbConnection c, string sql)
    {
        if (c.State != System.Data.ConnectionState.Open) await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
