using System.CommandLine;
using Egov.Directory.Agencies;
using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Cli.Commands;

internal static class UserCommands
{
    /// <summary>The account service's field names as this command's options.</summary>
    private static readonly Dictionary<string, string> AddFields = new()
    {
        ["userName"] = "--username", ["fullName"] = "--name", ["role"] = "--role", ["agencyId"] = "--agency",
        ["email"] = "--email", ["phone"] = "--phone", ["password"] = "--password",
    };

    public static Command Users(EgovCli cli) =>
        new("users", "Quản lý tài khoản cán bộ / Manage officials' accounts")
        {
            Add(cli), List(cli), SetDisabled(cli, true), SetDisabled(cli, false),
        };

    private static Command Add(EgovCli cli)
    {
        var userName = new Option<string>("--username") { Description = "Tên đăng nhập / User name", Required = true };
        var name = new Option<string>("--name") { Description = "Họ và tên / Full name", Required = true };
        var role = new Option<string>("--role")
        {
            Description = $"Vai trò / Role: {string.Join(", ", Roles.All.Where(r => r.IsOfficial).Select(r => r.Code))}",
            Required = true,
        };
        var agency = new Option<string>("--agency") { Description = "Mã định danh cơ quan / Agency identifier code, e.g. 000.00.00.H56", Required = true, HelpName = "code" };
        var email = new Option<string?>("--email") { Description = "Thư điện tử / E-mail" };
        var phone = new Option<string?>("--phone") { Description = "Số điện thoại / Phone" };
        var password = new Option<string?>("--password") { Description = "Mật khẩu; bỏ trống để tạo ngẫu nhiên / Password; omit to generate one" };
        var command = new Command("add", "Tạo tài khoản cán bộ với một vai trò tại một cơ quan / Create an official's account with one role in one agency")
        {
            userName, name, role, agency, email, phone, password,
        };
        cli.SetAction(command, async (ctx, parsed, ct) =>
        {
            await ctx.RequireMigratedAsync(ct);
            await using var scope = ctx.Scope();
            var code = parsed.GetValue(agency)!.Trim();
            var found = await scope.ServiceProvider.GetRequiredService<AgencyService>().FindByCodeAsync(code, ct)
                ?? throw new CliException($"--agency: không tìm thấy cơ quan có mã \"{code}\".", $"--agency: no agency has the code \"{code}\".");
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var created = await accounts.CreateOfficialAsync(new OfficialAccountInput(parsed.GetValue(userName), parsed.GetValue(name),
                parsed.GetValue(email), parsed.GetValue(phone), parsed.GetValue(role)?.Trim(), found.Id, null, parsed.GetValue(password)), ct);
            var info = Roles.Find(parsed.GetValue(role)!.Trim())!;
            ctx.Io.Line($"Đã tạo tài khoản \"{created.UserName}\": {info.NameVi} tại {found.Name} ({found.Code}).",
                $"Created account \"{created.UserName}\": {info.NameEn} at {found.Code}.");
            if (created.GeneratedPassword is { } generated)
                ctx.Io.Out.WriteLine($"{CliIo.Say("Mật khẩu được tạo (chỉ hiện một lần)", "Generated password (shown once)")}: {generated}");
            if (Roles.RequiresTwoFactor(info.Code))
                ctx.Io.Line("Quản trị viên phải cài đặt xác thực hai lớp ở lần đăng nhập đầu.",
                    "Administrators must set up two-factor authentication at their first sign-in.");
            return ExitCodes.Ok;
        }, AddFields);
        return command;
    }

    private static Command List(EgovCli cli)
    {
        var search = new Option<string?>("--search") { Description = "Tìm theo tên (có hoặc không dấu) hoặc tên đăng nhập / Search by name (with or without diacritics) or user name" };
        var agency = new Option<string?>("--agency") { Description = "Chỉ tài khoản có vai trò tại cơ quan này / Only accounts holding a role in this agency", HelpName = "code" };
        var command = new Command("list", "Liệt kê tài khoản / List accounts") { search, agency };
        cli.SetAction(command, async (ctx, parsed, ct) =>
        {
            await ctx.RequireMigratedAsync(ct);
            await using var scope = ctx.Scope();
            Guid? agencyId = null;
            if (parsed.GetValue(agency) is { } code)
            {
                var found = await scope.ServiceProvider.GetRequiredService<AgencyService>().FindByCodeAsync(code.Trim(), ct)
                    ?? throw new CliException($"--agency: không tìm thấy cơ quan có mã \"{code.Trim()}\".", $"--agency: no agency has the code \"{code.Trim()}\".");
                agencyId = found.Id;
            }
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var users = new List<UserSummary>();
            for (var page = 1; ; page++)
            {
                var result = await accounts.ListAsync(new UserQuery(parsed.GetValue(search), null, agencyId, page, Paging.MaxPageSize), ct);
                users.AddRange(result.Items);
                if (page >= result.PageCount) break;
            }
            var agencyIds = users.SelectMany(u => u.Roles).Where(r => r.AgencyId is not null).Select(r => r.AgencyId!.Value).Distinct().ToList();
            var codes = await scope.ServiceProvider.GetRequiredService<EgovDbContext>().Set<Agency>().AsNoTracking()
                .Where(a => agencyIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Code, ct);

            var rows = users.Select(u => new[]
            {
                u.UserName, u.FullName, Kind(u.Kind),
                string.Join(", ", u.Roles.Select(r => r.AgencyId is { } id ? $"{r.Role}@{codes.GetValueOrDefault(id, "?")}" : r.Role)),
                u.IsDisabled ? "khóa/disabled" : "hoạt động/active",
                u.TwoFactorEnabled ? "có/yes" : "không/no",
            }).ToList();
            Table.Write(ctx.Io.Out, ["Tên đăng nhập/User", "Họ tên/Name", "Loại/Kind", "Vai trò/Roles", "Trạng thái/Status", "2FA"], rows);
            ctx.Io.Line($"{users.Count} tài khoản.", $"{users.Count} account(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Kind(AccountKind kind) => kind switch
    {
        AccountKind.Citizen => "công dân/citizen",
        AccountKind.Business => "doanh nghiệp/business",
        _ => "cán bộ/official",
    };

    private static Command SetDisabled(EgovCli cli, bool disable)
    {
        var userName = new Argument<string>("username") { Description = "Tên đăng nhập / User name" };
        var command = disable
            ? new Command("disable", "Khóa tài khoản và chấm dứt các phiên đăng nhập / Disable an account and end its sessions") { userName }
            : new Command("enable", "Mở khóa tài khoản / Enable a disabled account") { userName };
        cli.SetAction(command, async (ctx, parsed, ct) =>
        {
            await ctx.RequireMigratedAsync(ct);
            await using var scope = ctx.Scope();
            var name = parsed.GetValue(userName)!.Trim();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<EgovUser>>().FindByNameAsync(name)
                ?? throw new CliException($"Không tìm thấy tài khoản \"{name}\".", $"No account is named \"{name}\".");
            if (user.IsDisabled == disable)
            {
                ctx.Io.Line(disable ? $"Tài khoản \"{user.UserName}\" đã bị khóa từ trước." : $"Tài khoản \"{user.UserName}\" đang hoạt động.",
                    disable ? $"Account \"{user.UserName}\" is already disabled." : $"Account \"{user.UserName}\" is already enabled.");
                return ExitCodes.Ok;
            }
            await scope.ServiceProvider.GetRequiredService<AccountService>().SetDisabledAsync(user.Id, disable, ct);
            ctx.Io.Line(disable ? $"Đã khóa tài khoản \"{user.UserName}\"." : $"Đã mở khóa tài khoản \"{user.UserName}\".",
                disable ? $"Account \"{user.UserName}\" disabled." : $"Account \"{user.UserName}\" enabled.");
            return ExitCodes.Ok;
        });
        return command;
    }
}

internal static class Table
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Format(headers, widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) output.WriteLine(Format(row, widths));
    }

    private static string Format(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
