using System.CommandLine;
using System.Text.RegularExpressions;
using Egov.Audit;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

internal static partial class AuditCommands
{
    public static Command Audit(EgovCli cli)
    {
        var verify = new Command("verify",
            "Kiểm tra toàn bộ chuỗi băm của nhật ký; mã thoát 3 nếu nhật ký bị sửa đổi / " +
            "Verify the whole hash chain of the audit trail; exit code 3 when it was tampered with");
        cli.SetAction(verify, async (ctx, _, ct) =>
        {
            await ctx.RequireMigratedAsync(ct);
            await using var scope = ctx.Scope();
            var total = await scope.ServiceProvider.GetRequiredService<EgovDbContext>().Set<AuditEntry>().LongCountAsync(ct);
            AuditVerification result;
            try
            {
                result = await scope.ServiceProvider.GetRequiredService<AuditLog>()
                    .VerifyAsync(new SyncProgress<long>(done => ctx.Io.Progress("Đang kiểm tra / Verifying", done, total)), ct);
            }
            finally
            {
                ctx.Io.EndProgress();
            }
            if (result.Intact)
            {
                ctx.Io.Line($"Chuỗi nhật ký toàn vẹn: {result.Checked} bản ghi.", $"The audit chain is intact: {result.Checked} entries.");
                return ExitCodes.Ok;
            }
            ctx.Io.Out.WriteLine(CliIo.Say(
                $"Nhật ký bị sửa đổi tại bản ghi #{result.FirstBadSequence}: {ProblemVi(result.Problem)}.",
                $"The audit trail was tampered with at entry #{result.FirstBadSequence}: {result.Problem}."));
            ctx.Io.Out.WriteLine(CliIo.Say($"{result.Checked} bản ghi trước đó hợp lệ.", $"{result.Checked} earlier entries are valid."));
            return ExitCodes.AuditTampered;
        });
        return new Command("audit", "Nhật ký kiểm toán / Audit trail") { verify };
    }

    /// <summary>The Vietnamese for <see cref="AuditLog.VerifyAsync"/>'s (English) problems.</summary>
    private static string ProblemVi(string? problem)
    {
        if (problem is null) return "";
        if (MissingEntry().Match(problem) is { Success: true } m)
            return $"thiếu bản ghi {m.Groups[1].Value} (bản ghi tiếp theo là {m.Groups[2].Value})";
        return problem switch
        {
            "its link to the previous entry does not match" => "liên kết với bản ghi trước không khớp",
            "its content does not match its hash" => "nội dung không khớp với mã băm",
            _ => problem,
        };
    }

    [GeneratedRegex(@"^entry (\d+) is missing \(next is (\d+)\)$")]
    private static partial Regex MissingEntry();
}
