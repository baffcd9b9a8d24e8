namespace Egov.Platform.Data;

public enum DatabaseProvider { Sqlite, PostgreSql }

/// <summary>Section "Database" of the configuration (env: Database__Provider, Database__ConnectionString).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string DefaultSqlite = "Data Source=data/egov.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = DefaultSqlite;
    /// <summary>Apply pending migrations when the host starts (default on; multi-node deployments run `egov migrate` once instead).</summary>
    public bool MigrateOnStart { get; set; } = true;
    /// <summary>SQLite: bytes of the database file read through a memory map (SQLite caps it at 2 GB; 0 switches it off).</summary>
    public long SqliteMmapBytes { get; set; }
}
