using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Egov.Cli;

/// <summary>
/// Configuration and services of one command, read like the web host does: appsettings.json (and
/// appsettings.{environment}.json) in the current directory, environment variables (Database__Provider,
/// Database__ConnectionString), then --provider / --connection.
/// </summary>
public sealed class CliContext : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CliContext(CliIo io, string baseDirectory, IConfiguration configuration, DatabaseOptions database, ServiceProvider services)
    {
        Io = io;
        BaseDirectory = baseDirectory;
        Configuration = configuration;
        Database = database;
        _services = services;
    }

    public CliIo Io { get; }
    public string BaseDirectory { get; }
    public IConfiguration Configuration { get; }
    public DatabaseOptions Database { get; }
    public IServiceProvider Services => _services;
    public ICallerContext Caller { get; } = new SystemCaller("cli:" + Environment.UserName);

    public static CliContext Create(CliIo io, string? provider, string? connection, string? baseDirectory = null)
    {
        var directory = baseDirectory ?? Environment.CurrentDirectory;
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        var overrides = new Dictionary<string, string?>();
        if (provider is not null) overrides[$"{DatabaseOptions.Section}:Provider"] = ParseProvider(provider)?.ToString() ?? provider;
        if (connection is not null) overrides[$"{DatabaseOptions.Section}:ConnectionString"] = connection;

        IConfiguration configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .SetBasePath(directory)
                .AddJsonFile("appsettings.json", optional: true)
                .AddJsonFile($"appsettings.{environment}.json", optional: true)
                .AddEnvironmentVariables()
                .AddInMemoryCollection(overrides)
                .Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new CliException($"Không đọc được tệp cấu hình appsettings.json: {e.Message}",
                $"Cannot read the configuration file appsettings.json: {e.Message}");
        }

        DatabaseOptions database;
        try
        {
            database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        }
        catch (InvalidOperationException)
        {
            var raw = configuration[$"{DatabaseOptions.Section}:Provider"];
            throw new CliException($"Loại cơ sở dữ liệu \"{raw}\" không hợp lệ (Database:Provider); dùng Sqlite hoặc PostgreSql.",
                $"Unknown database provider \"{raw}\" (Database:Provider); use Sqlite or PostgreSql.");
        }
        if (string.IsNullOrWhiteSpace(database.ConnectionString))
            throw new CliException("Chuỗi kết nối cơ sở dữ liệu trống (Database:ConnectionString).",
                "The database connection string is empty (Database:ConnectionString).");
        CheckConnectionString(database);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEgovCore(configuration);
        services.AddCallerContext(_ => new SystemCaller("cli:" + Environment.UserName));
        // Identity's token providers need data protection; the CLI issues no tokens or cookies, so keys live in memory only.
        services.AddSingleton<IDataProtectionProvider, EphemeralDataProtectionProvider>();
        return new CliContext(io, directory, configuration, database,
            services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }));
    }

    /// <summary>Accepts the enum names in any case, and "postgres"/"pg" as shorthands.</summary>
    public static DatabaseProvider? ParseProvider(string value) => value.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" or "pg" or "npgsql" => DatabaseProvider.PostgreSql,
        _ => null,
    };

    private static void CheckConnectionString(DatabaseOptions database)
    {
        try
        {
            if (database.Provider == DatabaseProvider.Sqlite) _ = new SqliteConnectionStringBuilder(database.ConnectionString);
            else _ = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new CliException($"Chuỗi kết nối {database.Provider} không hợp lệ: {e.Message}",
                $"Invalid {database.Provider} connection string: {e.Message}");
        }
    }

    /// <summary>A scope acting as the operator ("cli:" + the OS user name), who holds the system administrator role.</summary>
    public AsyncServiceScope Scope() => _services.CreateScopeAs(Caller);

    public string Resolve(string path) => Path.GetFullPath(path, BaseDirectory);

    /// <summary>The SQLite file of the configured database, as a full path (null for PostgreSQL or in-memory databases).</summary>
    public string? SqliteFile
    {
        get
        {
            if (Database.Provider != DatabaseProvider.Sqlite) return null;
            var source = new SqliteConnectionStringBuilder(Database.ConnectionString).DataSource;
            return string.IsNullOrEmpty(source) || source == ":memory:" ? null : Path.GetFullPath(source);
        }
    }

    /// <summary>Where the data lives, for messages (never the password).</summary>
    public string DescribeDatabase()
    {
        if (Database.Provider == DatabaseProvider.Sqlite) return $"SQLite {SqliteFile ?? ":memory:"}";
        var b = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    /// <summary>Applies pending migrations; returns the names of those applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await EgovDatabase.MigrateAsync(db, ct);
        return pending;
    }

    /// <summary>Migrates and says what it did when it did something.</summary>
    public async Task MigrateQuietlyAsync(CancellationToken ct)
    {
        var applied = await MigrateAsync(ct);
        if (applied.Count > 0)
            Io.Status(CliIo.Say($"Đã áp dụng {applied.Count} bản cập nhật cấu trúc cơ sở dữ liệu.", $"Applied {applied.Count} migration(s)."));
    }

    /// <summary>For commands that read or change data without migrating: the database must exist and be up to date.</summary>
    public async Task RequireMigratedAsync(CancellationToken ct)
    {
        if (SqliteFile is { } file && !File.Exists(file))
            throw new CliException($"Không tìm thấy cơ sở dữ liệu {file}; hãy chạy \"egov migrate\" trước hoặc kiểm tra --connection.",
                $"Database file {file} not found; run \"egov migrate\" first or check --connection.");
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
            throw new CliException($"Cơ sở dữ liệu chưa được cập nhật ({pending.Count} bản cập nhật chưa áp dụng); hãy chạy \"egov migrate\".",
                $"The database has {pending.Count} pending migration(s); run \"egov migrate\".");
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
