using System.CommandLine;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

internal static class BackupCommands
{
    public const string BackupAction = "backup";
    public const string RestoreAction = "restore";

    public static Command Backup(EgovCli cli)
    {
        var file = new Argument<string>("file") { Description = "Tệp sao lưu cần tạo / Backup file to create" };
        var force = new Option<bool>("--force") { Description = "Ghi đè tệp đã có / Overwrite an existing file" };
        var command = new Command("backup",
            "Sao lưu cơ sở dữ liệu đang chạy: SQLite bằng online backup API, PostgreSQL bằng pg_dump --format=custom / " +
            "Back up the live database: SQLite with the online backup API, PostgreSQL with pg_dump --format=custom")
        {
            file, force,
        };
        cli.SetAction(command, async (ctx, parsed, ct) =>
        {
            var target = ctx.Resolve(parsed.GetValue(file)!);
            if (System.IO.Directory.Exists(target))
                throw new CliException($"{target} là một thư mục; hãy chỉ định tên tệp.", $"{target} is a directory; give a file name.");
            if (File.Exists(target) && !parsed.GetValue(force))
                throw new CliException($"Tệp {target} đã tồn tại; dùng --force để ghi đè.", $"{target} already exists; use --force to overwrite it.");
            if (ctx.Database.Provider == DatabaseProvider.Sqlite) await SqliteBackup.BackupAsync(ctx, target, ct);
            else await PostgresBackup.BackupAsync(ctx, target, ct);
            await RecordAsync(ctx, BackupAction, target, ct);
            ctx.Io.Line($"Đã sao lưu {ctx.DescribeDatabase()} vào {target} ({Size(target)}).",
                $"Backed up {ctx.DescribeDatabase()} to {target} ({Size(target)}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Restore(EgovCli cli)
    {
        var file = new Argument<string>("file") { Description = "Tệp sao lưu do \"egov backup\" tạo / Backup file made by \"egov backup\"" };
        var command = new Command("restore",
            "Thay toàn bộ dữ liệu bằng bản sao lưu (dừng máy chủ web trước), rồi áp dụng các bản cập nhật còn thiếu / " +
            "Replace all data with a backup (stop the web host first), then apply any missing migrations")
        {
            file,
        };
        cli.SetAction(command, async (ctx, parsed, ct) =>
        {
            var source = ctx.Resolve(parsed.GetValue(file)!);
            if (!File.Exists(source))
                throw new CliException($"Không tìm thấy tệp sao lưu {source}.", $"Backup file not found: {source}.");
            if (ctx.Database.Provider == DatabaseProvider.Sqlite) await SqliteBackup.RestoreAsync(ctx, source, ct);
            else await PostgresBackup.RestoreAsync(ctx, source, ct);

            var applied = await ctx.MigrateAsync(ct);
            if (applied.Count > 0)
                ctx.Io.Line($"Đã áp dụng {applied.Count} bản cập nhật cấu trúc cho dữ liệu vừa khôi phục.",
                    $"Applied {applied.Count} migration(s) to the restored data.");
            await WarnIfNewerAsync(ctx, ct);
            await RecordAsync(ctx, RestoreAction, source, ct);
            ctx.Io.Line($"Đã khôi phục {ctx.DescribeDatabase()} từ {source}.", $"Restored {ctx.DescribeDatabase()} from {source}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Backups and restores are security events: who copied or replaced all the data, and when.</summary>
    private static async Task RecordAsync(CliContext ctx, string action, string file, CancellationToken ct)
    {
        await using var scope = ctx.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any()) return;
        await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordEventAsync(action, "Database", Path.GetFileName(file), null, ct);
    }

    private static async Task WarnIfNewerAsync(CliContext ctx, CancellationToken ct)
    {
        await using var scope = ctx.Scope();
        var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
            ctx.Io.Status(CliIo.Say(
                $"Cảnh báo: bản sao lưu do phiên bản mới hơn tạo ({string.Join(", ", unknown)}); hãy dùng phiên bản Egov tương ứng.",
                "Warning: the backup was made by a newer version of Egov; run the matching version."));
    }

    private static string Size(string file)
    {
        var bytes = new FileInfo(file).Length;
        return bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MB" : $"{bytes / 1024.0:0.0} KB";
    }

    /// <summary>A sibling temporary file, so that the target appears whole or not at all.</summary>
    public static string TempBeside(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Backups hold personal data: readable by the owner only.</summary>
    public static void OwnerOnly(string file)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public static void DeleteQuietly(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
