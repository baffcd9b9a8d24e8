using System.CommandLine;
using Egov.Directory.Units;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

internal static class ImportCommands
{
    public static Command Import(EgovCli cli)
    {
        var file = new Argument<string>("file")
        {
            Description = "Tệp JSON theo định dạng Demo/admin-units (danh sách 2026 hai cấp hoặc trước 2025 ba cấp) / " +
                          "JSON file in the format of Demo/admin-units (the 2026 two-tier or the pre-2025 three-tier list)",
        };
        var units = new Command("units",
            "Cập nhật cơ sở dữ liệu rồi nhập đơn vị hành chính; nhập lại không thay đổi gì / " +
            "Migrate, then import administrative units; importing twice changes nothing")
        {
            file,
        };
        cli.SetAction(units, async (ctx, parsed, ct) =>
        {
            var path = ctx.Resolve(parsed.GetValue(file)!);
            await using var stream = Open(path);
            await ctx.MigrateQuietlyAsync(ct);
            await using var scope = ctx.Scope();
            var service = scope.ServiceProvider.GetRequiredService<AdministrativeUnitService>();
            UnitImportResult result;
            try
            {
                result = await service.ImportAsync(stream,
                    new SyncProgress<(int done, int total)>(p => ctx.Io.Progress("Đang nhập / Importing", p.done, p.total)), ct);
            }
            catch (IOException e)
            {
                throw new CliException($"Không đọc được tệp {path}: {e.Message}", $"Cannot read {path}: {e.Message}");
            }
            finally
            {
                ctx.Io.EndProgress();
            }
            ctx.Io.Line(
                $"Đã nhập {Path.GetFileName(path)} ({result.Scheme}): thêm {result.Added}, cập nhật {result.Updated}, không đổi {result.Unchanged}.",
                $"Imported {Path.GetFileName(path)} ({result.Scheme}): added {result.Added}, updated {result.Updated}, unchanged {result.Unchanged}.");
            return ExitCodes.Ok;
        });
        return new Command("import", "Nhập dữ liệu / Import data") { units };
    }

    private static FileStream Open(string path)
    {
        if (System.IO.Directory.Exists(path))
            throw new CliException($"{path} là một thư mục, không phải tệp.", $"{path} is a directory, not a file.");
        if (!File.Exists(path))
            throw new CliException($"Không tìm thấy tệp {path}.", $"File not found: {path}.");
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Không đọc được tệp {path}: {e.Message}", $"Cannot read {path}: {e.Message}");
        }
        if (stream.Length > AdministrativeUnitService.MaxImportBytes)
        {
            stream.Dispose();
            throw new CliException($"Tệp {path} lớn quá {AdministrativeUnitService.MaxImportBytes / 1024 / 1024} MB.",
                $"{path} is larger than {AdministrativeUnitService.MaxImportBytes / 1024 / 1024} MB.");
        }
        return stream;
    }
}
