using System.Text;
using Egov.Platform.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

/// <summary>
/// SQLite backup and restore with the online backup API: a consistent copy while the web host keeps running,
/// and a restore that writes through SQLite's own locking instead of replacing the file under open connections.
/// </summary>
internal static class SqliteBackup
{
    private static readonly byte[] Header = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static async Task BackupAsync(CliContext ctx, string target, CancellationToken ct)
    {
        var live = LiveFile(ctx);
        if (!File.Exists(live))
            throw new CliException($"Không tìm thấy cơ sở dữ liệu {live}.", $"Database file {live} not found.");
        if (SamePath(live, target))
            throw new CliException("Tệp sao lưu không được trùng với cơ sở dữ liệu đang chạy.", "The backup file must not be the live database.");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = BackupCommands.TempBeside(target);
        try
        {
            await using (var source = Open(ctx.Database.ConnectionString, SqliteOpenMode.ReadWrite))
            await using (var copy = Open(new SqliteConnectionStringBuilder { DataSource = temp }.ToString(), SqliteOpenMode.ReadWriteCreate))
            {
                await source.OpenAsync(ct);
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
                // One self-contained file: no -wal/-shm companions next to the backup.
                await using var journal = copy.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode=DELETE;";
                await journal.ExecuteScalarAsync(ct);
            }
            BackupCommands.OwnerOnly(temp);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            BackupCommands.DeleteQuietly(temp);
            BackupCommands.DeleteQuietly(temp + "-journal");
        }
    }

    public static async Task RestoreAsync(CliContext ctx, string file, CancellationToken ct)
    {
        var live = LiveFile(ctx);
        if (SamePath(live, file))
            throw new CliException("Tệp sao lưu chính là cơ sở dữ liệu đang chạy.", "The backup file is the live database itself.");
        await CheckAsync(ctx, file, ct);
        EgovDatabase.EnsureSqliteFolder(ctx.Database.ConnectionString);
        await using (var source = Open(new SqliteConnectionStringBuilder { DataSource = file }.ToString(), SqliteOpenMode.ReadOnly))
        await using (var target = Open(ctx.Database.ConnectionString, SqliteOpenMode.ReadWriteCreate))
        {
            await source.OpenAsync(ct);
            await target.OpenAsync(ct);
            source.BackupDatabase(target);
        }
        // Pooled and kept connections of this process may hold the old schema's statements.
        SqliteConnection.ClearAllPools();
        PreparedReads.Release(ctx.Database.ConnectionString);
    }

    /// <summary>The file must be an intact SQLite database holding our migrations history, from this version or an older one.</summary>
    private static async Task CheckAsync(CliContext ctx, string file, CancellationToken ct)
    {
        var head = new byte[Header.Length];
        int read;
        try
        {
            await using var stream = File.OpenRead(file);
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Không đọc được tệp {file}: {e.Message}", $"Cannot read {file}: {e.Message}");
        }
        if (read < Header.Length || !head.AsSpan().SequenceEqual(Header))
            throw new CliException($"{file} không phải cơ sở dữ liệu SQLite.", $"{file} is not a SQLite database.");

        List<string> migrations;
        await using (var backup = Open(new SqliteConnectionStringBuilder { DataSource = file }.ToString(), SqliteOpenMode.ReadOnly))
        {
            await backup.OpenAsync(ct);
            var check = (string?)await Scalar(backup, "PRAGMA quick_check;", ct);
            if (check != "ok")
                throw new CliException($"Bản sao lưu {file} bị hỏng: {check}", $"The backup {file} is corrupt: {check}");
            var hasHistory = Convert.ToInt64(await Scalar(backup,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';", ct)) > 0;
            if (!hasHistory)
                throw new CliException($"{file} không phải bản sao lưu của Egov (thiếu bảng __EFMigrationsHistory).",
                    $"{file} is not an Egov backup (no __EFMigrationsHistory table).");
            migrations = [];
            await using var cmd = backup.CreateCommand();
            cmd.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\";";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) migrations.Add(reader.GetString(0));
        }

        await using var scope = ctx.Scope();
        var known = scope.ServiceProvider.GetRequiredService<EgovDbContext>().Database.GetMigrations().ToHashSet();
        var unknown = migrations.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
            throw new CliException(
                $"Bản sao lưu do phiên bản Egov mới hơn tạo (có {string.Join(", ", unknown)}); hãy khôi phục bằng phiên bản tương ứng.",
                $"The backup was made by a newer version of Egov ({string.Join(", ", unknown)}); restore it with the matching version.");
    }

    private static string LiveFile(CliContext ctx) => ctx.SqliteFile
        ?? throw new CliException("Cơ sở dữ liệu trong bộ nhớ không sao lưu hay khôi phục được.", "An in-memory database cannot be backed up or restored.");

    private static SqliteConnection Open(string connectionString, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder(connectionString) { Mode = mode, Pooling = false }.ToString());

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
