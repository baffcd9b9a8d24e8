using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Data;

public static class EgovDatabase
{
    public const string SqliteMigrationsAssembly = "Egov.Data.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Egov.Data.PostgreSql";

    /// <summary>Selects the provider and its own migrations assembly from configuration.</summary>
    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                EnsureSqliteFolder(options.ConnectionString);
                builder.UseSqlite(options.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(new SqliteConnectionSetup(options.SqliteMmapBytes));
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(options.ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider '{options.Provider}'.");
        }
    }

    /// <summary>
    /// Registers <see cref="EgovDbContext"/> as a scoped service lent from a pool: contexts are reset and reused, not
    /// built for each request, and each lending gets the scope's save hooks.
    /// </summary>
    public static IServiceCollection AddEgovDbContext(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddPooledDbContextFactory<EgovDbContext>((provider, builder) =>
        {
            Configure(builder, options);
            builder.UseApplicationServiceProvider(provider);
        });
        services.AddScoped(provider =>
        {
            var db = provider.GetRequiredService<IDbContextFactory<EgovDbContext>>().CreateDbContext();
            db.UseHooks(provider.GetServices<ISaveChangesHook>());
            return db;
        });
        return services;
    }

    /// <summary>Creates the folder of a SQLite file so that a bare checkout starts without set-up.</summary>
    public static void EnsureSqliteFolder(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(folder)) System.IO.Directory.CreateDirectory(folder);
    }

    /// <summary>Applies migrations; for SQLite also switches to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(EgovDbContext db, CancellationToken ct = default)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite) await OptimizeSqliteAsync(db, ct);
    }

    /// <summary>
    /// Refreshes SQLite's planner statistics of every table whose size changed much since the last time (all tables the
    /// first time). Run after migrating, after bulk imports and periodically (<see cref="Jobs.DatabaseStatisticsJob"/>).
    /// </summary>
    public static async Task OptimizeSqliteAsync(EgovDbContext db, CancellationToken ct = default)
    {
        // 0x10002: look at every table, not only those the current connection queried.
        await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", ct);
    }
}
