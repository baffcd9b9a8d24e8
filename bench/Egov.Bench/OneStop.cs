using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Testing;
using Egov.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Egov.Bench;

/// <summary>
/// The one-stop counter over HTTP (issue 4's speed targets): the real web host on Kestrel over a fresh SQLite file, and
/// in the same run a bare ASP.NET Core endpoint writing the same rows with plain ADO.NET (the raw limit), both driven
/// by an in-process load generator over loopback. Cases: counter receptions, one action per received dossier, then —
/// after bulk-loading a large number of dossiers straight into the file — the specialist's inbox and searches.
///   dotnet run -c Release --project bench/Egov.Bench -- onestop [seconds-per-case] [bulk-dossiers] [clients]
/// </summary>
public static class OneStopBench
{
    internal const string ProcedureCode = "1.001193.000.00.00.H56";
    private const string CommuneCode = "000.01.40.H56";
    // The write cases work at a second commune: thousands of receptions in a few seconds are months of a commune's work,
    // and left in the measured commune they would make its inbox and searches unlike any real commune's.
    private const string WritingCommuneCode = "000.02.40.H56";
    private const string ProvinceCode = "000.00.00.H56";
    private const string Action = "chuyen_tham_dinh";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], Inv) : 5;
        var bulk = args.Length > 1 ? int.Parse(args[1], Inv) : 1_000_000;
        var clients = args.Length > 2 ? int.Parse(args[2], Inv) : 32;
        var output = Console.Out;

        Console.Error.WriteLine("Seeding the demo province (SQLite)…");
        var (db, accounts) = await TestDatabase.CreateSeededAsync(DatabaseProvider.Sqlite);
        await using var _db = db;
        var (rawDb, _) = await TestDatabase.CreateSeededAsync(DatabaseProvider.Sqlite);
        await using var _rawDb = rawDb;
        var egovFile = Pooled(db.ConnectionString);
        var rawFile = Pooled(rawDb.ConnectionString);
        var catalogue = await Catalogue.ReadAsync(egovFile);
        _wal = new SqliteConnectionStringBuilder(egovFile).DataSource + "-wal";

        // The host's JSON request log goes to a file, as a container's stdout would (not to this table).
        var log = new StreamWriter(Path.Combine(db.Folder, "host-stdout.log"));
        Console.SetOut(log);
        var rows = new List<(string Case, Stats Egov, Stats Raw, string Target, bool Met)>();
        var loadTime = TimeSpan.Zero;
        try
        {
            await using var host = new EgovWebHost(new()
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = egovFile,
                ["Demo:SeedOnStart"] = "false",
                ["Demo:AccountsFile"] = Path.Combine(db.Folder, "demo-accounts.txt"),
                ["Jobs:Enabled"] = "false",
                ["Security:SignInPermitsPerMinute"] = "100000",
                ["Security:RegistrationPermitsPerMinute"] = "100000",
                // EGOV_BENCH_SQL_LOG=file: every SQL command with its duration, to see where a request's time goes.
                ["Logging:File"] = Environment.GetEnvironmentVariable("EGOV_BENCH_SQL_LOG"),
                ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] =
                    Environment.GetEnvironmentVariable("EGOV_BENCH_SQL_LOG") is null ? "Warning" : "Information",
            });
            host.StartServer();
            await using var raw = await RawEndpoint.StartAsync(rawFile, egovFile, catalogue);
            var officer = await SignInAsync(host.Address, "motcua.xa1", accounts);
            var specialist = await SignInAsync(host.Address, "tuphap.xa1", accounts);
            var writer = await SignInAsync(host.Address, "motcua.xa2", accounts);
            var leader = await SignInAsync(host.Address, "lanhdao", accounts);
            var bare = Client(raw.Address);

            // 1. Counter reception with receipt (201 + the dossier with its code and appointment).
            var commune = catalogue.Agency(CommuneCode);
            var bodies = Names.Sample(64).Select(n => JsonSerializer.Serialize(new
            {
                procedureCode = ProcedureCode, receivingAgencyId = catalogue.Agency(WritingCommuneCode).Id, applicantName = n,
                applicantIdNumber = "038095001234", receivedDocuments = new[] { 0 },
            })).ToArray();
            var egovCodes = new ConcurrentQueue<string>();
            var rawCodes = new ConcurrentQueue<string>();
            Func<int, Task<bool?>> Receive(HttpClient c, string path, ConcurrentQueue<string> codes) => async i =>
            {
                using var response = await c.PostAsync(path, new StringContent(bodies[i % bodies.Length], Encoding.UTF8, "application/json"));
                if (response.StatusCode != HttpStatusCode.Created) return false;
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                codes.Enqueue(json.RootElement.GetProperty("code").GetString()!);
                return true;
            };
            Progress("receptions");
            rows.Add(("counter reception (POST /api/v1/dossiers)",
                await Measure(clients, seconds, Receive(writer, "/api/v1/dossiers", egovCodes)),
                await Measure(clients, seconds, Receive(bare, "/dossiers", rawCodes)), "≥ 1,000/s", false));

            // 2. One action on each received dossier (TIEP_NHAN → THAM_DINH).
            Func<int, Task<bool?>> Act(HttpClient c, string path, ConcurrentQueue<string> codes) => async _ =>
            {
                if (!codes.TryDequeue(out var code)) return null;
                using var response = await c.PostAsync($"{path}/{code}/actions/{Action}", new StringContent("{}", Encoding.UTF8, "application/json"));
                return response.StatusCode == HttpStatusCode.OK;
            };
            Progress("actions");
            rows.Add(($"action {Action} (POST …/actions/{{action}})",
                await Measure(clients, seconds, Act(writer, "/api/v1/dossiers", egovCodes)),
                await Measure(clients, seconds, Act(bare, "/dossiers", rawCodes)), "≥ 2,000/s", false));

            // 3. Inbox and search over a large database (bulk 0: the write cases only).
            loadTime = TimeSpan.Zero;
            if (bulk > 0) await ReadsAsync();
            async Task ReadsAsync()
            {
                Progress($"bulk-loading {bulk:N0} dossiers");
                loadTime = await BulkLoad.RunAsync(egovFile, bulk, catalogue);
                Console.Error.WriteLine($"  loaded in {loadTime.TotalSeconds:0.0} s ({bulk / loadTime.TotalSeconds:N0} dossiers/s)");
                Func<int, Task<bool?>> Get(HttpClient c, string url) => async _ =>
                {
                    using var response = await c.GetAsync(url);
                    await response.Content.CopyToAsync(Stream.Null);
                    return response.StatusCode == HttpStatusCode.OK;
                };
                var communePath = Uri.EscapeDataString(commune.Path);
                var provincePath = Uri.EscapeDataString(catalogue.Agency(ProvinceCode).Path);
                // Dossiers of the officer's commune from the bulk load, each looked up once in turn.
                var communeCodes = new List<string>();
                await using (var c = new SqliteConnection(egovFile))
                {
                    await c.OpenAsync();
                    await using var r = await Catalogue.Sql(c, "SELECT \"Code\" FROM os_dossiers WHERE \"AgencyPath\" = $p LIMIT 5000", ("$p", commune.Path)).ExecuteReaderAsync();
                    while (await r.ReadAsync()) communeCodes.Add(r.GetString(0));
                }
                Func<int, Task<bool?>> LookUp(HttpClient c, Func<string, string> url) => async i =>
                {
                    using var response = await c.GetAsync(url(communeCodes[i % communeCodes.Count]));
                    await response.Content.CopyToAsync(Stream.Null);
                    return response.StatusCode == HttpStatusCode.OK;
                };
                Progress($"look-ups by code, {clients} clients");
                rows.Add(($"look-up by code (GET /api/v1/dossiers/{{code}}, audited read), commune officer, {clients} clients",
                    await Measure(clients, seconds, LookUp(officer, code => $"/api/v1/dossiers/{code}")),
                    await Measure(clients, seconds, LookUp(bare, code => $"/dossier/{code}?path={communePath}")), "≥ 10,000/s", false));
                var reads = new (string Name, HttpClient Egov, string EgovUrl, string RawUrl)[]
                {
                    ("inbox of the commune specialist (GET ?mine=true)", specialist, "/api/v1/dossiers?mine=true", $"/inbox?path={communePath}&role=specialist"),
                    ("search \"nguyen van\", commune officer", officer, "/api/v1/dossiers?q=nguyen%20van", $"/search?path={communePath}&q=nguyen%20van"),
                    ("search \"nguyen van\", province leader", leader, "/api/v1/dossiers?q=nguyen%20van", $"/search?path={provincePath}&q=nguyen%20van"),
                };
                foreach (var n in new[] { 1, clients })
                    foreach (var r in reads.Where(r => n == 1 || !r.Name.Contains("province")))  // province-wide: seconds per call, one client says enough
                    {
                        Progress($"{r.Name}, {n} client(s)");
                        var egov = await Measure(n, seconds, Get(r.Egov, r.EgovUrl));
                        rows.Add(($"{r.Name}, {n} client{(n > 1 ? "s" : "")}", egov, await Measure(n, seconds, Get(bare, r.RawUrl)), "p95 < 50 ms", egov.P(0.95) < 50));
                    }
            }
        }
        finally
        {
            Console.SetOut(output);
            await log.DisposeAsync();
        }

        // EGOV_BENCH_KEEP=file: a copy of Egov's database as the run left it, to study a query plan afterwards.
        if (Environment.GetEnvironmentVariable("EGOV_BENCH_KEEP") is { Length: > 0 } keep)
        {
            File.Delete(keep);
            await using var c = new SqliteConnection(egovFile);
            await c.OpenAsync();
            await Catalogue.Sql(c, "VACUUM INTO $f", ("$f", Path.GetFullPath(keep))).ExecuteNonQueryAsync();
            Console.Error.WriteLine($"Kept a copy of the database in {keep}.");
        }

        rows = rows.Select(r => r.Target.StartsWith('≥') ? r with { Met = r.Egov.PerSecond >= double.Parse(r.Target[2..].Replace(",", "").Replace("/s", ""), Inv) } : r).ToList();
        var table = new StringBuilder()
            .AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine()}; {seconds} s per case, {clients} concurrent clients unless the case says otherwise; "
                + $"{bulk:N0} dossiers bulk-loaded for the reads in {loadTime.TotalSeconds:0} s.")
            .AppendLine()
            .AppendLine("| case | Egov req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req | raw req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | Egov / raw | target | met |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var (name, egov, rawStats, target, met) in rows)
            table.AppendLine(Inv, $"| {name} | {Rate(egov.PerSecond)} | {egov.P(0.5):0.0} | {egov.P(0.95):0.0} | {egov.P(0.99):0.0} | {egov.Errors} | {egov.CpuPerRequest:0.00} | "
                + $"{Rate(rawStats.PerSecond)} | {rawStats.P(0.5):0.0} | {rawStats.P(0.95):0.0} | {rawStats.P(0.99):0.0} | {rawStats.CpuPerRequest:0.00} | {egov.PerSecond / rawStats.PerSecond:0.00} | {target} | {(met ? "yes" : "**no**")} |");
        Console.WriteLine(table);
        if (bulk > 0) WriteResults(table.ToString());   // a writes-only run is a quick check, not the record
    }

    /// <summary>Replaces the measured table of the "One-stop over HTTP" section of bench/RESULTS.md (between its markers).</summary>
    private static void WriteResults(string table)
    {
        const string Begin = "<!-- onestop:begin -->", End = "<!-- onestop:end -->";
        var file = Path.Combine("bench", "RESULTS.md");
        if (!File.Exists(file)) return;
        var text = File.ReadAllText(file);
        var (from, to) = (text.IndexOf(Begin, StringComparison.Ordinal), text.IndexOf(End, StringComparison.Ordinal));
        text = from >= 0 && to > from
            ? text[..(from + Begin.Length)] + "\n" + table + text[to..]
            : text.TrimEnd() + $"\n\n## One-stop over HTTP\n\n{Begin}\n{table}{End}\n";
        File.WriteAllText(file, text);
        Console.Error.WriteLine($"Updated {file}.");
    }

    private static string Rate(double perSecond) => perSecond.ToString(perSecond < 10 ? "0.0" : "N0", Inv);

    private static string? _wal;

    /// <summary>With the size of Egov's WAL: a WAL that readers keep from being reset slows every page read.</summary>
    private static void Progress(string what) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {what}…"
        + (_wal is not null && File.Exists(_wal) ? $" (WAL {new FileInfo(_wal).Length / 1e6:0.0} MB)" : ""));

    private static string Pooled(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Pooling = true }.ToString();

    private static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return $"{Environment.ProcessorCount} cores ({model}), {long.Parse(memory, Inv) / 1024 / 1024} GB, "
            + $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static HttpClient Client(Uri address) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false, AllowAutoRedirect = false,
    }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };

    private static async Task<HttpClient> SignInAsync(Uri address, string userName, IReadOnlyList<Egov.Hosting.DemoAccount> accounts)
    {
        var client = Client(address);
        var password = accounts.Single(a => a.UserName == userName).Password;
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Latencies of one case: <paramref name="clients"/> workers call <paramref name="operation"/> in a loop
    /// (null: nothing left to do) for <paramref name="seconds"/>, after a warm-up of 20 calls or 1 s.</summary>
    private static async Task<Stats> Measure(int clients, double seconds, Func<int, Task<bool?>> operation)
    {
        // Warm-up under the same load, not counted, until the JIT has finished moving the hot paths to its top tier (a
        // serving host has done so long ago): on 2 busy cores that takes tens of seconds, at 30 % of the CPU meanwhile.
        var next = -1;
        var warmUp = Stopwatch.StartNew();
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var round = await Run(clients, 2, operation, () => Interlocked.Increment(ref next));
            if (round.Count == 0) break;
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled > 50 && warmUp.Elapsed.TotalSeconds < 90);
        Console.Error.WriteLine($"  measuring after {warmUp.Elapsed.TotalSeconds:0} s of warm-up");
        return await Run(clients, seconds, operation, () => Interlocked.Increment(ref next));
    }

    private static async Task<Stats> Run(int clients, double seconds, Func<int, Task<bool?>> operation, Func<int> next)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (jitCount, jitTime) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var total = Stopwatch.StartNew();
        var errors = 0;
        var latencies = new List<double>[clients];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>();
            while (total.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                var ok = await operation(next());
                if (ok is null) break;
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (ok == false) Interlocked.Increment(ref errors);
            }
        })));
        var elapsed = total.Elapsed.TotalSeconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        if (seconds > 2) Console.Error.WriteLine($"  JIT while measuring: {System.Runtime.JitInfo.GetCompiledMethodCount() - jitCount} methods, {(System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:0} ms");
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Stats(all.Length - errors, errors, elapsed, all, cpu.TotalMilliseconds / Math.Max(1, all.Length));
    }

    /// <summary><paramref name="CpuPerRequest"/>: milliseconds of CPU of this process (host, load generator and raw
    /// endpoint together; only one of them serves at a time) per request.</summary>
    private sealed record Stats(int Count, int Errors, double Seconds, double[] Sorted, double CpuPerRequest)
    {
        public double PerSecond => Count / Seconds;
        public double P(double q) => Sorted.Length == 0 ? double.NaN : Sorted[Math.Min(Sorted.Length - 1, (int)(Sorted.Length * q))];
    }

    private sealed class EgovWebHost : WebApplicationFactory<DossierJson>
    {
        private readonly Dictionary<string, string?> _settings;
        public EgovWebHost(Dictionary<string, string?> settings) { _settings = settings; UseKestrel(0); }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in _settings) builder.UseSetting(key, value);
            builder.UseEnvironment("Production");
        }

        public Uri Address => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}

/// <summary>What the rows refer to: the communes (all dossiers are spread over them) and the birth registration procedure.</summary>
internal sealed record Catalogue(IReadOnlyList<AgencyRow> Agencies, string ProcedureCode, int ProcedureVersion, string ProcedureName, string Field)
{
    public AgencyRow Agency(string code) => Agencies.Single(a => a.Code == code);
    public IReadOnlyList<AgencyRow> Communes => Agencies.Where(a => a.Kind == "CommuneCommittee").ToList();

    public static async Task<Catalogue> ReadAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var agencies = new List<AgencyRow>();
        await using (var reader = await Sql(connection, "SELECT \"Id\", \"Code\", \"Path\", \"Kind\", COALESCE(\"ShortName\", \"Name\") FROM dir_agencies").ExecuteReaderAsync())
            while (await reader.ReadAsync())
                agencies.Add(new AgencyRow(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        await using var procedure = await Sql(connection, "SELECT \"CurrentVersion\", \"Name\", \"FieldCode\" FROM proc_procedures WHERE \"Code\" = $c", ("$c", OneStopBench.ProcedureCode)).ExecuteReaderAsync();
        await procedure.ReadAsync();
        return new Catalogue(agencies, OneStopBench.ProcedureCode, procedure.GetInt32(0), procedure.GetString(1), procedure.GetString(2));
    }

    public static SqliteCommand Sql(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

internal sealed record AgencyRow(Guid Id, string Code, string Path, string Kind, string Name);

/// <summary>The rows a reception writes, as plain SQL with the column values EF Core would store (Guids as upper-case text).</summary>
internal static class DossierRows
{
    private static readonly string[] DossierColumns =
    [
        "Id", "Code", "ProcedureCode", "ProcedureVersion", "ProcedureName", "Field", "ReceivingAgencyId", "AgencyPath", "CurrentAgencyId",
        "CurrentAgencyPath", "ApplicantName", "ApplicantSearchName", "ApplicantIdNumber", "Channel", "ReturnChannel", "CreatedBy", "FeeAmount",
        "Extensions", "State", "Status", "StepRole", "ReceivedAt", "AppointmentAt", "StepStartedAt", "StepDueAt", "CompletedAt", "Timeliness", "Version",
    ];
    private static readonly string[] EventColumns = ["Id", "DossierId", "Sequence", "At", "Actor", "Action", "FromState", "ToState", "AgencyId", "AgencyName"];

    public static string InsertSql(string table, string[] columns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";

    public static SqliteCommand Dossier(SqliteConnection c) => Prepared(c, InsertSql("os_dossiers", DossierColumns), DossierColumns);
    public static SqliteCommand Event(SqliteConnection c) => Prepared(c, InsertSql("os_dossier_events", EventColumns), EventColumns);
    private static readonly string[] PartyColumns = ["DossierId", "AgencyId", "AgencyPath", "Role", "ReceivedAt", "Code", "ApplicantIdNumber", "ApplicantSearchName"];
    public static SqliteCommand Party(SqliteConnection c) => Prepared(c, InsertSql("os_dossier_parties", PartyColumns), PartyColumns);

    /// <summary>The receiving agency's party row, with the dossier's search keys as Egov copies them.</summary>
    public static void FillParty(SqliteCommand p, Guid dossierId, string code, AgencyRow agency, string name, string idNumber, DateTime receivedAt)
    {
        p.Set("DossierId", dossierId); p.Set("AgencyId", agency.Id); p.Set("AgencyPath", agency.Path); p.Set("Role", "Receiving");
        p.Set("ReceivedAt", receivedAt); p.Set("Code", code); p.Set("ApplicantIdNumber", idNumber); p.Set("ApplicantSearchName", VietnameseText.Fold(name));
    }

    private static SqliteCommand Prepared(SqliteConnection connection, string sql, string[] columns)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var column in columns) command.Parameters.Add(new SqliteParameter("$" + column, DBNull.Value));
        return command;
    }

    public static void Set(this SqliteCommand command, string column, object? value) =>
        command.Parameters["$" + column].Value = value switch
        {
            null => DBNull.Value,
            Guid g => g.ToString().ToUpperInvariant(),
            _ => value,
        };
}

/// <summary>The raw limit: bare endpoints doing the same writes and reads with Microsoft.Data.Sqlite, no framework of Egov's.</summary>
internal sealed class RawEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private RawEndpoint(WebApplication app) => _app = app;
    public Uri Address => new(_app.Urls.First());
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private sealed record Reception(string ProcedureCode, Guid ReceivingAgencyId, string ApplicantName, string ApplicantIdNumber, int[]? ReceivedDocuments);

    public static async Task<RawEndpoint> StartAsync(string writeDatabase, string readDatabase, Catalogue catalogue)
    {
        await using (var c = new SqliteConnection(writeDatabase))
        {
            await c.OpenAsync();
            await Catalogue.Sql(c, "PRAGMA journal_mode=WAL").ExecuteNonQueryAsync();
        }
        var agencies = catalogue.Agencies.ToDictionary(a => a.Id);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        // SQLite has one writer: a bare endpoint serialises its write transactions in the process instead of retrying on SQLITE_BUSY.
        var writer = new SemaphoreSlim(1);

        app.MapPost("/dossiers", async (Reception input) =>
        {
            var agency = agencies[input.ReceivingAgencyId];
            var now = DateTime.UtcNow;
            var day = now.AddHours(7).ToString("yyMMdd", CultureInfo.InvariantCulture);
            var id = Ids.New();
            await writer.WaitAsync();
            try
            {
                await using var c = new SqliteConnection(writeDatabase);
                await c.OpenAsync();
                await using var tx = c.BeginTransaction();
                var sequence = Convert.ToInt32(await Catalogue.Sql(c, """
                    INSERT INTO os_dossier_code_counters ("AgencyCode", "Day", "Last") VALUES ($a, $d, 1)
                    ON CONFLICT ("AgencyCode", "Day") DO UPDATE SET "Last" = "Last" + 1 RETURNING "Last"
                    """, ("$a", agency.Code), ("$d", day)).ExecuteScalarAsync());
                var code = $"{agency.Code}-{day}-{sequence:D4}";
                await using var dossier = DossierRows.Dossier(c);
                Fill(dossier, id, code, catalogue, agency, input.ApplicantName, input.ApplicantIdNumber, "TIEP_NHAN", 2, "onestop-officer", now, null);
                await dossier.ExecuteNonQueryAsync();
                await using var party = DossierRows.Party(c);
                DossierRows.FillParty(party, id, code, agency, input.ApplicantName, input.ApplicantIdNumber, now);
                await party.ExecuteNonQueryAsync();
                await using var e = DossierRows.Event(c);
                FillEvent(e, id, 1, now, "receive", null, "TIEP_NHAN", agency);
                await e.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                return Results.Created($"/dossiers/{code}", new { code, status = 2, receivedAt = now, appointmentAt = now.AddDays(1) });
            }
            finally { writer.Release(); }
        });

        app.MapPost("/dossiers/{code}/actions/{action}", async (string code, string action) =>
        {
            var now = DateTime.UtcNow;
            await writer.WaitAsync();
            try
            {
                await using var c = new SqliteConnection(writeDatabase);
                await c.OpenAsync();
                await using var tx = c.BeginTransaction();
                await using var update = Catalogue.Sql(c, """
                    UPDATE os_dossiers SET "State" = 'THAM_DINH', "Status" = 4, "StepRole" = 'specialist', "StepStartedAt" = $t, "Version" = "Version" + 1
                    WHERE "Code" = $c AND "State" = 'TIEP_NHAN' RETURNING "Id", "CurrentAgencyId", "Version"
                    """, ("$c", code), ("$t", now));
                await using var reader = await update.ExecuteReaderAsync();
                if (!await reader.ReadAsync()) return Results.NotFound();
                var (id, agencyId, version) = (Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetInt32(2));
                await reader.DisposeAsync();
                await using var e = DossierRows.Event(c);
                FillEvent(e, id, 2, now, action, "TIEP_NHAN", "THAM_DINH", agencies[agencyId]);
                await e.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                return Results.Ok(new { code, state = "THAM_DINH", version });
            }
            finally { writer.Release(); }
        });

        const string Columns = "\"Code\", \"ProcedureCode\", \"ApplicantName\", \"State\", \"Status\", \"ReceivedAt\", \"AppointmentAt\", \"StepDueAt\", \"Version\"";
        async Task<IResult> Page(string where, params (string, object?)[] parameters)
        {
            await using var c = new SqliteConnection(readDatabase);
            await c.OpenAsync();
            var total = Convert.ToInt32(await Catalogue.Sql(c, $"SELECT COUNT(*) FROM os_dossiers d WHERE {where}", parameters).ExecuteScalarAsync());
            await using var reader = await Catalogue.Sql(c, $"SELECT {Columns} FROM os_dossiers d WHERE {where} ORDER BY \"ReceivedAt\" DESC, \"Code\" DESC LIMIT 50", parameters).ExecuteReaderAsync();
            var items = new List<object>();
            while (await reader.ReadAsync())
                items.Add(new { code = reader.GetString(0), procedureCode = reader.GetString(1), applicantName = reader.GetString(2), state = reader.GetString(3),
                    status = reader.GetInt32(4), receivedAt = reader.GetDateTime(5), appointmentAt = reader.GetDateTime(6),
                    stepDueAt = reader.IsDBNull(7) ? (DateTime?)null : reader.GetDateTime(7), version = reader.GetInt32(8) });
            return Results.Ok(new { items, total });
        }
        // A sub-tree as a range of paths ('~' sorts after the hex digits and '/' of a path), so that SQLite uses the path indexes
        // (a LIKE 'prefix%' cannot use them: LIKE is case-insensitive and the indexes are BINARY).
        app.MapGet("/inbox", (string path, string role) => Page(
            "\"CompletedAt\" IS NULL AND \"AssigneeId\" IS NULL AND \"StepRole\" = $r AND \"CurrentAgencyPath\" >= $p AND \"CurrentAgencyPath\" < $e",
            ("$r", role), ("$p", path), ("$e", path + "~")));
        app.MapGet("/search", (string path, string q) => Page(
            "\"Id\" IN (SELECT \"DossierId\" FROM os_dossier_parties WHERE \"AgencyPath\" >= $p AND \"AgencyPath\" < $e AND \"ApplicantSearchName\" LIKE $q ESCAPE '\\')",
            ("$p", path), ("$e", path + "~"), ("$q", VietnameseText.LikeContains(VietnameseText.Fold(q)))));
        // One dossier by code for an officer of a sub-tree: the row if one of its parties is there, and its history.
        app.MapGet("/dossier/{code}", async (string code, string path) =>
        {
            await using var c = new SqliteConnection(readDatabase);
            await c.OpenAsync();
            await using var reader = await Catalogue.Sql(c, $"SELECT {Columns}, \"Id\" FROM os_dossiers d WHERE \"Code\" = $c AND EXISTS (SELECT 1 FROM "
                + "os_dossier_parties p WHERE p.\"DossierId\" = d.\"Id\" AND p.\"AgencyPath\" >= $p AND p.\"AgencyPath\" < $e)", ("$c", code), ("$p", path), ("$e", path + "~"))
                .ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return Results.NotFound();
            var id = reader.GetString(9);
            var history = new List<object>();
            await using (var events = await Catalogue.Sql(c, "SELECT \"Sequence\", \"Action\", \"At\" FROM os_dossier_events WHERE \"DossierId\" = $i ORDER BY \"Sequence\"",
                ("$i", id)).ExecuteReaderAsync())
                while (await events.ReadAsync()) history.Add(new { sequence = events.GetInt32(0), action = events.GetString(1), at = events.GetDateTime(2) });
            return Results.Ok(new { code = reader.GetString(0), procedureCode = reader.GetString(1), applicantName = reader.GetString(2), state = reader.GetString(3),
                status = reader.GetInt32(4), receivedAt = reader.GetDateTime(5), appointmentAt = reader.GetDateTime(6), history });
        });

        await app.StartAsync();
        return new RawEndpoint(app);
    }

    public static void Fill(SqliteCommand d, Guid id, string code, Catalogue catalogue, AgencyRow agency, string name, string idNumber,
        string state, int status, string? role, DateTime receivedAt, DateTime? completedAt)
    {
        d.Set("Id", id); d.Set("Code", code);
        d.Set("ProcedureCode", catalogue.ProcedureCode); d.Set("ProcedureVersion", catalogue.ProcedureVersion);
        d.Set("ProcedureName", catalogue.ProcedureName); d.Set("Field", catalogue.Field);
        d.Set("ReceivingAgencyId", agency.Id); d.Set("AgencyPath", agency.Path); d.Set("CurrentAgencyId", agency.Id); d.Set("CurrentAgencyPath", agency.Path);
        d.Set("ApplicantName", name); d.Set("ApplicantSearchName", VietnameseText.Fold(name)); d.Set("ApplicantIdNumber", idNumber);
        d.Set("Channel", "Counter"); d.Set("ReturnChannel", "Counter"); d.Set("CreatedBy", "user:bench"); d.Set("FeeAmount", 0L); d.Set("Extensions", 0);
        d.Set("State", state); d.Set("Status", status); d.Set("StepRole", role);
        d.Set("ReceivedAt", receivedAt); d.Set("AppointmentAt", receivedAt.AddDays(1)); d.Set("StepStartedAt", completedAt ?? receivedAt);
        d.Set("StepDueAt", role is null ? null : receivedAt.AddHours(4)); d.Set("CompletedAt", completedAt);
        d.Set("Timeliness", completedAt is null ? null : "OnTime"); d.Set("Version", 1);
    }

    public static void FillEvent(SqliteCommand e, Guid dossierId, int sequence, DateTime at, string action, string? from, string to, AgencyRow agency)
    {
        e.Set("Id", Ids.New()); e.Set("DossierId", dossierId); e.Set("Sequence", sequence); e.Set("At", at); e.Set("Actor", "user:bench");
        e.Set("Action", action); e.Set("FromState", from); e.Set("ToState", to); e.Set("AgencyId", agency.Id); e.Set("AgencyName", agency.Name);
    }
}

/// <summary>Dossiers written straight into the file: prepared commands, 50,000 per transaction, spread over every commune,
/// two years of receptions, Vietnamese names, and the states a real register has (old ones mostly returned).</summary>
internal static class BulkLoad
{
    private static readonly (string State, int Status, string? Role, int Weight)[] Open =
        [("TIEP_NHAN", 2, "onestop-officer", 3), ("THAM_DINH", 4, "specialist", 4), ("PHE_DUYET", 4, "leader", 2), ("BO_SUNG", 5, "applicant", 1), ("TRA_KET_QUA", 9, "onestop-officer", 2)];

    public static async Task<TimeSpan> RunAsync(string connectionString, int count, Catalogue catalogue)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(4);
        var communes = catalogue.Communes;
        var sequences = new Dictionary<(string, string), int>();
        var openWeights = Open.Sum(o => o.Weight);
        var today = DateTime.UtcNow.Date;
        await using var c = new SqliteConnection(connectionString);
        await c.OpenAsync();
        await Catalogue.Sql(c, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144").ExecuteNonQueryAsync();
        for (var done = 0; done < count;)
        {
            await using var tx = c.BeginTransaction();
            await using var dossier = DossierRows.Dossier(c);
            await using var party = DossierRows.Party(c);
            await using var e = DossierRows.Event(c);
            dossier.Transaction = party.Transaction = e.Transaction = tx;
            dossier.Prepare(); party.Prepare(); e.Prepare();
            for (var n = 0; n < 50_000 && done < count; n++, done++)
            {
                var agency = communes[random.Next(communes.Count)];
                var age = random.Next(1, 730);
                var received = today.AddDays(-age).AddHours(1 + random.NextDouble() * 9); // 08:00–17:00 Vietnam time
                var day = received.AddHours(7).ToString("yyMMdd", CultureInfo.InvariantCulture);
                var sequence = sequences[(agency.Code, day)] = sequences.GetValueOrDefault((agency.Code, day)) + 1;
                var roll = random.Next(100);
                (string State, int Status, string? Role) state = age < 20 || roll < 3
                    ? Pick(random.Next(openWeights))
                    : roll < 8 ? ("TU_CHOI", 3, null) : ("DA_TRA", 10, null);
                var id = Ids.New();
                var (code, name) = ($"{agency.Code}-{day}-{sequence:D4}", Names.Random(random));
                var idNumber = $"0{random.Next(1, 96):D2}{random.Next(0, 4)}{random.Next(50, 100):D2}{random.Next(0, 1_000_000):D6}";
                RawEndpoint.Fill(dossier, id, code, catalogue, agency, name, idNumber,
                    state.State, state.Status, state.Role, received, state.Role is null ? received.AddDays(random.Next(1, 10)) : null);
                await dossier.ExecuteNonQueryAsync();
                DossierRows.FillParty(party, id, code, agency, name, idNumber, received);
                await party.ExecuteNonQueryAsync();
                RawEndpoint.FillEvent(e, id, 1, received, "receive", null, "TIEP_NHAN", agency);
                await e.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            Console.Error.Write($"\r  {done:N0} dossiers, {clock.Elapsed.TotalSeconds:0} s");
        }
        Console.Error.WriteLine();
        // What Egov's statistics job (and an operator after a bulk import) does: the planner learns the new table sizes.
        await Catalogue.Sql(c, "PRAGMA optimize=0x10002").ExecuteNonQueryAsync();
        SqliteConnection.ClearAllPools();   // pooled connections of both servers open again with the new statistics
        return clock.Elapsed;

        (string, int, string?) Pick(int r)
        {
            foreach (var o in Open) if ((r -= o.Weight) < 0) return (o.State, o.Status, o.Role);
            throw new UnreachableException();
        }
    }
}

internal static class Names
{
    private static readonly (string Name, int Weight)[] Surnames =
        [("Nguyễn", 31), ("Trần", 11), ("Lê", 10), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4), ("Vũ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
         ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Lò", 1), ("Hà", 1), ("Mai", 1), ("Trịnh", 1), ("Lường", 1), ("Cầm", 1)];
    private static readonly string[] MaleMiddle = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Đình"];
    private static readonly string[] FemaleMiddle = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Phương"];
    private static readonly string[] Given =
        ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Lan", "Hương", "Hoa", "Linh", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
         "Tuấn", "Việt", "Yến", "Hà", "Long", "Mạnh", "Nga", "Oanh", "Phúc", "Quỳnh", "Thắng", "Toàn", "Vân", "Khánh", "Giang"];
    private static readonly int SurnameWeights = Surnames.Sum(s => s.Weight);

    public static string Random(Random random)
    {
        var r = random.Next(SurnameWeights);
        var surname = Surnames.First(s => (r -= s.Weight) < 0).Name;
        var middle = random.Next(2) == 0 ? MaleMiddle[random.Next(MaleMiddle.Length)] : FemaleMiddle[random.Next(FemaleMiddle.Length)];
        return $"{surname} {middle} {Given[random.Next(Given.Length)]}";
    }

    public static IEnumerable<string> Sample(int n)
    {
        var random = new Random(7);
        return Enumerable.Range(0, n).Select(_ => Random(random));
    }
}
