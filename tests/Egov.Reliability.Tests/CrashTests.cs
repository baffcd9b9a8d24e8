using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Egov.Audit;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Egov.Reliability.Tests;

/// <summary>
/// Crash safety: counter receptions under load while the host is killed with SIGKILL at random moments and restarted.
/// Every reception answered 201 must be there afterwards, intact; dossier codes stay unique and gapless per agency and
/// day; the file and the audit chain need no repair. EGOV_CRASH_ROUNDS sets the number of kills (./test.sh: 6;
/// scripts/reliability.sh: 25).
/// </summary>
public class CrashTests(ITestOutputHelper output)
{
    private const string ProcedureCode = "1.001193.000.00.00.H56";   // a commune civil-status procedure of the seed
    private const string CommuneCode = "000.01.40.H56";

    [Fact]
    public async Task Acknowledged_receptions_survive_repeated_kill_9_with_unique_gapless_codes()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("EGOV_CRASH_ROUNDS"), out var r) ? r : 6;
        var (database, accounts) = await TestDatabase.CreateSeededAsync(DatabaseProvider.Sqlite);
        await using var _ = database;
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = database.ConnectionString.Replace("Pooling=False", "Pooling=True"),
            ["Demo:SeedOnStart"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Security:SignInPermitsPerMinute"] = "100000",
        };
        var password = accounts.Single(a => a.UserName == "motcua.xa1").Password;
        var communeId = await ScalarAsync<string>(database, "SELECT \"Id\" FROM dir_agencies WHERE \"Code\" = $p0", CommuneCode);
        var acknowledged = new ConcurrentDictionary<string, string>();   // code → applicant name sent
        var random = new Random(20261124);
        var sent = 0;

        for (var round = 1; round <= rounds; round++)
        {
            await using var host = await HostProcess.StartAsync(settings);
            using var client = await SignInAsync(host.Address, "motcua.xa1", password);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var name = $"Nguyễn Văn Thử {round}-{w}-{Interlocked.Increment(ref sent)}";
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers")
                    {
                        Content = JsonContent.Create(new
                        {
                            procedureCode = ProcedureCode, receivingAgencyId = communeId, applicantName = name,
                            applicantIdNumber = "038095001234", receivedDocuments = new[] { 0 },
                        }),
                    };
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                    try
                    {
                        using var response = await client.SendAsync(request, stop.Token);
                        if (response.StatusCode != HttpStatusCode.Created) continue;
                        var code = (await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token)).GetProperty("code").GetString()!;
                        Assert.True(acknowledged.TryAdd(code, name), $"Code {code} was given twice.");
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException) { }
                }
            })).ToList();
            await Task.Delay(random.Next(300, 1500));
            host.Kill();   // mid-flight: some requests are being written, some answered, some not yet read
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        output.WriteLine($"{rounds} kills, {sent} receptions sent, {acknowledged.Count} acknowledged.");
        Assert.True(acknowledged.Count >= rounds, "Too few receptions were acknowledged for the test to mean anything.");

        // Restarted once more: every acknowledged dossier is there, as sent.
        await using (var host = await HostProcess.StartAsync(settings))
        using (var client = await SignInAsync(host.Address, "motcua.xa1", password))
            foreach (var (code, name) in acknowledged)
            {
                using var response = await client.GetAsync($"/api/v1/dossiers/{code}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var dossier = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal((code, name, ProcedureCode), (dossier.GetProperty("code").GetString(), dossier.GetProperty("applicantName").GetString(),
                    dossier.GetProperty("procedureCode").GetString()));
            }

        // The file: intact, codes unique and gapless per agency and day, each dossier with its reception in the history.
        Assert.Equal("ok", await ScalarAsync<string>(database, "PRAGMA integrity_check"));
        var codes = await ListAsync(database, "SELECT \"Code\" FROM os_dossiers WHERE \"ApplicantName\" LIKE 'Nguyễn Văn Thử %'");
        Assert.Equal(codes.Count, codes.Distinct().Count());
        foreach (var series in codes.GroupBy(c => c[..c.LastIndexOf('-')]))
            Assert.Equal(Enumerable.Range(1, series.Count()), series.Select(c => int.Parse(c[(c.LastIndexOf('-') + 1)..])).Order());
        Assert.Equal(0L, await ScalarAsync<long>(database,
            "SELECT COUNT(*) FROM os_dossiers d WHERE NOT EXISTS (SELECT 1 FROM os_dossier_events e WHERE e.\"DossierId\" = d.\"Id\")"));
        await using var services = database.BuildServices();
        await using var scope = services.CreateScopeAs(new SystemCaller("test"));
        var verification = await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync();
        Assert.True(verification.Intact, $"The audit chain is broken: {verification}");
    }

    private static async Task<HttpClient> SignInAsync(Uri address, string userName, string password)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql, params object[] parameters) =>
        (T)Convert.ChangeType((await FirstColumnAsync(database, sql, parameters))[0], typeof(T));

    private static async Task<List<string>> ListAsync(TestDatabase database, string sql) =>
        (await FirstColumnAsync(database, sql)).Select(v => (string)v).ToList();

    /// <summary>The first column of every row, straight from the file (the host is stopped or killed).</summary>
    private static async Task<List<object>> FirstColumnAsync(TestDatabase database, string sql, params object[] parameters)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++) command.Parameters.AddWithValue($"$p{i}", parameters[i]);
        var values = new List<object>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetValue(0));
        return values;
    }
}
