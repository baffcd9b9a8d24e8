using System.Security.Cryptography;
using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Egov.Identity;

public sealed record CitizenRegistration(string? FullName, string? CitizenId, string? Phone, string? Email, string? Password);
public sealed record BusinessRegistration(string? BusinessName, string? TaxCode, string? Phone, string? Email, string? Password);
public sealed record OfficialAccountInput(string? UserName, string? FullName, string? Email, string? Phone, string? Role, Guid? AgencyId, Guid? OfficialId, string? Password);
public sealed record RoleGrantView(string Role, Guid? AgencyId, string? AgencyPath);
public sealed record UserSummary(Guid Id, string UserName, string FullName, AccountKind Kind, bool IsDisabled, bool TwoFactorEnabled, IReadOnlyList<RoleGrantView> Roles);
public sealed record UserDetails(Guid Id, string UserName, string FullName, AccountKind Kind, string? Email, string? Phone,
    string? CitizenId, string? TaxCode, Guid? OfficialId, bool IsDisabled, bool TwoFactorEnabled, IReadOnlyList<RoleGrantView> Roles);
/// <summary>An account holding a role over an agency (for assigning work to a person).</summary>
public sealed record RoleHolder(Guid UserId, string FullName, string Role, string AgencyPath);
public sealed record CreatedAccount(Guid Id, string UserName, string? GeneratedPassword);
public sealed record UserQuery(string? Search = null, AccountKind? Kind = null, Guid? AgencyId = null, int? Page = null, int? PageSize = null);

/// <summary>
/// Accounts: citizens and businesses register themselves; officials' accounts are created by an agency
/// administrator inside their sub-tree (or a system administrator). Every write is one save, so a failed
/// registration leaves nothing behind.
/// </summary>
public sealed class AccountService(
    UserManager<EgovUser> users, EgovDbContext db, ICallerContext caller, AgencyService agencies, IAuditTrail audit, TimeProvider clock)
{
    public async Task<CreatedAccount> RegisterCitizenAsync(CitizenRegistration r, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = errors.RequiredText("fullName", r.FullName, 200, "Họ và tên", "Full name");
        errors.Add(CitizenId.Check(r.CitizenId, "citizenId", DateOnly.FromDateTime(clock.GetLocalNow().DateTime), out var citizenId));
        var (phone, email) = Contact(r.Phone, r.Email, errors);
        if (citizenId is not null && await db.Set<EgovUser>().AnyAsync(u => u.CitizenId == citizenId, ct))
            errors.Add("citizenId", "duplicate", "Số định danh cá nhân này đã có tài khoản; hãy đăng nhập hoặc khôi phục mật khẩu.",
                "An account already exists for this citizen ID.");
        var user = NewUser(email ?? phone, name, AccountKind.Citizen, email, phone);
        user.CitizenId = citizenId;
        user.Roles.Add(new RoleAssignment { Id = Ids.New(), UserId = user.Id, Role = Roles.Citizen, CreatedAt = user.CreatedAt });
        await CreateAsync(user, r.Password, errors, ct);
        return new CreatedAccount(user.Id, user.UserName!, null);
    }

    public async Task<CreatedAccount> RegisterBusinessAsync(BusinessRegistration r, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = errors.RequiredText("businessName", r.BusinessName, 200, "Tên doanh nghiệp", "Business name");
        errors.Add(TaxCode.Check(r.TaxCode, "taxCode", out var taxCode));
        var (phone, email) = Contact(r.Phone, r.Email, errors);
        if (taxCode is not null && await db.Set<EgovUser>().AnyAsync(u => u.TaxCode == taxCode, ct))
            errors.Add("taxCode", "duplicate", "Mã số thuế này đã có tài khoản.", "An account already exists for this tax code.");
        var user = NewUser(email ?? phone, name, AccountKind.Business, email, phone);
        user.TaxCode = taxCode;
        user.Roles.Add(new RoleAssignment { Id = Ids.New(), UserId = user.Id, Role = Roles.Business, CreatedAt = user.CreatedAt });
        await CreateAsync(user, r.Password, errors, ct);
        return new CreatedAccount(user.Id, user.UserName!, null);
    }

    /// <summary>Creates an official's account with one role in one agency; a password is generated when none is given.</summary>
    public async Task<CreatedAccount> CreateOfficialAsync(OfficialAccountInput input, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var userName = errors.RequiredText("userName", input.UserName, 100, "Tên đăng nhập", "User name");
        var name = errors.RequiredText("fullName", input.FullName, 200, "Họ và tên", "Full name");
        errors.Add(EmailAddress.Check(input.Email, "email", out var email));
        errors.Add(PhoneNumber.Check(input.Phone, "phone", out var phone));
        var path = await CheckGrantAsync(input.Role, input.AgencyId, errors, ct);
        var user = NewUser(userName, name, AccountKind.Official, email, phone);
        user.EmailConfirmed = email is not null;
        user.OfficialId = input.OfficialId;
        if (path is not null)
            user.Roles.Add(new RoleAssignment { Id = Ids.New(), UserId = user.Id, Role = input.Role!, AgencyId = input.AgencyId, AgencyPath = path, CreatedAt = user.CreatedAt });
        var generated = string.IsNullOrEmpty(input.Password) ? GeneratePassword() : null;
        await CreateAsync(user, generated ?? input.Password, errors, ct);
        return new CreatedAccount(user.Id, user.UserName!, generated);
    }

    public async Task GrantAsync(Guid userId, string? role, Guid? agencyId, CancellationToken ct = default)
    {
        var user = await Manageable(userId, ct);
        var errors = new ValidationErrors();
        var path = await CheckGrantAsync(role, agencyId, errors, ct);
        if (path is not null && user.Roles.Any(r => r.Role == role && r.AgencyId == agencyId))
            errors.Add("role", "duplicate", "Tài khoản đã có vai trò này tại cơ quan này.", "The account already holds this role in this agency.");
        errors.ThrowIfAny();
        db.Add(new RoleAssignment { Id = Ids.New(), UserId = user.Id, Role = role!, AgencyId = agencyId, AgencyPath = path, CreatedAt = clock.GetUtcNow().UtcDateTime });
        await SaveWithNewStampAsync(user, ct);
    }

    public async Task RevokeAsync(Guid userId, string role, Guid? agencyId, CancellationToken ct = default)
    {
        var user = await Manageable(userId, ct);
        var grant = user.Roles.FirstOrDefault(r => r.Role == role && r.AgencyId == agencyId) ?? throw new NotFoundException("role assignment");
        if (grant.AgencyPath is { } p && !caller.Covers(p, Roles.AgencyAdmin)) throw new ForbiddenException("The role is outside the caller's scope.");
        db.Remove(grant);
        await SaveWithNewStampAsync(user, ct);
    }

    /// <summary>Disabling locks the account for good and invalidates its sessions at their next validation.</summary>
    public async Task SetDisabledAsync(Guid userId, bool disabled, CancellationToken ct = default)
    {
        var user = await Manageable(userId, ct);
        user.IsDisabled = disabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        await SaveWithNewStampAsync(user, ct);
    }

    /// <summary>A new security stamp makes every session of the account re-read its roles (or end, if disabled).</summary>
    private async Task SaveWithNewStampAsync(EgovUser user, CancellationToken ct)
    {
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
    }

    public async Task<Page<UserSummary>> ListAsync(UserQuery q, CancellationToken ct = default)
    {
        var (page, size) = Paging.Clamp(q.Page, q.PageSize);
        var query = VisibleUsers();
        if (q.Kind is { } kind) query = query.Where(u => u.Kind == kind);
        if (q.AgencyId is { } agencyId) query = query.Where(u => u.Roles.Any(r => r.AgencyId == agencyId));
        var term = VietnameseText.Fold(q.Search);
        if (term.Length > 0)
        {
            var like = VietnameseText.LikeContains(term);
            query = query.Where(u => EF.Functions.Like(u.SearchName, like, "\\") || u.NormalizedUserName == q.Search!.Trim().ToUpperInvariant());
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(u => u.SearchName).ThenBy(u => u.Id).Skip((page - 1) * size).Take(size)
            .Select(u => new { u.Id, u.UserName, u.FullName, u.Kind, u.IsDisabled, u.TwoFactorEnabled, Roles = u.Roles.Select(r => new RoleGrantView(r.Role, r.AgencyId, r.AgencyPath)).ToList() })
            .ToListAsync(ct);
        return new Page<UserSummary>(rows.Select(u => new UserSummary(u.Id, u.UserName!, u.FullName, u.Kind, u.IsDisabled, u.TwoFactorEnabled, u.Roles)).ToList(), total, page, size);
    }

    public async Task<UserDetails> GetAsync(Guid id, CancellationToken ct = default)
    {
        var u = await VisibleUsers().Include(x => x.Roles).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("user");
        await audit.RecordReadAsync("EgovUser", id.ToString(), "account details", ct);
        return Details(u);
    }

    /// <summary>The signed-in person's own account (also audited: it is personal data).</summary>
    public async Task<UserDetails> GetOwnAsync(CancellationToken ct = default)
    {
        var id = caller.UserId ?? throw new ForbiddenException("Not signed in.");
        var u = await db.Set<EgovUser>().Include(x => x.Roles).AsNoTracking().FirstAsync(x => x.Id == id, ct);
        await audit.RecordReadAsync("EgovUser", id.ToString(), "own account", ct);
        return Details(u);
    }

    /// <summary>For other modules: the signed-in person's own citizen ID or tax code (null for officials or when none is recorded).</summary>
    public async Task<string?> OwnIdentifierAsync(CancellationToken ct = default)
    {
        if (caller.UserId is not { } id) return null;
        return await db.Set<EgovUser>().AsNoTracking().Where(x => x.Id == id && x.Kind != AccountKind.Official)
            .Select(x => x.CitizenId ?? x.TaxCode).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// For other modules: the enabled accounts that hold one of <paramref name="roles"/> in the agency at
    /// <paramref name="agencyPath"/> or above it (a grant reaches its agency's sub-tree); the agency's own people first.
    /// </summary>
    public async Task<IReadOnlyList<RoleHolder>> HoldersAsync(string agencyPath, IReadOnlyCollection<string> roles, CancellationToken ct = default)
    {
        var ancestors = new List<string>();
        for (var i = agencyPath.IndexOf('/', 1); i > 0; i = agencyPath.IndexOf('/', i + 1)) ancestors.Add(agencyPath[..(i + 1)]);
        var rows = await db.Set<RoleAssignment>().AsNoTracking()
            .Where(r => roles.Contains(r.Role) && r.AgencyPath != null && ancestors.Contains(r.AgencyPath))
            .Join(db.Set<EgovUser>().Where(u => !u.IsDisabled), r => r.UserId, u => u.Id, (r, u) => new { u.Id, u.FullName, r.Role, r.AgencyPath })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.AgencyPath!.Length).ThenBy(r => r.FullName)
            .Select(r => new RoleHolder(r.Id, r.FullName, r.Role, r.AgencyPath!)).ToList();
    }

    /// <summary>Administrators must use a second factor (checked at every sign-in).</summary>
    public Task<bool> MustUseTwoFactorAsync(Guid userId, CancellationToken ct = default) =>
        db.Set<RoleAssignment>().AnyAsync(r => r.UserId == userId && (r.Role == Roles.AgencyAdmin || r.Role == Roles.SystemAdmin), ct);

    /// <summary>Finds an account by its user name, or by the phone number or e-mail given at registration.</summary>
    public async Task<EgovUser?> FindForSignInAsync(string login, CancellationToken ct = default)
    {
        var trimmed = login.Trim();
        var user = await users.FindByNameAsync(trimmed);
        if (user is not null) return user;
        if (PhoneNumber.Check(trimmed, "login", out var phone) is null && phone is not null)
            return await db.Set<EgovUser>().FirstOrDefaultAsync(u => u.UserName == phone || u.PhoneNumber == phone, ct);
        return null;
    }

    private static UserDetails Details(EgovUser u) => new(u.Id, u.UserName!, u.FullName, u.Kind, u.Email, u.PhoneNumber, u.CitizenId, u.TaxCode,
        u.OfficialId, u.IsDisabled, u.TwoFactorEnabled, u.Roles.Select(r => new RoleGrantView(r.Role, r.AgencyId, r.AgencyPath)).ToList());

    /// <summary>
    /// Full names of officials' accounts for display beside their work (e.g. a dossier's history): a public official's name
    /// is not personal data to hide, so any official may read it. Citizens' and businesses' accounts are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> OfficialNamesAsync(IEnumerable<Guid> ids, CancellationToken ct = default)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0 || !caller.IsOfficial) return new Dictionary<Guid, string>();
        return await db.Set<EgovUser>().AsNoTracking().Where(u => wanted.Contains(u.Id) && u.Kind == AccountKind.Official)
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    /// <summary>System administrators see every account; agency administrators the officials holding roles in their sub-trees.</summary>
    private IQueryable<EgovUser> VisibleUsers()
    {
        if (caller.IsSystemAdmin) return db.Set<EgovUser>();
        var paths = caller.PathsFor(Roles.AgencyAdmin);
        if (paths.Count == 0) return db.Set<EgovUser>().Where(_ => false);
        var inScope = db.Set<RoleAssignment>().Where(r => r.AgencyPath != null).WithinPaths(paths, r => r.AgencyPath!).Select(r => r.UserId);
        return db.Set<EgovUser>().Where(u => inScope.Contains(u.Id));
    }

    private async Task<EgovUser> Manageable(Guid id, CancellationToken ct)
    {
        var user = await VisibleUsers().Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw new NotFoundException("user");
        if (!caller.IsSystemAdmin && user.Roles.Any(r => r.Role == Roles.SystemAdmin))
            throw new ForbiddenException("Only system administrators manage system administrators.");
        return user;
    }

    private async Task<string?> CheckGrantAsync(string? role, Guid? agencyId, ValidationErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(role) || !Roles.OfficialRoles.Contains(role))
        {
            errors.Add("role", "unknownRole", $"Vai trò \"{role}\" không hợp lệ; chọn một trong: {string.Join(", ", Roles.OfficialRoles)}.",
                $"Unknown role \"{role}\".");
            return null;
        }
        if (role == Roles.SystemAdmin && !caller.IsSystemAdmin)
            throw new ForbiddenException("Only system administrators grant the system administrator role.");
        if (agencyId is null)
        {
            errors.Add("agencyId", "required", "Cơ quan là bắt buộc.", "The agency is required.");
            return null;
        }
        var agency = await agencies.LocateAsync(agencyId.Value, ct);
        if (agency is null)
        {
            errors.Add("agencyId", "unknownAgency", "Không tìm thấy cơ quan.", "The agency does not exist.");
            return null;
        }
        if (!agency.Value.IsActive)
            errors.Add("agencyId", "inactiveAgency", "Cơ quan đang ngừng hoạt động.", "The agency is inactive.");
        if (!caller.Covers(agency.Value.Path, Roles.AgencyAdmin))
            throw new ForbiddenException("The agency is outside the caller's administrative scope.");
        return agency.Value.Path;
    }

    private (string? phone, string? email) Contact(string? rawPhone, string? rawEmail, ValidationErrors errors)
    {
        errors.Add(PhoneNumber.Check(rawPhone, "phone", out var phone));
        errors.Add(EmailAddress.Check(rawEmail, "email", out var email));
        if (string.IsNullOrWhiteSpace(rawPhone) && string.IsNullOrWhiteSpace(rawEmail))
            errors.Add("phone", "contactRequired", "Cần số điện thoại hoặc địa chỉ thư điện tử để đăng nhập.", "A phone number or an e-mail address is required to sign in.");
        return (phone, email);
    }

    private EgovUser NewUser(string? userName, string? fullName, AccountKind kind, string? email, string? phone) => new()
    {
        Id = Ids.New(), UserName = userName ?? "", FullName = fullName ?? "", SearchName = VietnameseText.Fold(fullName),
        Kind = kind, Email = email, PhoneNumber = phone, LockoutEnabled = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private async Task CreateAsync(EgovUser user, string? password, ValidationErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password))
            errors.Add("password", "required", "Mật khẩu là bắt buộc.", "The password is required.");
        else
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, password);
                foreach (var e in result.Errors) errors.Add("password", e.Code, e.Description, e.Code);
            }
        if (!string.IsNullOrEmpty(user.UserName) && await users.FindByNameAsync(user.UserName) is not null)
            errors.Add(user.Kind == AccountKind.Official ? "userName" : user.Email == user.UserName ? "email" : "phone", "duplicate",
                $"\"{user.UserName}\" đã được dùng cho một tài khoản khác.", $"\"{user.UserName}\" is already used by another account.");
        errors.ThrowIfAny();
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            foreach (var e in created.Errors) errors.Add(e.Code.StartsWith("Password") ? "password" : "userName", e.Code, e.Description, e.Code);
            errors.ThrowIfAny();
        }
    }

    /// <summary>16 characters from an alphabet without look-alikes, with at least one digit and one lower-case letter.</summary>
    public static string GeneratePassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = RandomNumberGenerator.GetItems<char>(letters + digits, 14).ToList();
        chars.Add(RandomNumberGenerator.GetItems<char>(digits, 1)[0]);
        chars.Add(RandomNumberGenerator.GetItems<char>("abcdefghjkmnpqrstuvwxyz", 1)[0]);
        return new string(chars.ToArray());
    }
}
