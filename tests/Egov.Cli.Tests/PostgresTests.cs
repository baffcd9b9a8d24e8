using Npgsql;

namespace Egov.Cli.Tests;

/// <summary>Runs only when EGOV_TEST_PG names a PostgreSQL server where the tests may create databases.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "EGOV_TEST_PG";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"{Variable} is not set (a connection string to a PostgreSQL server where the tests may create databases).";
    }
}

/// <summary>A fresh database on the EGOV_TEST_PG server, migrated and seeded once for the class, dropped afterwards.</summary>
public sealed class SeededPostgres : IAsyncLifetime
{
    private readonly List<string> _databases = [];
    public string? Server { get; } = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable) is { Length: > 0 } s ? s : null;
    public string Directory { get; } = Cli.NewTempDirectory();
    public string Connection { get; private set; } = "";
    public CliRun Migrate { get; private set; } = null!;
    public CliRun Seed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Server is null) return;
        Connection = await CreateDatabaseAsync();
        Migrate = await Cli.RunWithProviderAsync("PostgreSql", Connection, "migrate");
        Seed = await Cli.RunWithProviderAsync("PostgreSql", Connection, "seed", "demo", "--accounts-file", Path.Combine(Directory, "accounts.txt"));
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"egov_cli_test_{Guid.NewGuid():N}"[..30];
        await using (var admin = new NpgsqlConnection(Server))
        {
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(Server) { Database = name }.ToString();
    }

    public static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        Cli.DeleteDirectory(Directory);
        if (Server is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Server);
        await admin.OpenAsync();
        foreach (var name in _databases)
        {
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

public sealed class PostgresCliTests(SeededPostgres pg) : IClassFixture<SeededPostgres>
{
    private Task<CliRun> Run(params string[] args) => Cli.RunWithProviderAsync("PostgreSql", pg.Connection, args);

    [PostgresFact]
    public async Task Migrate_and_seed_work_on_PostgreSQL()
    {
        pg.Migrate.Succeeded();
        Assert.Contains("PostgreSQL", pg.Migrate.Out);
        pg.Seed.Succeeded();
        Assert.Contains("quantri", pg.Seed.Out);
        var again = await Run("seed", "demo", "--accounts-file", Path.Combine(pg.Directory, "accounts.txt"));
        again.Succeeded();
        Assert.Contains("already seeded", again.Out);
    }

    [PostgresFact]
    public async Task Backup_then_change_then_restore_on_PostgreSQL()
    {
        var backup = Path.Combine(pg.Directory, "round-trip.dump");
        var made = await Run("backup", backup);
        made.Succeeded();
        Assert.Equal("PGDMP", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(backup), 0, 5));
        (await Run("backup", backup)).Failed(1);

        (await Run("users", "disable", "lanhdao")).Succeeded();
        Assert.Contains("khóa/disabled", (await Run("users", "list", "--search", "lanhdao")).Out);

        var restored = await Run("restore", backup);
        restored.Succeeded();
        var list = await Run("users", "list", "--search", "lanhdao");
        Assert.Contains("hoạt động/active", list.Out);

        var verify = await Run("audit", "verify");
        verify.Succeeded();
        Assert.Contains("Chuỗi nhật ký toàn vẹn:", verify.Out);
    }

    [PostgresFact]
    public async Task A_backup_restored_into_an_empty_database_detects_a_tampered_row()
    {
        var backup = Path.Combine(pg.Directory, "copy.dump");
        (await Run("backup", backup)).Succeeded();
        var copy = await pg.CreateDatabaseAsync();
        (await Cli.RunWithProviderAsync("PostgreSql", copy, "restore", backup)).Succeeded();
        (await Cli.RunWithProviderAsync("PostgreSql", copy, "audit", "verify")).Succeeded();

        await SeededPostgres.ExecuteAsync(copy, "UPDATE audit_entries SET \"Details\" = 'x' WHERE \"Sequence\" = 5");
        var verify = await Cli.RunWithProviderAsync("PostgreSql", copy, "audit", "verify");
        verify.Failed(3);
        Assert.Contains("Nhật ký bị sửa đổi tại bản ghi #5:", verify.Out);
    }

    [PostgresFact]
    public async Task Restore_refuses_a_file_that_is_not_a_dump()
    {
        var file = Path.Combine(pg.Directory, "not-a-dump");
        await File.WriteAllTextAsync(file, "hello");
        var run = await Run("restore", file);
        run.Failed(1);
        Assert.Contains("pg_dump --format=custom", run.Err);
    }

    [PostgresFact]
    public async Task Users_add_with_an_invalid_role_names_the_field_on_PostgreSQL()
    {
        var run = await Run("users", "add", "--username", "x.y", "--name", "X Y", "--role", "chief", "--agency", "000.00.00.H56");
        run.Failed(1);
        Assert.Contains("--role:", run.Err);
    }
}
