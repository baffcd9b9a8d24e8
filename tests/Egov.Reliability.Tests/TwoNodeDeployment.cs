using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Egov.Hosting;
using Egov.Platform.Data;
using Egov.Testing;
using Npgsql;

namespace Egov.Reliability.Tests;

/// <summary>
/// The deployment of docs/deployment.md "PostgreSQL and several nodes", for real: a database migrated and seeded
/// beforehand (as `egov migrate` and `egov seed demo` do), two hosts started at the same moment on two loopback ports
/// with the same Database settings, and Debian's nginx balancing between them round-robin. Every background job loop
/// runs on both nodes; the escalation pass every second, so that the nodes race for its lease all the time.
/// </summary>
public sealed class TwoNodeDeployment : IAsyncLifetime
{
    public const string CommuneCode = "000.01.40.H56";
    public const string ProcedureCode = "1.001193.000.00.00.H56";   // a commune civil-status procedure of the seed
    public static readonly TimeSpan JobInterval = TimeSpan.FromSeconds(1);

    /// <summary>EGOV_TWO_NODE_ROUNDS scales every test (./test.sh: 3; scripts/reliability.sh: 30).</summary>
    public static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("EGOV_TWO_NODE_ROUNDS"), out var r) && r > 0 ? r : 3;

    public TestDatabase Database { get; private set; } = null!;
    public IReadOnlyList<DemoAccount> Accounts { get; private set; } = [];
    public HostProcess NodeA { get; private set; } = null!;
    public HostProcess NodeB { get; private set; } = null!;
    public NginxProcess Proxy { get; private set; } = null!;
    public Guid CommuneId { get; private set; }

    public async Task InitializeAsync()
    {
        (Database, Accounts) = await TestDatabase.CreateSeededAsync(DatabaseProvider.PostgreSql);
        Dictionary<string, string?> Settings(bool migrate) => new()
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = Database.ConnectionString,
            ["Database:MigrateOnStart"] = migrate ? "true" : "false",
            ["Demo:SeedOnStart"] = "false",
            ["Jobs:Intervals:onestop.escalation"] = JobInterval.ToString(),
            ["Security:SignInPermitsPerMinute"] = "100000",
        };
        // Both at once, as a service manager starts them: neither may count on the other having prepared anything.
        var a = HostProcess.StartAsync(Settings(migrate: true));
        var b = HostProcess.StartAsync(Settings(migrate: false));
        try { await Task.WhenAll(a, b); }
        catch
        {
            foreach (var started in new[] { a, b }.Where(t => t.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            throw;
        }
        (NodeA, NodeB) = (a.Result, b.Result);
        Proxy = await NginxProcess.StartAsync([NodeA.Address, NodeB.Address]);
        CommuneId = await ScalarAsync<Guid>("SELECT \"Id\" FROM dir_agencies WHERE \"Code\" = @p0", CommuneCode);
    }

    public async Task DisposeAsync()
    {
        if (Proxy is not null) await Proxy.DisposeAsync();
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (NodeB is not null) await NodeB.DisposeAsync();
        if (Database is not null) await Database.DisposeAsync();
    }

    public string PasswordOf(string userName) => Accounts.Single(a => a.UserName == userName).Password;

    /// <summary>A client of <paramref name="address"/> carrying a bearer token issued by <paramref name="issuer"/> (default: the same address).</summary>
    public async Task<HttpClient> ApiClientAsync(Uri address, string userName, Uri? issuer = null)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(issuer ?? address, userName));
        return client;
    }

    public async Task<string> TokenAsync(Uri issuer, string userName)
    {
        using var client = new HttpClient { BaseAddress = issuer, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = PasswordOf(userName) });
        Assert.True(response.IsSuccessStatusCode, $"Sign-in of {userName} at {issuer}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>A counter reception at the commune; the dossier's code.</summary>
    public static async Task<HttpResponseMessage> ReceiveAsync(HttpClient client, Guid agencyId, string applicantName, string? idempotencyKey = null,
        CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers")
        {
            Content = JsonContent.Create(new
            {
                procedureCode = ProcedureCode, receivingAgencyId = agencyId, applicantName, applicantIdNumber = "038095001234", receivedDocuments = new[] { 0 },
            }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request, ct);
    }

    public static async Task<string> ReceivedCodeAsync(HttpClient client, Guid agencyId, string applicantName)
    {
        using var response = await ReceiveAsync(client, agencyId, applicantName);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters) => (T)(await ColumnAsync(sql, parameters)).Single();

    /// <summary>The first column of every row, read straight from PostgreSQL (what an operator's psql would show).</summary>
    public async Task<List<object>> ColumnAsync(string sql, params object[] parameters) =>
        (await RowsAsync(sql, parameters)).Select(r => r[0]).ToList();

    public async Task<List<object[]>> RowsAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++) command.Parameters.AddWithValue($"p{i}", parameters[i]);
        var rows = new List<object[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < parameters.Length; i++) command.Parameters.AddWithValue($"p{i}", parameters[i]);
        return await command.ExecuteNonQueryAsync();
    }
}
