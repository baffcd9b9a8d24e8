using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Egov.Testing;

/// <summary>
/// A real database for one test class: a SQLite file in a temp folder, or a fresh database on the
/// throw-away PostgreSQL cluster that ./test.sh starts (EGOV_TEST_PG). Seeded databases are made once per
/// test process and copied (file copy / CREATE DATABASE … TEMPLATE), so each class starts from the same state.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Folder { get; }
    private readonly string? _pgName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string folder, string? pgName)
    {
        (Provider, ConnectionString, Folder, _pgName) = (provider, connectionString, folder, pgName);
    }

    public static string? PostgresServer => Environment.GetEnvironmentVariable("EGOV_TEST_PG") is { Length: > 0 } s ? s : null;

    public static IEnumerable<object[]> Providers()
    {
        yield return [DatabaseProvider.Sqlite];
        yield return [DatabaseProvider.PostgreSql];
    }

    /// <summary>Fails (not skips) when PostgreSQL is wanted but ./test.sh did not provide one: both providers are required.</summary>
    public static string RequirePostgres() => PostgresServer ?? throw new InvalidOperationException(
        "EGOV_TEST_PG is not set. Run the tests with ./test.sh, which starts a throw-away PostgreSQL cluster.");

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:ConnectionString"] = ConnectionString,
    };

    public static async Task<TestDatabase> CreateEmptyAsync(DatabaseProvider provider)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("egov-test-").FullName;
        if (provider == DatabaseProvider.Sqlite)
            return new TestDatabase(provider, $"Data Source={Path.Combine(folder, "egov.db")};Pooling=False", folder, null);
        var name = "egov_t_" + Guid.NewGuid().ToString("N")[..12];
        await ExecutePgAsync($"CREATE DATABASE {name}");
        return new TestDatabase(provider, WithDatabase(name), folder, name);
    }

    private static readonly Dictionary<DatabaseProvider, Task<(TestDatabase db, IReadOnlyList<DemoAccount> accounts)>> Templates = new();

    /// <summary>A copy of a migrated database with the demo province seeded, and the demo accounts' passwords.</summary>
    public static async Task<(TestDatabase db, IReadOnlyList<DemoAccount> accounts)> CreateSeededAsync(DatabaseProvider provider)
    {
        Task<(TestDatabase, IReadOnlyList<DemoAccount>)> template;
        lock (Templates)
        {
            if (!Templates.TryGetValue(provider, out template!))
                Templates[provider] = template = BuildTemplateAsync(provider);
        }
        var (source, accounts) = await template;
        var folder = System.IO.Directory.CreateTempSubdirectory("egov-test-").FullName;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(folder, "egov.db");
            // Tests start in parallel: several copies opening the template's WAL at once may briefly see SQLITE_BUSY.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var from = new SqliteConnection(source.ConnectionString);
                    await using var to = new SqliteConnection($"Data Source={file};Pooling=False");
                    await from.OpenAsync();
                    await to.OpenAsync();
                    from.BackupDatabase(to);
                    break;
                }
                catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 5 or 6 && attempt < 20)
                {
                    await Task.Delay(50 * attempt);
                }
            }
            return (new TestDatabase(provider, $"Data Source={file};Pooling=False", folder, null), accounts);
        }
        var name = "egov_t_" + Guid.NewGuid().ToString("N")[..12];
        await ExecutePgAsync($"CREATE DATABASE {name} TEMPLATE {source._pgName}");
        return (new TestDatabase(provider, WithDatabase(name), folder, name), accounts);
    }

    private static async Task<(TestDatabase, IReadOnlyList<DemoAccount>)> BuildTemplateAsync(DatabaseProvider provider)
    {
        var db = await CreateEmptyAsync(provider);
        await using var services = db.BuildServices();
        await using var scope = services.CreateScopeAs(new SystemCaller("test-seed"));
        await EgovDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<EgovDbContext>());
        var accounts = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(Path.Combine(db.Folder, "demo-accounts.txt"));
        NpgsqlConnection.ClearAllPools();
        return (db, accounts);
    }

    /// <summary>
    /// The same services as the host, without HTTP: callers are set per scope with CreateScopeAs.
    /// <paramref name="configure"/> runs last (a test's clock, background jobs, extra settings).
    /// </summary>
    public ServiceProvider BuildServices(Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEgovCore(configuration);
        services.AddCallerContext(_ => new SystemCaller("test"));
        services.AddDataProtection();
        configure?.Invoke(services, configuration);
        return services.BuildServiceProvider();
    }

    public async Task<AsyncServiceScope> MigratedScopeAsync(ServiceProvider services, ICallerContext? caller = null)
    {
        var scope = services.CreateScopeAs(caller ?? new SystemCaller("test"));
        await EgovDatabase.MigrateAsync(scope.ServiceProvider.GetRequiredService<EgovDbContext>());
        return scope;
    }

    private static string WithDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(RequirePostgres()) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;

    private static async Task ExecutePgAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(RequirePostgres());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // The connections this process keeps to the file (the writer's, the prepared reads') before it is deleted.
        if (Provider == DatabaseProvider.Sqlite) PreparedReads.Release(ConnectionString);
        SqliteConnection.ClearAllPools();
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            try { await ExecutePgAsync($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)"); } catch (NpgsqlException) { /* cluster already gone */ }
        }
        try { System.IO.Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A seeded copy of the demo database with the host's services, for data tests of one module.</summary>
public sealed class SeededServices : IAsyncDisposable
{
    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }

    private SeededServices(TestDatabase database)
    {
        Database = database;
        Services = database.BuildServices();
    }

    public static async Task<SeededServices> StartAsync(DatabaseProvider provider) =>
        new((await TestDatabase.CreateSeededAsync(provider)).db);

    /// <summary>A scope acting as <paramref name="caller"/> (default: the system).</summary>
    public AsyncServiceScope Scope(ICallerContext? caller = null) => Services.CreateScopeAs(caller ?? new SystemCaller("test"));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
