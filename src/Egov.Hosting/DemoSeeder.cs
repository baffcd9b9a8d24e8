using System.Text;
using Egov.Directory.Demo;
using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;

namespace Egov.Hosting;

public sealed record DemoAccount(string Role, string UserName, string Password, string FullName, string Agency);

/// <summary>
/// Seeds the demo province once, then creates one account per demo role (and a demo citizen) with
/// generated passwords, written to data/demo-accounts.txt; no password is ever committed.
/// </summary>
public sealed class DemoSeeder(DemoProvince province, AccountService accounts, Egov.Procedures.ProcedureService procedures, EgovDbContext db, TimeProvider clock)
{
    public const string DemoCitizenId = "038095001234";

    public async Task<IReadOnlyList<DemoAccount>> SeedAsync(string accountsFile, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        // The national holiday rules and known announcements are not demo data: seeded into any empty calendar.
        await Egov.Calendar.Module.CalendarService.SeedAsync(db, clock, ct);
        await Egov.OneStop.Escalation.EscalationRuleService.SeedDefaultsAsync(db, clock, ct);
        var officials = await province.SeedAsync(progress, ct);
        // Demo collection accounts for the fees' VietQR codes, also in a demo database seeded before accounts existed.
        if (await Egov.Directory.Agencies.AgencyBankAccountService.SeedDemoAsync(db, clock, ct) > 0)
            progress?.Report("Đã tạo tài khoản thu phí (dữ liệu mẫu) cho các cơ quan của tỉnh.");
        // An empty catalogue is filled also in a database seeded before the catalogue existed.
        if (await procedures.SeedAsync(ct) > 0) progress?.Report("Đã nhập danh mục thủ tục hành chính của tỉnh.");
        if (officials.Count == 0) return [];
        var created = new List<DemoAccount>();
        foreach (var o in officials)
        {
            var userName = o.Email.Split('@')[0];
            var account = await accounts.CreateOfficialAsync(new OfficialAccountInput(userName, o.FullName, o.Email, null, o.Role, o.AgencyId, o.OfficialId, null), ct);
            created.Add(new DemoAccount(Roles.Find(o.Role)!.NameVi, account.UserName, account.GeneratedPassword!, o.FullName, o.AgencyName));
        }
        var citizenPassword = AccountService.GeneratePassword();
        var citizen = await accounts.RegisterCitizenAsync(new CitizenRegistration("Nguyễn Thị An", DemoCitizenId, "0912345678", "congdan@example.vn", citizenPassword), ct);
        created.Add(new DemoAccount(Roles.Find(Roles.Citizen)!.NameVi, citizen.UserName, citizenPassword, "Nguyễn Thị An", "—"));
        await WriteAsync(accountsFile, created, ct);
        return created;
    }

    public static string Format(IReadOnlyList<DemoAccount> accounts)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Tài khoản dùng thử của tỉnh Thanh Hóa (demo accounts). Quản trị viên phải cài đặt xác thực hai lớp ở lần đăng nhập đầu.");
        foreach (var a in accounts)
            sb.AppendLine($"  {a.Role,-20} {a.UserName,-22} {a.Password,-18} {a.FullName} — {a.Agency}");
        return sb.ToString();
    }

    private static async Task WriteAsync(string file, IReadOnlyList<DemoAccount> accounts, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null) System.IO.Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(file, Format(accounts), ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
