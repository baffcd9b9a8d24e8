using Microsoft.Data.Sqlite;

namespace Egov.Cli.Tests;

/// <summary>One migrated and seeded SQLite database per test class (seeding imports ~14k units, so once only).</summary>
public sealed class SeededSqlite : IAsyncLifetime
{
    public string Directory { get; } = Cli.NewTempDirectory();
    public string File => Path.Combine(Directory, "egov.db");
    public string Connection => $"Data Source={File}";
    public string AccountsFile => Path.Combine(Directory, "accounts", "demo-accounts.txt");
    public CliRun Migrate { get; private set; } = null!;
    public CliRun Seed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Migrate = await Cli.RunOnAsync(Connection, "migrate");
        Seed = await Cli.RunOnAsync(Connection, "seed", "demo", "--accounts-file", AccountsFile);
    }

    /// <summary>A private copy of the seeded database (made with "egov backup") for tests that damage it.</summary>
    public async Task<string> CopyAsync(string name)
    {
        var file = Path.Combine(Directory, name);
        (await Cli.RunOnAsync(Connection, "backup", file)).Succeeded();
        return $"Data Source={file}";
    }

    public static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new SqliteConnection(connection);
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        Cli.DeleteDirectory(Directory);
        return Task.CompletedTask;
    }
}
