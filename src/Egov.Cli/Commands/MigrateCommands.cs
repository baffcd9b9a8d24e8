using System.CommandLine;
using Egov.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

internal static class MigrateCommands
{
    public const string DefaultAccountsFile = "data/demo-accounts.txt";

    public static Command Migrate(EgovCli cli)
    {
        var command = new Command("migrate",
            "Áp dụng các bản cập nhật cấu trúc cơ sở dữ liệu (migrations) / Apply pending database migrations");
        cli.SetAction(command, async (ctx, _, ct) =>
        {
            var applied = await ctx.MigrateAsync(ct);
            if (applied.Count == 0)
                ctx.Io.Line($"Cơ sở dữ liệu đã ở phiên bản mới nhất ({ctx.DescribeDatabase()}).",
                    $"The database is up to date ({ctx.DescribeDatabase()}).");
            else
            {
                ctx.Io.Line($"Đã áp dụng {applied.Count} bản cập nhật cấu trúc cho {ctx.DescribeDatabase()}:",
                    $"Applied {applied.Count} migration(s) to {ctx.DescribeDatabase()}:");
                foreach (var name in applied) ctx.Io.Out.WriteLine($"  {name}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Seed(EgovCli cli)
    {
        var accountsFile = new Option<string?>("--accounts-file")
        {
            Description = "Tệp ghi tài khoản dùng thử (chỉ chủ sở hữu đọc được) / File receiving the demo accounts (owner-only); " +
                          $"mặc định / default Demo:AccountsFile or {DefaultAccountsFile}",
            HelpName = "file",
        };
        var demo = new Command("demo",
            "Cập nhật cơ sở dữ liệu rồi tạo dữ liệu mẫu tỉnh Thanh Hóa và tài khoản dùng thử / " +
            "Migrate, then seed the demo province (Thanh Hóa) and its demo accounts")
        {
            accountsFile,
        };
        cli.SetAction(demo, async (ctx, parsed, ct) =>
        {
            var file = ctx.Resolve(parsed.GetValue(accountsFile) ?? ctx.Configuration["Demo:AccountsFile"] ?? DefaultAccountsFile);
            await ctx.MigrateQuietlyAsync(ct);
            await using var scope = ctx.Scope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            var accounts = await seeder.SeedAsync(file, new SyncProgress<string>(ctx.Io.Status), ct);
            if (accounts.Count == 0)
            {
                ctx.Io.Line($"Dữ liệu mẫu đã có trong {ctx.DescribeDatabase()}; không tạo thêm gì.",
                    "The demo data is already seeded; nothing was created.");
                return ExitCodes.Ok;
            }
            ctx.Io.Out.Write(DemoSeeder.Format(accounts));
            ctx.Io.Line($"Đã ghi danh sách tài khoản vào {file} (chỉ chủ sở hữu đọc được).",
                $"The accounts were written to {file} (readable by the owner only).");
            return ExitCodes.Ok;
        });
        return new Command("seed", "Tạo dữ liệu / Seed data") { demo };
    }
}
