using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Egov.OneStop.Generation;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Egov.Bench;

/// <summary>
/// The one-stop shop over HTTP (issues 4 and 6): the real web host as a separate process over a database filled by the
/// dataset generator (egov generate's DossierGenerator), and in the same run a bare ASP.NET Core endpoint doing the same
/// work with plain ADO.NET in a process of its own (the raw limit), both driven by this process's load generator over
/// loopback. For each case: throughput, p50/p95/p99, the server process's CPU time per request (/proc/pid/stat) and its
/// peak resident memory during the case (VmHWM of /proc/pid/status, reset before each case through clear_refs).
///   onestop [seconds-per-case] [dossiers] [clients]      SQLite
///   onestop-pg [seconds-per-case] [dossiers] [clients]   SQLite, then PostgreSQL (EGOV_TEST_PG) with its ratio to SQLite
/// EGOV_BENCH_DB=file (with EGOV_BENCH_ACCOUNTS=demo-accounts file): an already generated SQLite database instead
/// (e.g. 10 million dossiers from egov generate); the write cases then add to it.
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

    private sealed record Row(string Case, Stats Egov, Stats? Raw, string Target, bool Met);

    private sealed record RunResult(DatabaseProvider Provider, List<Row> Rows, TimeSpan LoadTime, long Dossiers, string Memory);

    public static async Task RunAsync(string[] args, bool postgres)
    {
        // The tables' numbers are written with the invariant culture (1,000.5), whatever the machine's.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = Inv;
        var seconds = args.Length > 0 ? double.Parse(args[0], Inv) : 5;
        var bulk = args.Length > 1 ? GenerateCount(args[1]) : 1_000_000;
        var clients = args.Length > 2 ? int.Parse(args[2], Inv) : 32;
        if (postgres && TestDatabase.PostgresServer is null)
            throw new InvalidOperationException("onestop-pg needs EGOV_TEST_PG: run it through bench/run.sh, which starts a throw-away PostgreSQL.");

        var sqlite = await RunOnAsync(DatabaseProvider.Sqlite, seconds, bulk, clients);
        var table = Table(sqlite, seconds, clients);
        Console.WriteLine(table);
        // A writes-only run is a quick check, not the record; a run on a database of one's own (EGOV_BENCH_DB) neither.
        var record = bulk > 0 && Environment.GetEnvironmentVariable("EGOV_BENCH_DB") is not { Length: > 0 } && Only is null;
        if (record) WriteResults("onestop", table);
        if (!postgres) return;
        var pg = await RunOnAsync(DatabaseProvider.PostgreSql, seconds, bulk, clients);
        var pgTable = PostgresTable(pg, sqlite, seconds, clients);
        Console.WriteLine(pgTable);
        if (record) WriteResults("onestop-pg", pgTable);
    }

    private static int GenerateCount(string text) =>
        text.EndsWith('M') ? int.Parse(text[..^1], Inv) * 1_000_000 : text.EndsWith('k') ? int.Parse(text[..^1], Inv) * 1_000 : int.Parse(text, Inv);

    private static async Task<RunResult> RunOnAsync(DatabaseProvider provider, double seconds, int bulk, int clients)
    {
        var existing = provider == DatabaseProvider.Sqlite ? Environment.GetEnvironmentVariable("EGOV_BENCH_DB") : null;
        Progress($"{provider}: seeding the demo province");
        var (db, accounts) = await TestDatabase.CreateSeededAsync(provider);
        await using var _db = db;
        var connection = existing is { Length: > 0 } ? $"Data Source={Path.GetFullPath(existing)}" : db.ConnectionString;
        if (existing is { Length: > 0 }) accounts = ReadAccounts(Environment.GetEnvironmentVariable("EGOV_BENCH_ACCOUNTS")
            ?? throw new InvalidOperationException("EGOV_BENCH_DB needs EGOV_BENCH_ACCOUNTS: the demo-accounts file written by egov seed demo."));

        var loadTime = TimeSpan.Zero;
        long dossiers;
        if (existing is { Length: > 0 })
        {
            dossiers = await CountAsync(provider, connection);
            Progress($"{provider}: using {existing} ({dossiers:N0} dossiers)");
        }
        else
        {
            Progress($"{provider}: generating {bulk:N0} dossiers");
            var clock = Stopwatch.StartNew();
            await using (var services = db.BuildServices())
            await using (var scope = services.CreateScopeAs(new SystemCaller("bench")))
            {
                var generator = ActivatorUtilities.CreateInstance<DossierGenerator>(scope.ServiceProvider);
                var last = DateTime.MinValue;
                await generator.GenerateAsync(new GenerateOptions(bulk, Seed: 1, Years: 3), new Progress<GenerateProgress>(p =>
                {
                    if (DateTime.UtcNow - last < TimeSpan.FromSeconds(5)) return;
                    last = DateTime.UtcNow;
                    Console.Error.WriteLine($"  {p.Dossiers:N0} dossiers, {p.Events:N0} events, {p.Elapsed.TotalSeconds:0} s");
                }));
            }
            loadTime = clock.Elapsed;
            dossiers = bulk;
            Console.Error.WriteLine($"  generated in {loadTime.TotalSeconds:0.0} s ({bulk / Math.Max(0.001, loadTime.TotalSeconds):N0} dossiers/s)");
        }
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        var catalogue = await Catalogue.ReadAsync(provider, connection);

        var hostConnection = provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(connection) { Pooling = true }.ToString()
            : new NpgsqlConnectionStringBuilder(connection) { Pooling = true, MaxPoolSize = 100 }.ToString();
        await using var host = await ServerProcess.StartAsync("Egov host", "dotnet", [WebAssembly()], Path.GetDirectoryName(WebAssembly())!, new()
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = hostConnection,
            ["Demo:SeedOnStart"] = "false",
            ["Demo:AccountsFile"] = Path.Combine(db.Folder, "demo-accounts.txt"),
            ["Jobs:Enabled"] = "false",
            ["Security:SignInPermitsPerMinute"] = "100000",
            ["Security:RegistrationPermitsPerMinute"] = "100000",
            ["Security:LookupPermitsPerMinute"] = "100000000",
            // EGOV_BENCH_SQL_LOG=file: every SQL command with its duration, to see where a request's time goes.
            ["Logging:File"] = Environment.GetEnvironmentVariable("EGOV_BENCH_SQL_LOG"),
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] =
                Environment.GetEnvironmentVariable("EGOV_BENCH_SQL_LOG") is null ? "Warning" : "Information",
        });
        var startupPeak = host.PeakResidentMb();
        var officer = await SignInAsync(host.Address, "motcua.xa1", accounts);
        var specialist = await SignInAsync(host.Address, "tuphap.xa1", accounts);
        var writer = await SignInAsync(host.Address, "motcua.xa2", accounts);
        var leader = await SignInAsync(host.Address, "lanhdao", accounts);
        var anonymous = Client(host.Address);
        // The portal's public pages as Egov rendered them, for the raw endpoint to serve as bytes: the limit of serving a page at all.
        var pages = System.IO.Directory.CreateDirectory(Path.Combine(db.Folder, "pages")).FullName;
        foreach (var (name, url) in PortalPages)
            await File.WriteAllBytesAsync(Path.Combine(pages, name), await anonymous.GetByteArrayAsync(url));

        // The raw limit: the same SQL on SQLite with Microsoft.Data.Sqlite, in a process of its own (this assembly, "raw-endpoint").
        ServerProcess? raw = null;
        TestDatabase? rawDb = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            (rawDb, _) = await TestDatabase.CreateSeededAsync(DatabaseProvider.Sqlite);
            var self = typeof(OneStopBench).Assembly.Location;
            raw = await ServerProcess.StartAsync("raw endpoint", "dotnet",
                [self, "raw-endpoint", Pooled(rawDb.ConnectionString), Pooled(connection), pages], Path.GetDirectoryName(self)!, new());
        }
        var bare = raw is null ? null : Client(raw.Address);
        _wal = provider == DatabaseProvider.Sqlite ? new SqliteConnectionStringBuilder(connection).DataSource + "-wal" : null;

        var rows = new List<Row>();
        try
        {
            async Task Case(string name, int n, Func<HttpClient, Func<int, Task<bool?>>> egovOperation, Func<HttpClient, Func<int, Task<bool?>>>? rawOperation,
                string target, Func<Stats, bool>? met = null, ConcurrentQueue<string>? egovSupply = null, ConcurrentQueue<string>? rawSupply = null)
            {
                // EGOV_BENCH_ONLY=text: only the cases whose name contains it (to iterate on one path; such a run is not the record).
                if (Only is { } only && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) return;
                Progress($"{provider}: {name}");
                var egov = await Measure(n, seconds, egovOperation(anonymous), host, egovSupply);
                var r = bare is null || rawOperation is null ? null : await Measure(n, seconds, rawOperation(bare), raw!, rawSupply);
                rows.Add(new Row(name, egov, r, target, met?.Invoke(egov) ?? false));
            }

            // 1. Counter reception with receipt (201 + the dossier with its code and appointment).
            var commune = catalogue.Agency(CommuneCode);
            var sample = new Random(7);
            var bodies = Enumerable.Range(0, 64).Select(_ => JsonSerializer.Serialize(new
            {
                procedureCode = ProcedureCode, receivingAgencyId = catalogue.Agency(WritingCommuneCode).Id, applicantName = VietnameseNames.Random(sample),
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
            await Case("counter reception (POST /api/v1/dossiers)", clients, _ => Receive(writer, "/api/v1/dossiers", egovCodes),
                c => Receive(c, "/dossiers", rawCodes), "≥ 1,000/s");

            // 2. One action on each received dossier (TIEP_NHAN → THAM_DINH).
            Func<int, Task<bool?>> Act(HttpClient c, string path, ConcurrentQueue<string> codes) => async _ =>
            {
                if (!codes.TryDequeue(out var code)) return null;
                using var response = await c.PostAsync($"{path}/{code}/actions/{Action}", new StringContent("{}", Encoding.UTF8, "application/json"));
                return response.StatusCode == HttpStatusCode.OK;
            };
            await Case($"action {Action} (POST …/actions/{{action}})", clients, _ => Act(writer, "/api/v1/dossiers", egovCodes),
                c => Act(c, "/dossiers", rawCodes), "≥ 2,000/s", egovSupply: egovCodes, rawSupply: rawCodes);

            Func<int, Task<bool?>> Get(HttpClient c, string url) => async _ =>
            {
                using var response = await c.GetAsync(url);
                await response.Content.CopyToAsync(Stream.Null);
                return response.StatusCode == HttpStatusCode.OK;
            };
            var communePath = Uri.EscapeDataString(commune.Path);
            var provincePath = Uri.EscapeDataString(catalogue.Agency(ProvinceCode).Path);
            // Dossiers of the officer's commune, each looked up once in turn.
            var communeCodes = await catalogue.CodesAsync(provider, connection, commune.Path, 5000);
            if (communeCodes.Count > 0)
            {
                Func<int, Task<bool?>> LookUp(HttpClient c, Func<string, string> url) => async i =>
                {
                    using var response = await c.GetAsync(url(communeCodes[i % communeCodes.Count]));
                    await response.Content.CopyToAsync(Stream.Null);
                    return response.StatusCode == HttpStatusCode.OK;
                };
                // An officer opening a dossier: a read of personal data, so each one writes its audit entry (through the one writer).
                await Case($"officer opens a dossier by code (GET /api/v1/dossiers/{{code}}, audited read), commune officer, {clients} clients", clients,
                    _ => LookUp(officer, code => $"/api/v1/dossiers/{code}"), c => LookUp(c, code => $"/dossier/{code}?path={communePath}"), "—");
            }
            var reads = new (string Name, HttpClient Egov, string EgovUrl, string RawUrl)[]
            {
                ("inbox of the commune specialist (GET ?mine=true)", specialist, "/api/v1/dossiers?mine=true", $"/inbox?path={communePath}&role=specialist"),
                ("search \"nguyen van\", commune officer", officer, "/api/v1/dossiers?q=nguyen%20van", $"/search?path={communePath}&q=nguyen%20van"),
                ("search \"nguyen van\", province leader", leader, "/api/v1/dossiers?q=nguyen%20van", $"/search?path={provincePath}&q=nguyen%20van"),
            };
            foreach (var n in new[] { 1, clients })
                foreach (var r in reads.Where(r => n == 1 || !r.Name.Contains("province")))  // province-wide raw: seconds per call, one client says enough
                    await Case($"{r.Name}, {n} client{(n > 1 ? "s" : "")}", n, _ => Get(r.Egov, r.EgovUrl), c => Get(c, r.RawUrl), "p95 < 50 ms", s => s.P(0.95) < 50);
            // The public look-up anyone makes with a code (issue 6's look-up target): status and appointment, no second factor, not audited.
            if (communeCodes.Count > 0)
                await Case($"public look-up by code (GET /api/v1/lookup/{{code}}), anonymous, {clients} clients", clients,
                    c => i => Get(c, "/api/v1/lookup/" + communeCodes[i % communeCodes.Count])(i),
                    c => i => Get(c, "/lookup/" + communeCodes[i % communeCodes.Count])(i), "≥ 10,000/s");
            // The citizen portal's public pages under 200 concurrent clients (issue 5's target: p95 < 50 ms each).
            foreach (var (name, url) in PortalPages)
                await Case($"{PortalPageNames[name]} (GET {url}), anonymous, {PortalClients} clients", PortalClients, c => Get(c, url), c => Get(c, "/page/" + name),
                    "p95 < 50 ms", s => s.P(0.95) < 50);
            // The same search where every request is one the node has not seen (an extra query parameter): each is rendered, none cached.
            await Case($"portal search, every request new to the cache (GET /portal/search?q=dang+ky+khai+sinh&n={{i}}), anonymous, {PortalClients} clients",
                PortalClients, c => i => Get(c, $"/portal/search?q=dang+ky+khai+sinh&n={i}")(i), c => Get(c, "/page/search"), "—");
        }
        finally
        {
            if (raw is not null) await raw.DisposeAsync();
            if (rawDb is not null) await rawDb.DisposeAsync();
        }
        var memory = $"host resident memory: {host.ResidentMb():N0} MB at the end, peak {Math.Max(startupPeak, rows.Max(r => r.Egov.PeakMb)):N0} MB "
            + $"(start-up {startupPeak:N0} MB)";
        Console.Error.WriteLine($"  {memory}");

        // EGOV_BENCH_KEEP=file: a copy of Egov's SQLite database as the run left it, to study a query plan afterwards.
        if (provider == DatabaseProvider.Sqlite && Environment.GetEnvironmentVariable("EGOV_BENCH_KEEP") is { Length: > 0 } keep)
        {
            File.Delete(keep);
            await using var c = new SqliteConnection(connection);
            await c.OpenAsync();
            await Catalogue.Sql(c, "VACUUM INTO $f", ("$f", Path.GetFullPath(keep))).ExecuteNonQueryAsync();
            Console.Error.WriteLine($"Kept a copy of the database in {keep}.");
        }
        return new RunResult(provider, rows.Select(r => r.Target.StartsWith('≥')
            ? r with { Met = r.Egov.PerSecond >= double.Parse(r.Target[2..].Replace(",", "").Replace("/s", ""), Inv) } : r).ToList(), loadTime, dossiers, memory);
    }

    private static string Table(RunResult run, double seconds, int clients)
    {
        var table = new StringBuilder()
            .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine()}; {seconds} s per case, {clients} concurrent clients unless the case says otherwise; "
                + $"{run.Provider}, {run.Dossiers:N0} dossiers with their histories"
                + (run.LoadTime > TimeSpan.Zero ? $" generated in {run.LoadTime.TotalSeconds:0} s" : " from an existing database") + $"; {run.Memory}.")
            .AppendLine()
            .AppendLine("| case | Egov req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req | peak RSS MB | raw req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | Egov / raw | target | met |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var (name, egov, raw, target, met) in run.Rows)
            table.AppendLine($"| {name} | {Rate(egov.PerSecond)} | {egov.P(0.5):0.0} | {egov.P(0.95):0.0} | {egov.P(0.99):0.0} | {egov.Errors} | {egov.CpuPerRequest:0.00} | {egov.PeakMb:N0} | "
                + (raw is null ? "— | — | — | — | — | — | " : $"{Rate(raw.PerSecond)} | {raw.P(0.5):0.0} | {raw.P(0.95):0.0} | {raw.P(0.99):0.0} | {raw.CpuPerRequest:0.00} | {egov.PerSecond / raw.PerSecond:0.00} | ")
                + $"{target} | {(target == "—" ? "—" : met ? "yes" : "**no**")} |");
        return table.ToString();
    }

    /// <summary>PostgreSQL's figures beside SQLite's of the same run (there is no PostgreSQL raw endpoint: SQLite's raw limit is the reference).</summary>
    private static string PostgresTable(RunResult pg, RunResult sqlite, double seconds, int clients)
    {
        var table = new StringBuilder()
            .AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Machine()}; {seconds} s per case, {clients} concurrent clients unless the case says otherwise; "
                + $"PostgreSQL {PostgresVersion()} (throw-away cluster of scripts/test-services.sh: fsync off), {pg.Dossiers:N0} dossiers generated in {pg.LoadTime.TotalSeconds:0} s "
                + $"(SQLite: {sqlite.LoadTime.TotalSeconds:0} s); {pg.Memory}.")
            .AppendLine()
            .AppendLine("| case | PostgreSQL req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req | peak RSS MB | SQLite req/s | p95 ms | CPU ms/req | PostgreSQL / SQLite | PostgreSQL / SQLite raw |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in pg.Rows)
        {
            var s = sqlite.Rows.FirstOrDefault(r => r.Case == row.Case);
            var e = row.Egov;
            table.AppendLine($"| {row.Case} | {Rate(e.PerSecond)} | {e.P(0.5):0.0} | {e.P(0.95):0.0} | {e.P(0.99):0.0} | {e.Errors} | {e.CpuPerRequest:0.00} | {e.PeakMb:N0} | "
                + (s is null ? "— | — | — | — | — |" : $"{Rate(s.Egov.PerSecond)} | {s.Egov.P(0.95):0.0} | {s.Egov.CpuPerRequest:0.00} | {e.PerSecond / s.Egov.PerSecond:0.00} | "
                    + (s.Raw is null ? "— |" : $"{e.PerSecond / s.Raw.PerSecond:0.00} |")));
        }
        return table.ToString();
    }

    private static string PostgresVersion()
    {
        try
        {
            using var c = new NpgsqlConnection(TestDatabase.PostgresServer);
            c.Open();
            using var command = new NpgsqlCommand("SHOW server_version", c);
            return Convert.ToString(command.ExecuteScalar(), Inv)?.Split(' ')[0] ?? "?";
        }
        catch (NpgsqlException) { return "?"; }
    }

    private static async Task<long> CountAsync(DatabaseProvider provider, string connection)
    {
        await using DbConnection c = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connection) : new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM os_dossiers";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), Inv);
    }

    private static IReadOnlyList<Egov.Hosting.DemoAccount> ReadAccounts(string file) =>
        File.ReadLines(file).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .SelectMany(w => w.Select((x, i) => (x, i)).Where(p => p.i + 1 < w.Length && (p.x.StartsWith("motcua") || p.x.StartsWith("tuphap") || p.x == "lanhdao"))
                .Select(p => new Egov.Hosting.DemoAccount("", p.x, w[p.i + 1], "", "")))
            .ToList();

    /// <summary>Replaces the measured table of a section of bench/RESULTS.md (between its markers).</summary>
    private static void WriteResults(string marker, string table)
    {
        string begin = $"<!-- {marker}:begin -->", end = $"<!-- {marker}:end -->";
        var file = Path.Combine("bench", "RESULTS.md");
        if (!File.Exists(file)) return;
        var text = File.ReadAllText(file);
        var (from, to) = (text.IndexOf(begin, StringComparison.Ordinal), text.IndexOf(end, StringComparison.Ordinal));
        text = from >= 0 && to > from
            ? text[..(from + begin.Length)] + "\n" + table + text[to..]
            : text.TrimEnd() + $"\n\n## {(marker == "onestop" ? "One-stop over HTTP" : "One-stop over HTTP on PostgreSQL")}\n\n{begin}\n{table}{end}\n";
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

    private const int PortalClients = 200;
    private static readonly string? Only = Environment.GetEnvironmentVariable("EGOV_BENCH_ONLY") is { Length: > 0 } o ? o : null;
    private const string BirthRegistration = "1.001193.000.00.00.H56";

    /// <summary>The citizen portal's public pages measured, by the name the raw endpoint serves their bytes under.</summary>
    private static readonly (string Name, string Url)[] PortalPages =
    [
        ("home", "/"),
        ("search", "/portal/search?q=dang+ky+khai+sinh"),
        ("procedure", "/portal/procedures/" + BirthRegistration),
    ];

    private static readonly Dictionary<string, string> PortalPageNames = new()
    {
        ["home"] = "home page", ["search"] = "portal search \"dang ky khai sinh\"", ["procedure"] = "procedure page (Đăng ký khai sinh)",
    };

    private static HttpClient Client(Uri address) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false, AllowAutoRedirect = false,
    }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(120) };

    private static async Task<HttpClient> SignInAsync(Uri address, string userName, IReadOnlyList<Egov.Hosting.DemoAccount> accounts)
    {
        var client = Client(address);
        var password = accounts.First(a => a.UserName == userName).Password;
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Egov.Web.dll as built beside this bench (same configuration).</summary>
    private static string WebAssembly()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Egov.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;   // bin/{configuration}/net10.0/
        var path = Path.Combine(root, "src", "Egov.Web", "bin", configuration, "net10.0", "Egov.Web.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Egov.Web first.", path);
    }

    /// <summary>Latencies of one case: <paramref name="clients"/> workers call <paramref name="operation"/> in a loop
    /// (null: nothing left to do) for <paramref name="seconds"/>, after a warm-up under the same load.</summary>
    private static async Task<Stats> Measure(int clients, double seconds, Func<int, Task<bool?>> operation, ServerProcess server,
        ConcurrentQueue<string>? supply = null)
    {
        // A case that uses up what an earlier one made (an action per received dossier) keeps enough for its measurement.
        // Warm-up under the same load, not counted, until the server's JIT has finished moving the hot paths to its top
        // tier (a serving host has done so long ago): rounds of 2 s until the host compiles fewer than 50 methods in one
        // (its /metrics: system_runtime_dotnet_jit_compiled_methods), up to 90 s; on 2 busy cores that takes tens of
        // seconds. A server without that metric (the raw endpoint): until a round costs no less CPU per request than the
        // one before (within 3 %), at least 3 rounds.
        var next = -1;
        var warmUp = Stopwatch.StartNew();
        var previous = double.MaxValue;
        var rounds = 0;
        while (warmUp.Elapsed.TotalSeconds < 90)
        {
            var compiled = await server.JitCompiledMethodsAsync();
            var round = await Run(clients, 2, operation, () => Interlocked.Increment(ref next), server);
            rounds++;
            if (round.Count == 0) break;
            if (supply is not null && supply.Count < round.PerSecond * (seconds + 2) * 1.5) break;
            if (compiled is { } before && await server.JitCompiledMethodsAsync() is { } after)
            {
                if (after - before < 50) break;
            }
            else if (rounds >= 3 && round.CpuPerRequest > previous * 0.97) break;
            previous = Math.Min(previous, round.CpuPerRequest);
        }
        Console.Error.WriteLine($"  measuring after {warmUp.Elapsed.TotalSeconds:0} s of warm-up");
        server.ResetPeak();
        return await Run(clients, seconds, operation, () => Interlocked.Increment(ref next), server);
    }

    private static async Task<Stats> Run(int clients, double seconds, Func<int, Task<bool?>> operation, Func<int> next, ServerProcess server)
    {
        var cpu = server.CpuTime();
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
        var used = server.CpuTime() - cpu;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Stats(all.Length - errors, errors, elapsed, all, used.TotalMilliseconds / Math.Max(1, all.Length), server.PeakResidentMb());
    }

    /// <summary><paramref name="CpuPerRequest"/>: milliseconds of CPU of the serving process per request;
    /// <paramref name="PeakMb"/>: its peak resident memory while the case ran.</summary>
    private sealed record Stats(int Count, int Errors, double Seconds, double[] Sorted, double CpuPerRequest, double PeakMb)
    {
        public double PerSecond => Count / Seconds;
        public double P(double q) => Sorted.Length == 0 ? double.NaN : Sorted[Math.Min(Sorted.Length - 1, (int)(Sorted.Length * q))];
    }
}

/// <summary>
/// A server under test as a separate operating-system process on a loopback port, like the reliability tests' HostProcess:
/// its CPU time from /proc/pid/stat and its resident memory from /proc/pid/status, so that the load generator's own
/// work is not counted.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _name;
    public Uri Address { get; }
    private static readonly double TicksPerSecond = 100;   // USER_HZ: 100 on Linux (sysconf(_SC_CLK_TCK))

    private ServerProcess(Process process, string name, Uri address) => (_process, _name, Address) = (process, name, address);

    public static async Task<ServerProcess> StartAsync(string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory,
        Dictionary<string, string?> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) if (value is not null) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start)!;
        // Its log lines (a container's stdout) are read and dropped; the last ones are kept for an error message.
        var tail = new ConcurrentQueue<string>();
        void Keep(string? line) { if (line is null) return; tail.Enqueue(line); while (tail.Count > 20) tail.TryDequeue(out _); }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, name, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
        var until = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited) throw new InvalidOperationException($"The {name} exited with code {process.ExitCode} while starting:\n{string.Join('\n', tail)}");
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await server.DisposeAsync();
        throw new TimeoutException($"The {name} did not become healthy in time:\n{string.Join('\n', tail)}");
    }

    /// <summary>User + system CPU time of the process (utime and stime of /proc/pid/stat).</summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
    }

    /// <summary>Methods the server's JIT has compiled so far, from its Prometheus /metrics; null when it publishes none.</summary>
    public async Task<long?> JitCompiledMethodsAsync()
    {
        const string Metric = "system_runtime_dotnet_jit_compiled_methods ";
        try
        {
            using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
            using var reader = new StringReader(await client.GetStringAsync("/metrics"));
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                if (line.StartsWith(Metric, StringComparison.Ordinal)) return (long)double.Parse(line[Metric.Length..], CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException) { }
        return null;
    }

    public double ResidentMb() => Status("VmRSS:");
    public double PeakResidentMb() => Status("VmHWM:");

    /// <summary>Starts a new peak: writing 5 to clear_refs resets VmHWM to the current resident size (Linux 4.0+).</summary>
    public void ResetPeak()
    {
        try { File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private double Status(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override string ToString() => $"{_name} (pid {_process.Id})";
}

/// <summary>What the rows refer to: the communes (all dossiers are spread over them) and the birth registration procedure.</summary>
internal sealed record Catalogue(IReadOnlyList<AgencyRow> Agencies, string ProcedureCode, int ProcedureVersion, string ProcedureName, string Field)
{
    public AgencyRow Agency(string code) => Agencies.Single(a => a.Code == code);
    public IReadOnlyList<AgencyRow> Communes => Agencies.Where(a => a.Kind == "CommuneCommittee").ToList();

    public static async Task<Catalogue> ReadAsync(DatabaseProvider provider, string connectionString)
    {
        await using DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var agencies = new List<AgencyRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT \"Id\", \"Code\", \"Path\", \"Kind\", COALESCE(\"ShortName\", \"Name\") FROM dir_agencies";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                agencies.Add(new AgencyRow(reader.GetValue(0) is Guid g ? g : Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }
        await using var query = connection.CreateCommand();
        query.CommandText = $"SELECT \"CurrentVersion\", \"Name\", \"FieldCode\" FROM proc_procedures WHERE \"Code\" = '{OneStopBench.ProcedureCode}'";
        await using var procedure = await query.ExecuteReaderAsync();
        await procedure.ReadAsync();
        return new Catalogue(agencies, OneStopBench.ProcedureCode, procedure.GetInt32(0), procedure.GetString(1), procedure.GetString(2));
    }

    /// <summary>Codes of dossiers received in a sub-tree, for the look-ups.</summary>
    public async Task<List<string>> CodesAsync(DatabaseProvider provider, string connectionString, string path, int limit)
    {
        await using DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"Code\" FROM os_dossiers WHERE \"AgencyPath\" = '{path.Replace("'", "''")}' LIMIT {limit}";
        var codes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) codes.Add(reader.GetString(0));
        return codes;
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

    /// <summary>The raw endpoint's own process (Egov.Bench raw-endpoint write-db read-db pages-folder), on ASPNETCORE_URLS.</summary>
    public static async Task ServeAsync(string writeDatabase, string readDatabase, string pagesFolder)
    {
        var pages = System.IO.Directory.GetFiles(pagesFolder).ToDictionary(Path.GetFileName, File.ReadAllBytes);
        await using var raw = await StartAsync(writeDatabase, readDatabase, await Catalogue.ReadAsync(DatabaseProvider.Sqlite, readDatabase), pages!);
        await raw._app.WaitForShutdownAsync();
    }

    private static async Task<RawEndpoint> StartAsync(string writeDatabase, string readDatabase, Catalogue catalogue, Dictionary<string, byte[]> pages)
    {
        await using (var c = new SqliteConnection(writeDatabase))
        {
            await c.OpenAsync();
            await Catalogue.Sql(c, "PRAGMA journal_mode=WAL").ExecuteNonQueryAsync();
        }
        var agencies = catalogue.Agencies.ToDictionary(a => a.Id);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        // A portal page's bytes as Egov rendered them: the limit of serving that page at all.
        app.MapGet("/page/{name}", (string name) => pages.TryGetValue(name, out var page) ? Results.Bytes(page, "text/html; charset=utf-8") : Results.NotFound());
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
        // The public look-up: what anyone sees of a dossier by its code.
        app.MapGet("/lookup/{code}", async (string code) =>
        {
            await using var c = new SqliteConnection(readDatabase);
            await c.OpenAsync();
            await using var reader = await Catalogue.Sql(c, "SELECT \"Code\", \"ProcedureName\", \"Status\", \"AppointmentAt\", \"ClockStoppedAt\" FROM os_dossiers WHERE \"Code\" = $c",
                ("$c", code)).ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return Results.NotFound();
            return Results.Ok(new { code = reader.GetString(0), procedureName = reader.GetString(1), status = reader.GetInt32(2), appointmentAt = reader.GetDateTime(3),
                clockStopped = !reader.IsDBNull(4) });
        });
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

