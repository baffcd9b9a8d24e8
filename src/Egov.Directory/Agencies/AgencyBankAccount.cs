using System.Globalization;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Agencies;

/// <summary>
/// The account an agency collects fees into (the one printed in its VietQR codes): the bank's BIN (NAPAS' six-digit
/// acquirer id), the account number and the holder's name as the bank shows it. One per agency; an agency without one
/// collects through its nearest parent that has one.
/// </summary>
public sealed class AgencyBankAccount
{
    public Guid AgencyId { get; set; }
    public string BankBin { get; set; } = "";
    public string BankName { get; set; } = "";
    public string AccountNumber { get; set; } = "";
    public string AccountName { get; set; } = "";
    /// <summary>Generated for the demo province: not a real account.</summary>
    public bool IsDemoData { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

public sealed record BankAccountInput(string? BankBin, string? AccountNumber, string? AccountName);

/// <summary>An agency's collection account as other modules and the API see it; <see cref="AgencyId"/> is the holder
/// (the agency asked for, or the parent whose account it uses).</summary>
public sealed record BankAccountView(Guid AgencyId, string AgencyName, string BankBin, string BankName, string AccountNumber,
    string AccountName, bool IsDemoData, int Version);

/// <summary>
/// Agencies' collection accounts. Which account receives a fee is a public fact (it is printed on the payment QR), so
/// <see cref="PayeeAsync"/> reads without the caller's scope; setting one needs the agency-admin role over the agency.
/// </summary>
public sealed class AgencyBankAccountService(EgovDbContext db, ICallerContext caller, AgencyDirectoryCache directory, TimeProvider clock)
{
    /// <summary>Banks that the demo and the admin form name; any other six-digit BIN is accepted and shown as its number.</summary>
    public static readonly IReadOnlyDictionary<string, string> Banks = new Dictionary<string, string>
    {
        ["970405"] = "Agribank", ["970415"] = "VietinBank", ["970418"] = "BIDV", ["970436"] = "Vietcombank",
        ["970416"] = "ACB", ["970407"] = "Techcombank", ["970422"] = "MB", ["970432"] = "VPBank",
    };

    /// <summary>The account that collects for <paramref name="agencyId"/>: its own, else the nearest parent's; null when none has one.</summary>
    public async Task<BankAccountView?> PayeeAsync(Guid agencyId, CancellationToken ct = default)
    {
        var snapshot = await directory.GetAsync(db, ct);
        var agency = snapshot.Find(agencyId) ?? (await directory.ReloadAfterMissAsync(db, ct)).Find(agencyId);
        if (agency is null) return null;
        var chain = agency.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => Guid.TryParseExact(s, "N", out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var accounts = await db.Set<AgencyBankAccount>().AsNoTracking().Where(a => chain.Contains(a.AgencyId)).ToListAsync(ct);
        var holder = accounts.OrderByDescending(a => chain.IndexOf(a.AgencyId)).FirstOrDefault();
        if (holder is null) return null;
        var holderAgency = snapshot.Find(holder.AgencyId);
        return View(holder, holderAgency?.Name ?? agency.Name);
    }

    /// <summary>The agency's own account, for officials of its sub-tree.</summary>
    public async Task<BankAccountView> GetAsync(Guid agencyId, CancellationToken ct = default)
    {
        var agency = await LocateAsync(agencyId, ct);
        if (!caller.Covers(agency.Path)) throw new NotFoundException("agency");
        var account = await db.Set<AgencyBankAccount>().AsNoTracking().FirstOrDefaultAsync(a => a.AgencyId == agencyId, ct)
            ?? throw new NotFoundException("bank account");
        return View(account, agency.Name);
    }

    public async Task<BankAccountView> SetAsync(Guid agencyId, BankAccountInput input, int? expectedVersion, CancellationToken ct = default)
    {
        var agency = await LocateAsync(agencyId, ct);
        if (!caller.Covers(agency.Path)) throw new NotFoundException("agency");
        if (!caller.Covers(agency.Path, Roles.AgencyAdmin)) throw new ForbiddenException("Only an agency administrator sets the collection account.");
        var errors = new ValidationErrors();
        var bin = input.BankBin?.Trim() ?? "";
        if (bin.Length != 6 || !bin.All(char.IsAsciiDigit))
            errors.Add("bankBin", "format", "Mã ngân hàng (BIN) gồm 6 chữ số, ví dụ 970418.", "The bank BIN is six digits, e.g. 970418.");
        var number = input.AccountNumber?.Trim() ?? "";
        if (number.Length is 0 or > 19 || !number.All(char.IsAsciiLetterOrDigit))
            errors.Add("accountNumber", "format", "Số tài khoản gồm 1 đến 19 chữ số hoặc chữ cái, không dấu cách.", "The account number is 1 to 19 letters or digits.");
        var name = errors.RequiredText("accountName", input.AccountName, 100, "Tên chủ tài khoản", "Account holder");
        errors.ThrowIfAny();
        var account = await db.Set<AgencyBankAccount>().FirstOrDefaultAsync(a => a.AgencyId == agencyId, ct);
        if (account is not null && expectedVersion is { } v && v != account.Version)
            throw new ConflictException("Tài khoản đã được người khác sửa; hãy tải lại.", "The account was changed by someone else; reload it.");
        if (account is null) db.Add(account = new AgencyBankAccount { AgencyId = agencyId });
        account.BankBin = bin;
        account.BankName = Banks.GetValueOrDefault(bin, bin);
        account.AccountNumber = number;
        account.AccountName = name!;
        account.IsDemoData = false;
        account.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        account.Version++;
        await db.SaveChangesAsync(ct);
        return View(account, agency.Name);
    }

    /// <summary>
    /// Gives every agency of the demo province that has none a generated account (marked demo): the province's
    /// departments and service centre at BIDV, the communes at Agribank, numbered from the agency code.
    /// </summary>
    public static async Task<int> SeedDemoAsync(EgovDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var root = await db.Set<Agency>().AsNoTracking().Where(a => a.Code == Demo.DemoProvince.ProvinceCode).Select(a => a.Path).FirstOrDefaultAsync(ct);
        if (root is null) return 0;
        var have = db.Set<AgencyBankAccount>().Select(b => b.AgencyId);
        var missing = await db.Set<Agency>().AsNoTracking()
            .Where(a => a.Path.StartsWith(root) && !have.Contains(a.Id))
            .Select(a => new { a.Id, a.Code, a.Name, a.ShortName, a.Kind }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var a in missing)
        {
            var bin = a.Kind == AgencyKind.CommuneCommittee ? "970405" : "970418";
            var digits = new string(a.Code.Where(char.IsAsciiDigit).ToArray());
            db.Add(new AgencyBankAccount
            {
                AgencyId = a.Id, BankBin = bin, BankName = Banks[bin], AccountNumber = "3711" + digits.PadLeft(9, '0')[^9..],
                AccountName = HolderName(a.ShortName ?? a.Name), IsDemoData = true, UpdatedAt = now, Version = 1,
            });
        }
        if (missing.Count > 0) await db.SaveChangesAsync(ct);
        return missing.Count;
    }

    /// <summary>"UBND phường Hàm Rồng" → "UBND PHUONG HAM RONG", as banks print holders' names (at most 50 characters).</summary>
    public static string HolderName(string name)
    {
        var folded = VietnameseText.Fold(name).ToUpper(CultureInfo.InvariantCulture);
        return folded.Length > 50 ? folded[..50].TrimEnd() : folded;
    }

    private async Task<AgencyRef> LocateAsync(Guid agencyId, CancellationToken ct) =>
        (await directory.GetAsync(db, ct)).Find(agencyId) ?? (await directory.ReloadAfterMissAsync(db, ct)).Find(agencyId)
        ?? throw new NotFoundException("agency");

    private static BankAccountView View(AgencyBankAccount a, string agencyName) =>
        new(a.AgencyId, agencyName, a.BankBin, a.BankName, a.AccountNumber, a.AccountName, a.IsDemoData, a.Version);
}
