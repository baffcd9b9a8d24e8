using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Hot paths of the foundation, each measured against the raw engine doing the equivalent SQL in the same run:
//  1. scoped agency search (every officer's agency picker and list): AgencyService.ListAsync vs one hand-written query
//  2. audited change (every write pays for the hash chain): a catalogue save through EgovDbContext vs a bare INSERT
// Usage: bench/run.sh [seconds-per-case]   (PostgreSQL runs when EGOV_TEST_PG is set, as ./test.sh and bench/run.sh do)
//        bench/run.sh onestop [seconds-per-case] [dossiers] [clients]      (the one-stop shop over HTTP on SQLite: OneStop.cs)
//        bench/run.sh onestop-pg [seconds-per-case] [dossiers] [clients]   (the same on SQLite, then PostgreSQL, with the ratio)

if (args is ["onestop", .. var rest])
{
    await Egov.Bench.OneStopBench.RunAsync(rest, postgres: false);
    return;
}
if (args is ["onestop-pg", .. var pgRest])
{
    await Egov.Bench.OneStopBench.RunAsync(pgRest, postgres: true);
    return;
}
if (args is ["raw-endpoint", var write, var read, var pages])   // the one-stop bench's raw limit, started by it as a process of its own
{
    await Egov.Bench.RawEndpoint.ServeAsync(write, read, pages);
    return;
}

var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var providers = new List<DatabaseProvider> { DatabaseProvider.Sqlite };
if (TestDatabase.PostgresServer is not null) providers.Add(DatabaseProvider.PostgreSql);

var rows = new List<string>();

// Calendar: pure computation, compared with .NET's own engines doing the nearest equivalent work.
{
    var lunar = Egov.Calendar.LunarCalendar.Vietnam;
    var chinese = new System.Globalization.ChineseLunisolarCalendar();
    var start = new DateOnly(2000, 1, 1);
    var conversion = MeasureSync(seconds, i => { var d = start.AddDays(i % 36500); return lunar.ToLunar(d).Day; });
    var rawConversion = MeasureSync(seconds, i => { var d = start.AddDays(i % 36500).ToDateTime(TimeOnly.MinValue); return chinese.GetDayOfMonth(d) + chinese.GetMonth(d); });
    rows.Add(Row(null, "solar → lunar date (vs ChineseLunisolarCalendar)", conversion, rawConversion));
    var working = new Egov.Calendar.WorkingCalendar(new Egov.Calendar.HolidayCalendar(Egov.Calendar.Module.CalendarService.LoadSeed()), Egov.Calendar.OfficeHours.Default);
    var from = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(7));
    var addDays = MeasureSync(seconds, i => working.AddWorkingDays(from.AddHours(i % 5000), 1 + i % 30).Day);
    var rawAdd = MeasureSync(seconds, i => from.AddHours(i % 5000).AddDays(1 + i % 30).Day);
    rows.Add(Row(null, "add N working days (vs DateTimeOffset.AddDays)", addDays, rawAdd));
    var addHours = MeasureSync(seconds, i => working.AddWorkingHours(from.AddHours(i % 5000), 1 + i % 40).Day);
    rows.Add(Row(null, "add N working hours (vs DateTimeOffset.AddDays)", addHours, rawAdd));
}

foreach (var provider in providers)
{
    Console.Error.WriteLine($"Seeding the demo province on {provider}…");
    var (db, _) = await TestDatabase.CreateSeededAsync(provider);
    await using var _db = db;
    await using var services = db.BuildServices();
    Guid communeId; string communePath;
    await using (var scope = services.CreateScopeAs(new SystemCaller("bench")))
    {
        var agencies = scope.ServiceProvider.GetRequiredService<AgencyService>();
        var commune = (await agencies.FindByCodeAsync("000.01.40.H56"))!;
        var province = (await agencies.FindByCodeAsync("000.00.00.H56"))!;
        (communeId, communePath) = (province.Id, province.Path);
    }
    var leader = new GrantedCaller(new CallerGrant(Roles.Leader, communeId, communePath));
    string[] terms = ["ham rong", "Sở Tư pháp", "phuong", "xa quang", "thanh hoa"];

    // 1. Scoped search.
    var service = await Measure(seconds, async i =>
    {
        await using var scope = services.CreateScopeAs(leader);
        var page = await scope.ServiceProvider.GetRequiredService<AgencyService>().ListAsync(new AgencyQuery(terms[i % terms.Length], PageSize: 20));
        return page.Items.Count;
    });
    var raw = await Measure(seconds, async i =>
    {
        await using var scope = services.CreateScopeAs(leader);
        var connection = scope.ServiceProvider.GetRequiredService<EgovDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        var like = VietnameseText.LikeContains(VietnameseText.Fold(terms[i % terms.Length]));
        await using var count = Command(connection, "SELECT COUNT(*) FROM dir_agencies WHERE \"Path\" LIKE @p AND \"IsActive\" AND \"SearchName\" LIKE @q ESCAPE '\\'", communePath, like);
        await count.ExecuteScalarAsync();
        await using var select = Command(connection, "SELECT a.\"Id\", a.\"Code\", a.\"Name\", p.\"Name\" FROM dir_agencies a LEFT JOIN dir_agencies p ON p.\"Id\" = a.\"ParentId\" WHERE a.\"Path\" LIKE @p AND a.\"IsActive\" AND a.\"SearchName\" LIKE @q ESCAPE '\\' ORDER BY a.\"Depth\", a.\"Code\" LIMIT 20", communePath, like);
        await using var reader = await select.ExecuteReaderAsync();
        var n = 0;
        while (await reader.ReadAsync()) n++;
        return n;
    });
    rows.Add(Row(provider, "scoped agency search (20 rows)", service, raw));

    // 2. Audited write.
    var audited = await Measure(seconds, async i =>
    {
        await using var scope = services.CreateScopeAs(new SystemCaller("bench"));
        var ctx = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        ctx.Add(new Egov.Directory.Catalogues.Position { Id = Ids.New(), Code = $"A{Guid.NewGuid():N}"[..20], Name = "Chức vụ thử", SearchName = "chuc vu thu", UpdatedAt = DateTime.UtcNow });
        return await ctx.SaveChangesAsync();
    });
    var bare = await Measure(seconds, async i =>
    {
        await using var scope = services.CreateScopeAs(new SystemCaller("bench"));
        var connection = scope.ServiceProvider.GetRequiredService<EgovDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var insert = Command(connection, "INSERT INTO dir_positions (\"Id\", \"Code\", \"Name\", \"SearchName\", \"IsActive\", \"SortOrder\", \"UpdatedAt\") VALUES (@p, @q, 'Chức vụ thử', 'chuc vu thu', TRUE, 0, @t)",
            provider == DatabaseProvider.Sqlite ? Ids.New().ToString().ToUpperInvariant() : Ids.New(), $"B{Guid.NewGuid():N}"[..20], DateTime.UtcNow);
        return await insert.ExecuteNonQueryAsync();
    });
    rows.Add(Row(provider, "audited catalogue insert", audited, bare));
}

var machine = $"{Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9)} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
var table = new StringBuilder()
    .AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}; {seconds} s per case, one client.")
    .AppendLine()
    .AppendLine("| database | operation | Egov ops/s | p95 ms | raw ops/s | p95 ms | Egov / raw |")
    .AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var r in rows) table.AppendLine(r);
Console.WriteLine(table);

static DbCommand Command(DbConnection connection, string sql, object p, object q, object? t = null)
{
    var command = connection.CreateCommand();
    command.CommandText = sql;
    foreach (var (name, value) in new[] { ("@p", p), ("@q", q), ("@t", t) })
    {
        if (value is null) continue;
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
    return command;
}

static async Task<(double opsPerSecond, double p95)> Measure(double seconds, Func<int, Task<int>> operation)
{
    for (var i = 0; i < 50; i++) await operation(i); // warm-up
    var latencies = new List<double>();
    var total = Stopwatch.StartNew();
    var n = 0;
    while (total.Elapsed.TotalSeconds < seconds)
    {
        var one = Stopwatch.StartNew();
        await operation(n++);
        latencies.Add(one.Elapsed.TotalMilliseconds);
    }
    latencies.Sort();
    return (n / total.Elapsed.TotalSeconds, latencies[(int)(latencies.Count * 0.95)]);
}

static (double opsPerSecond, double p95) MeasureSync(double seconds, Func<int, int> operation)
{
    var sink = 0;
    for (var i = 0; i < 10_000; i++) sink += operation(i); // warm-up, and the lunar years are computed once
    var batches = new List<double>();
    var total = Stopwatch.StartNew();
    var n = 0;
    while (total.Elapsed.TotalSeconds < seconds)
    {
        var batch = Stopwatch.StartNew();
        for (var j = 0; j < 1000; j++) sink += operation(n++);
        batches.Add(batch.Elapsed.TotalMilliseconds / 1000);
    }
    batches.Sort();
    GC.KeepAlive(sink);
    return (n / total.Elapsed.TotalSeconds, batches[(int)(batches.Count * 0.95)]);
}

static string Row(DatabaseProvider? provider, string name, (double ops, double p95) egov, (double ops, double p95) raw) =>
    string.Create(CultureInfo.InvariantCulture, $"| {provider?.ToString() ?? "—"} | {name} | {egov.ops:N0} | {egov.p95:G3} | {raw.ops:N0} | {raw.p95:G3} | {egov.ops / raw.ops:0.00} |");

