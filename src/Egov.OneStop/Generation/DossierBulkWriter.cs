using System.Globalization;
using Egov.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Egov.OneStop.Generation;

/// <summary>
/// Writes generated dossiers, their parties, histories and day counters straight into the one-stop tables with the
/// engine's bulk path, on a connection of its own. The column values are those EF Core stores (enums as text; on
/// SQLite Guids as upper-case text and times as ISO text), so the host reads the rows as its own.
/// </summary>
internal abstract class DossierBulkWriter : IAsyncDisposable
{
    protected static readonly string[] DossierColumns =
    [
        "Id", "Code", "ProcedureCode", "ProcedureVersion", "ProcedureName", "Field", "ReceivingAgencyId", "AgencyPath", "ApplicantName",
        "ApplicantSearchName", "ApplicantIdNumber", "ApplicantPhone", "LocalAgencyId", "CurrentAgencyId", "CurrentAgencyPath", "Channel",
        "ReturnChannel", "PostalAddress", "SubmittedAt", "CreatedBy", "FeeAmount", "ClockStoppedAt", "RemainingWorkingHours", "Extensions",
        "ReturnedAt", "Rating", "Outcome", "State", "Status", "StepRole", "ReceivedAt", "AppointmentAt", "StepStartedAt", "StepDueAt",
        "CompletedAt", "Timeliness", "Version",
    ];
    protected static readonly string[] PartyColumns = ["DossierId", "AgencyId", "AgencyPath", "Role", "ReceivedAt", "Code", "ApplicantIdNumber", "ApplicantSearchName"];
    protected static readonly string[] EventColumns =
        ["Id", "DossierId", "Sequence", "At", "Actor", "Action", "FromState", "ToState", "Comment", "StepDueAt", "StepTimeliness", "AgencyId", "AgencyName"];

    protected static object?[] DossierValues(Dossier d) =>
    [
        d.Id, d.Code, d.ProcedureCode, d.ProcedureVersion, d.ProcedureName, d.Field, d.ReceivingAgencyId, d.AgencyPath, d.ApplicantName,
        d.ApplicantSearchName, d.ApplicantIdNumber, d.ApplicantPhone, d.LocalAgencyId, d.CurrentAgencyId, d.CurrentAgencyPath, d.Channel.ToString(),
        d.ReturnChannel.ToString(), d.PostalAddress, d.SubmittedAt, d.CreatedBy, d.FeeAmount, d.ClockStoppedAt, d.RemainingWorkingHours, d.Extensions,
        d.ReturnedAt, d.Rating, d.Outcome, d.State, d.Status, d.StepRole, d.ReceivedAt, d.AppointmentAt, d.StepStartedAt, d.StepDueAt,
        d.CompletedAt, d.Timeliness?.ToString(), d.Version,
    ];

    protected static object?[] PartyValues(DossierParty p) =>
        [p.DossierId, p.AgencyId, p.AgencyPath, p.Role.ToString(), p.ReceivedAt, p.Code, p.ApplicantIdNumber, p.ApplicantSearchName];

    protected static object?[] EventValues(DossierEvent e) =>
        [e.Id, e.DossierId, e.Sequence, e.At, e.Actor, e.Action, e.FromState, e.ToState, e.Comment, e.StepDueAt, e.StepTimeliness?.ToString(), e.AgencyId, e.AgencyName];

    public static async Task<DossierBulkWriter> OpenAsync(EgovDbContext db, int expectedDossiers, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString() ?? throw new InvalidOperationException("The database has no connection string.");
        DossierBulkWriter writer = db.Provider == DatabaseProvider.Sqlite
            ? new SqliteDossierWriter(connectionString, expectedDossiers) : new PostgresDossierWriter(connectionString);
        await writer.StartAsync(ct);
        return writer;
    }

    protected abstract Task StartAsync(CancellationToken ct);

    /// <summary>The day counters already in the database, so that new codes continue their agency's day without a gap.</summary>
    public abstract Task<Dictionary<(string, string), int>> ReadCountersAsync(CancellationToken ct);

    public abstract Task WriteAsync(GeneratedBatch batch, CancellationToken ct);

    /// <summary>Raises each (agency, day) counter to the last number generated (never lowers one).</summary>
    public abstract Task WriteCountersAsync(IReadOnlyDictionary<(string AgencyCode, string Day), int> counters, CancellationToken ct);

    /// <summary>Restores the database's normal settings and refreshes the planner's statistics.</summary>
    public abstract Task FinishAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    protected static string InsertSql(string table, string[] columns, string prefix) =>
        $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => prefix + i))})";
}

/// <summary>
/// SQLite: one connection, prepared INSERTs bound by position, one transaction per batch. During the load the rollback
/// journal is kept in memory and nothing is synced (a crash mid-load leaves a file to throw away, which is fine for a
/// generated dataset); afterwards the file goes back to its journal mode (WAL for Egov) and gets planner statistics.
/// </summary>
internal sealed class SqliteDossierWriter(string connectionString, int expectedDossiers) : DossierBulkWriter
{
    private readonly SqliteConnection _connection = new(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
    private string _journalMode = "wal";
    private bool _finished;

    protected override async Task StartAsync(CancellationToken ct)
    {
        // Leaving WAL needs the only connection to the file: this process's idle pooled ones (the catalogue was just read
        // through EF Core) are closed first; a running host is reported here, before anything is written.
        SqliteConnection.ClearAllPools();
        PreparedReads.Release(_connection.ConnectionString);
        await _connection.OpenAsync(ct);
        await Execute("PRAGMA busy_timeout=2000", ct);
        _journalMode = Convert.ToString(await Scalar("PRAGMA journal_mode", ct), CultureInfo.InvariantCulture) ?? "wal";
        string? mode;
        try { mode = Convert.ToString(await Scalar("PRAGMA journal_mode=MEMORY", ct), CultureInfo.InvariantCulture); }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) { mode = null; }
        if (!string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("The SQLite file is in use by another process: stop the host before generating.");
        // 1 GB of page cache: the tables' pages stay in memory instead of being re-read for each batch.
        await Execute("PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;", ct);
        await DropIndexesAsync(ct);
    }

    private readonly List<(string Name, string Sql)> _dropped = [];

    /// <summary>
    /// The secondary indexes of the three tables are dropped for the load and built again at the end: SQLite builds an
    /// index from sorted rows far faster than it inserts millions of keys one by one into a dozen B-trees (os_dossiers
    /// has 14). Only when the load is at least half of what the tables already hold; a killed run leaves a file without
    /// those indexes (throw it away).
    /// </summary>
    private async Task DropIndexesAsync(CancellationToken ct)
    {
        var existing = Convert.ToInt64(await Scalar("SELECT COALESCE(MAX(rowid), 0) FROM os_dossiers", ct), CultureInfo.InvariantCulture);
        if (expectedDossiers < existing / 2) return;
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
                AND tbl_name IN ('os_dossiers', 'os_dossier_parties', 'os_dossier_events') ORDER BY name
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) _dropped.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in _dropped) await Execute($"DROP INDEX \"{name}\"", ct);
    }

    private async Task RebuildIndexesAsync(CancellationToken ct)
    {
        while (_dropped.Count > 0)
        {
            await Execute(_dropped[0].Sql, ct);
            _dropped.RemoveAt(0);
        }
    }

    public override async Task<Dictionary<(string, string), int>> ReadCountersAsync(CancellationToken ct)
    {
        var counters = new Dictionary<(string, string), int>();
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT \"AgencyCode\", \"Day\", \"Last\" FROM {OneStopModel.CounterTable}";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counters[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return counters;
    }

    public override async Task WriteAsync(GeneratedBatch batch, CancellationToken ct)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        Insert(transaction, "os_dossiers", DossierColumns, batch.Dossiers, DossierValues);
        Insert(transaction, "os_dossier_parties", PartyColumns, batch.Parties, PartyValues);
        Insert(transaction, "os_dossier_events", EventColumns, batch.Events, EventValues);
        await transaction.CommitAsync(ct);
    }

    private void Insert<T>(SqliteTransaction transaction, string table, string[] columns, List<T> rows, Func<T, object?[]> values)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql(table, columns, "$p");
        var parameters = new SqliteParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++) command.Parameters.Add(parameters[i] = new SqliteParameter("$p" + i, DBNull.Value));
        command.Prepare();
        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < v.Length; i++) parameters[i].Value = Sqlite(v[i]);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>As EF Core's SQLite provider stores them: Guids as upper-case text.</summary>
    private static object Sqlite(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g => g.ToString().ToUpperInvariant(),
        _ => value,
    };

    public override async Task WriteCountersAsync(IReadOnlyDictionary<(string AgencyCode, string Day), int> counters, CancellationToken ct)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        await using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO {OneStopModel.CounterTable} ("AgencyCode", "Day", "Last") VALUES ($a, $d, $l)
            ON CONFLICT ("AgencyCode", "Day") DO UPDATE SET "Last" = max("Last", excluded."Last")
            """;
        var (a, d, l) = (command.Parameters.Add("$a", SqliteType.Text), command.Parameters.Add("$d", SqliteType.Text), command.Parameters.Add("$l", SqliteType.Integer));
        command.Prepare();
        foreach (var ((agency, day), last) in counters)
        {
            (a.Value, d.Value, l.Value) = (agency, day, last);
            await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    public override async Task FinishAsync(CancellationToken ct)
    {
        await RebuildIndexesAsync(ct);
        // What Egov's statistics job does every 6 hours: without statistics the planner guesses its index choices. From a
        // sample of each index (analysis_limit): a full ANALYZE reads the whole file, 10 minutes at 10 million dossiers.
        await Execute("PRAGMA analysis_limit=2000; PRAGMA optimize=0x10002", ct);
        await RestoreAsync(ct);
    }

    private async Task RestoreAsync(CancellationToken ct)
    {
        if (_finished) return;
        _finished = true;
        await RebuildIndexesAsync(ct);   // after a failure too: the file keeps its indexes
        await Scalar($"PRAGMA journal_mode={_journalMode}", ct);
        await Execute("PRAGMA synchronous=FULL", ct);
    }

    private async Task<object?> Scalar(string sql, CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private async Task Execute(string sql, CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    public override async ValueTask DisposeAsync()
    {
        try { if (_connection.State == System.Data.ConnectionState.Open) await RestoreAsync(CancellationToken.None); }
        finally { await _connection.DisposeAsync(); }
    }
}

/// <summary>PostgreSQL: binary COPY of each batch's rows in one transaction; counters through a temporary table; ANALYZE at the end.</summary>
internal sealed class PostgresDossierWriter(string connectionString) : DossierBulkWriter
{
    private readonly NpgsqlConnection _connection = new(connectionString);

    private static readonly Dictionary<string, NpgsqlDbType> Types = new()
    {
        ["Id"] = NpgsqlDbType.Uuid, ["DossierId"] = NpgsqlDbType.Uuid, ["ReceivingAgencyId"] = NpgsqlDbType.Uuid, ["LocalAgencyId"] = NpgsqlDbType.Uuid,
        ["CurrentAgencyId"] = NpgsqlDbType.Uuid, ["AgencyId"] = NpgsqlDbType.Uuid,
        ["ProcedureVersion"] = NpgsqlDbType.Integer, ["Extensions"] = NpgsqlDbType.Integer, ["Rating"] = NpgsqlDbType.Integer, ["Status"] = NpgsqlDbType.Integer,
        ["Version"] = NpgsqlDbType.Integer, ["Sequence"] = NpgsqlDbType.Integer, ["FeeAmount"] = NpgsqlDbType.Bigint,
        ["RemainingWorkingHours"] = NpgsqlDbType.Double,
        ["SubmittedAt"] = NpgsqlDbType.TimestampTz, ["ClockStoppedAt"] = NpgsqlDbType.TimestampTz, ["ReturnedAt"] = NpgsqlDbType.TimestampTz,
        ["ReceivedAt"] = NpgsqlDbType.TimestampTz, ["AppointmentAt"] = NpgsqlDbType.TimestampTz, ["StepStartedAt"] = NpgsqlDbType.TimestampTz,
        ["StepDueAt"] = NpgsqlDbType.TimestampTz, ["CompletedAt"] = NpgsqlDbType.TimestampTz, ["At"] = NpgsqlDbType.TimestampTz,
    };

    protected override Task StartAsync(CancellationToken ct) => _connection.OpenAsync(ct);

    public override async Task<Dictionary<(string, string), int>> ReadCountersAsync(CancellationToken ct)
    {
        var counters = new Dictionary<(string, string), int>();
        await using var command = new NpgsqlCommand($"SELECT \"AgencyCode\", \"Day\", \"Last\" FROM {OneStopModel.CounterTable}", _connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) counters[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return counters;
    }

    public override async Task WriteAsync(GeneratedBatch batch, CancellationToken ct)
    {
        await using var transaction = await _connection.BeginTransactionAsync(ct);
        await CopyAsync("os_dossiers", DossierColumns, batch.Dossiers, DossierValues, ct);
        await CopyAsync("os_dossier_parties", PartyColumns, batch.Parties, PartyValues, ct);
        await CopyAsync("os_dossier_events", EventColumns, batch.Events, EventValues, ct);
        await transaction.CommitAsync(ct);
    }

    private async Task CopyAsync<T>(string table, string[] columns, List<T> rows, Func<T, object?[]> values, CancellationToken ct)
    {
        var types = columns.Select(c => Types.GetValueOrDefault(c, NpgsqlDbType.Varchar)).ToArray();
        await using var importer = await _connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            var v = values(row);
            for (var i = 0; i < v.Length; i++)
            {
                if (v[i] is null) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(v[i], types[i], ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    public override async Task WriteCountersAsync(IReadOnlyDictionary<(string AgencyCode, string Day), int> counters, CancellationToken ct)
    {
        await using var transaction = await _connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE generated_counters (\"AgencyCode\" varchar(40), \"Day\" varchar(6), \"Last\" integer) ON COMMIT DROP", _connection))
            await create.ExecuteNonQueryAsync(ct);
        await using (var importer = await _connection.BeginBinaryImportAsync("COPY generated_counters (\"AgencyCode\", \"Day\", \"Last\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var ((agency, day), last) in counters)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(agency, NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(day, NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(last, NpgsqlDbType.Integer, ct);
            }
            await importer.CompleteAsync(ct);
        }
        await using (var upsert = new NpgsqlCommand($"""
            INSERT INTO {OneStopModel.CounterTable} ("AgencyCode", "Day", "Last") SELECT "AgencyCode", "Day", "Last" FROM generated_counters
            ON CONFLICT ("AgencyCode", "Day") DO UPDATE SET "Last" = GREATEST({OneStopModel.CounterTable}."Last", excluded."Last")
            """, _connection))
            await upsert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public override async Task FinishAsync(CancellationToken ct)
    {
        // Autovacuum would get there eventually; the benchmark starts right away.
        await using var analyze = new NpgsqlCommand($"ANALYZE os_dossiers; ANALYZE os_dossier_parties; ANALYZE os_dossier_events; ANALYZE {OneStopModel.CounterTable};", _connection);
        analyze.CommandTimeout = 0;
        await analyze.ExecuteNonQueryAsync(ct);
    }

    public override ValueTask DisposeAsync() => _connection.DisposeAsync();
}
