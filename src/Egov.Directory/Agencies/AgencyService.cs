using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Agencies;

public sealed record AgencyInput(
    string? Code, string? Name, string? ShortName, AgencyKind? Kind, Guid? ParentId,
    string? UnitCode, string? Address, string? Phone, string? Email, string? Sector = null);

public sealed record AgencyView(
    Guid Id, string Code, string Name, string? ShortName, AgencyKind Kind, Guid? ParentId, string? ParentName,
    string Path, int Depth, string? UnitCode, string? Address, string? Phone, string? Email, bool IsDemoData, bool IsActive, int Version, string? Sector = null);

/// <summary>An agency as other modules need it to route work: identity, name and place in the tree.</summary>
public sealed record AgencyRef(Guid Id, string Code, string Name, string? ShortName, string Path, AgencyKind Kind, string? Sector);

public sealed record AgencyQuery(string? Search = null, Guid? ParentId = null, AgencyKind? Kind = null,
    bool IncludeInactive = false, int? Page = null, int? PageSize = null);

/// <summary>
/// The agency tree. Officials read their grants' sub-trees; agency administrators change agencies inside
/// their sub-tree; only system administrators create top-level agencies.
/// </summary>
public sealed class AgencyService(EgovDbContext db, ICallerContext caller, AgencyDirectoryCache directory, TimeProvider clock)
{
    private static readonly string[] ReadRoles = [];
    private static readonly string[] WriteRoles = [Roles.AgencyAdmin];

    private IQueryable<Agency> Visible() =>
        caller.IsSystemAdmin
            ? db.Set<Agency>()
            : caller.IsOfficial
                ? db.Set<Agency>().WithinPaths(caller.PathsFor(ReadRoles), a => a.Path)
                : db.Set<Agency>().Where(_ => false);

    public async Task<Page<AgencyView>> ListAsync(AgencyQuery q, CancellationToken ct = default)
    {
        var (page, size) = Paging.Clamp(q.Page, q.PageSize);
        var query = Visible();
        if (!q.IncludeInactive) query = query.Where(a => a.IsActive);
        if (q.ParentId is { } parent) query = query.Where(a => a.ParentId == parent);
        if (q.Kind is { } kind) query = query.Where(a => a.Kind == kind);
        var term = VietnameseText.Fold(q.Search);
        if (term.Length > 0)
        {
            var like = VietnameseText.LikeContains(term);
            query = query.Where(a => EF.Functions.Like(a.SearchName, like, "\\") || a.Code.StartsWith(q.Search!.Trim()));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Depth).ThenBy(a => a.Code)
            .Skip((page - 1) * size).Take(size)
            .Select(Projection)
            .ToListAsync(ct);
        return new Page<AgencyView>(items, total, page, size);
    }

    public async Task<AgencyView> GetAsync(Guid id, CancellationToken ct = default) =>
        await Visible().Where(a => a.Id == id).Select(Projection).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("agency");

    public async Task<AgencyView?> FindByCodeAsync(string code, CancellationToken ct = default) =>
        await Visible().Where(a => a.Code == code).Select(Projection).FirstOrDefaultAsync(ct);

    /// <summary>For other modules: the agency's path (to scope their own data), without the caller's scope.</summary>
    public async Task<(Guid Id, string Code, string Path, bool IsActive)?> LocateAsync(Guid id, CancellationToken ct = default)
    {
        var a = await db.Set<Agency>().AsNoTracking().Where(x => x.Id == id)
            .Select(x => new { x.Id, x.Code, x.Path, x.IsActive }).FirstOrDefaultAsync(ct);
        return a is null ? null : (a.Id, a.Code, a.Path, a.IsActive);
    }

    /// <summary>
    /// For other modules: the agency a procedure names by reference, seen from the agency that received the dossier.
    /// "receiving" is that agency; "department:{sector}", "service-centre" and "province-committee" are looked up in the
    /// same province; "commune" / "every-commune" is the receiving commune, or the commune the dossier concerns
    /// (<paramref name="localAgencyId"/>) when a provincial agency received it. Null when nothing matches.
    /// </summary>
    public async Task<AgencyRef?> ResolveAsync(string reference, Guid receivingAgencyId, Guid? localAgencyId = null, CancellationToken ct = default) =>
        Resolve(await directory.GetAsync(db, ct), reference, receivingAgencyId, localAgencyId)
        ?? Resolve(await directory.ReloadAfterMissAsync(db, ct), reference, receivingAgencyId, localAgencyId);

    private static AgencyRef? Resolve(AgencyDirectoryCache.Snapshot agencies, string reference, Guid receivingAgencyId, Guid? localAgencyId)
    {
        var receiving = agencies.Find(receivingAgencyId);
        if (receiving is null) return null;
        var root = ProvinceRoot(receiving);
        var sector = reference.StartsWith("department:") ? reference["department:".Length..] : null;
        AgencyRef? InProvince(Func<AgencyRef, bool> where) =>
            agencies.All.FirstOrDefault(a => a.Path.StartsWith(root, StringComparison.Ordinal) && where(a));
        return reference switch
        {
            "receiving" => receiving,
            "province-committee" => InProvince(a => a.Path == root),
            "service-centre" => InProvince(a => a.Kind == AgencyKind.ServiceCentre),
            "commune" or "every-commune" => receiving.Kind == AgencyKind.CommuneCommittee ? receiving
                : localAgencyId is { } local ? InProvince(a => a.Id == local && a.Kind == AgencyKind.CommuneCommittee)
                : null,
            _ when sector is not null => InProvince(a => a.Sector == sector),
            _ => null,
        };
    }

    /// <summary>
    /// For the public portal: the agencies that procedures name by sector ("department:justice", "service-centre"), keyed by
    /// that sector, so that a citizen reads where to go. Public facts, read without the caller's scope.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, AgencyRef>> BySectorAsync(CancellationToken ct = default)
    {
        var bySector = new Dictionary<string, AgencyRef>(StringComparer.Ordinal);
        foreach (var a in (await directory.GetAsync(db, ct)).All)
            if (a.Sector is { Length: > 0 } sector) bySector.TryAdd(sector, a); // ordered by path: the province's own first
        return bySector;
    }

    private static string ProvinceRoot(AgencyRef agency) => agency.Path[..(agency.Path.IndexOf('/', 1) + 1)];

    /// <summary>
    /// Whether an agency receives dossiers of a procedure handled by <paramref name="competent"/>: the competent agency
    /// itself, a commune for commune-level procedures, or the province's public service centre for provincial ones.
    /// </summary>
    public async Task<bool> ReceivesForAsync(Guid agencyId, IReadOnlyList<string> competent, CancellationToken ct = default)
    {
        var agency = await FindRefAsync(agencyId, ct);
        return agency is not null && Receives(agency, competent);
    }

    /// <summary>For the public portal: every agency where a citizen may submit a procedure handled by <paramref name="competent"/>
    /// (public facts, read without the caller's scope), by name.</summary>
    public async Task<IReadOnlyList<AgencyRef>> ReceiversAsync(IReadOnlyList<string> competent, CancellationToken ct = default) =>
        (await directory.GetAsync(db, ct)).All.Where(a => Receives(a, competent)).OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

    private static bool Receives(AgencyRef agency, IReadOnlyList<string> competent)
    {
        foreach (var reference in competent)
        {
            if (reference is "every-commune" or "commune") { if (agency.Kind == AgencyKind.CommuneCommittee) return true; continue; }
            if (agency.Kind == AgencyKind.ServiceCentre) return true;
            if (reference.StartsWith("department:") && agency.Sector == reference["department:".Length..]) return true;
            if (reference == "province-committee" && agency.Kind is AgencyKind.ProvincialCommittee or AgencyKind.Office) return true;
        }
        return false;
    }

    /// <summary>For other modules: the communes of the province an agency belongs to (to choose where a step goes).</summary>
    public async Task<IReadOnlyList<AgencyRef>> CommunesOfProvinceAsync(Guid agencyId, CancellationToken ct = default)
    {
        var agency = await FindRefAsync(agencyId, ct);
        if (agency is null) return [];
        var root = ProvinceRoot(agency);
        return (await directory.GetAsync(db, ct)).All
            .Where(a => a.Kind == AgencyKind.CommuneCommittee && a.Path.StartsWith(root, StringComparison.Ordinal))
            .OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    private async Task<AgencyRef?> FindRefAsync(Guid id, CancellationToken ct) =>
        (await directory.GetAsync(db, ct)).Find(id) ?? (await directory.ReloadAfterMissAsync(db, ct)).Find(id);

    public async Task<AgencyView> CreateAsync(AgencyInput input, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var (code, parent, values) = await ValidateAsync(input, null, errors, ct);
        if (parent is null && !caller.IsSystemAdmin)
            throw new ForbiddenException("Only system administrators create top-level agencies.");
        if (parent is not null && !caller.Covers(parent.Path, WriteRoles))
            throw new ForbiddenException("The parent agency is outside the caller's scope.");
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var agency = new Agency { Id = Ids.New(), Code = code, CreatedAt = now };
        Apply(agency, values, parent, now);
        db.Add(agency);
        await db.SaveChangesAsync(ct);
        return await GetAsync(agency.Id, ct);
    }

    public async Task<AgencyView> UpdateAsync(Guid id, AgencyInput input, int? expectedVersion, CancellationToken ct = default)
    {
        var agency = await Writable(id, ct);
        var errors = new ValidationErrors();
        var (code, parent, values) = await ValidateAsync(input, agency, errors, ct);
        // Only a move needs the new parent in scope: an agency administrator edits their own agency under a parent they do not administer.
        if (parent is not null && parent.Id != agency.ParentId && !caller.Covers(parent.Path, WriteRoles))
            throw new ForbiddenException("The new parent agency is outside the caller's scope.");
        if (parent is null && agency.ParentId is not null && !caller.IsSystemAdmin)
            throw new ForbiddenException("Only system administrators make an agency top-level.");
        if (parent is not null && parent.Path.StartsWith(agency.Path))
            errors.Add("parentId", "cycle", "Không thể chuyển cơ quan vào dưới chính nó hoặc đơn vị trực thuộc của nó.",
                "An agency cannot be moved under itself or one of its sub-agencies.");
        errors.ThrowIfAny();
        CheckVersion(agency.Version, expectedVersion);

        var now = clock.GetUtcNow().UtcDateTime;
        var (oldPath, oldDepth) = (agency.Path, agency.Depth);
        agency.Code = code;
        Apply(agency, values, parent, now);
        if (agency.Path != oldPath) await MoveSubtreeAsync(oldPath, agency.Path, agency.Depth - oldDepth, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<AgencyView> SetActiveAsync(Guid id, bool active, CancellationToken ct = default)
    {
        var agency = await Writable(id, ct);
        if (!active && await db.Set<Agency>().AnyAsync(a => a.ParentId == id && a.IsActive, ct))
            throw new ConflictException("Không thể ngừng hoạt động cơ quan còn đơn vị trực thuộc đang hoạt động; hãy ngừng các đơn vị đó trước.",
                "The agency still has active sub-agencies; deactivate them first.");
        if (active && agency.ParentId is { } parentId && !await db.Set<Agency>().AnyAsync(a => a.Id == parentId && a.IsActive, ct))
            throw new ConflictException("Cơ quan cấp trên đang ngừng hoạt động.", "The parent agency is inactive.");
        agency.IsActive = active;
        agency.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        agency.Version++;
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task<Agency> Writable(Guid id, CancellationToken ct)
    {
        var agency = await Visible().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("agency");
        if (!caller.Covers(agency.Path, WriteRoles))
            throw new ForbiddenException("The agency is outside the caller's administrative scope.");
        return agency;
    }

    internal static void CheckVersion(int actual, int? expected)
    {
        if (expected is { } v && v != actual)
            throw new ConflictException("Bản ghi đã được người khác sửa; hãy tải lại trang và sửa lại.",
                "The record was changed by someone else; reload and try again.");
    }

    private sealed record Values(string Name, string? ShortName, AgencyKind Kind, string? UnitCode, string? Address, string? Phone, string? Email, string? Sector);

    private async Task<(string code, Agency? parent, Values values)> ValidateAsync(AgencyInput input, Agency? existing, ValidationErrors errors, CancellationToken ct)
    {
        errors.Add(AgencyCode.Check(input.Code, "code", out var code));
        var name = errors.RequiredText("name", input.Name, DirectoryLimits.Name, "Tên cơ quan", "Name");
        var shortName = errors.OptionalText("shortName", input.ShortName, DirectoryLimits.ShortName, "Tên viết tắt", "Short name");
        var address = errors.OptionalText("address", input.Address, DirectoryLimits.Address, "Địa chỉ", "Address");
        errors.Add(PhoneNumber.Check(input.Phone, "phone", out var phone));
        errors.Add(EmailAddress.Check(input.Email, "email", out var email));
        if (input.Kind is null)
            errors.Add("kind", "required", "Loại cơ quan là bắt buộc.", "The kind of agency is required.");
        else if (!Enum.IsDefined(input.Kind.Value))
            errors.Add("kind", "unknown", "Loại cơ quan không hợp lệ.", "Unknown kind of agency.");
        var unitCode = input.UnitCode?.Trim();
        if (string.IsNullOrEmpty(unitCode)) unitCode = null;
        else if (!await db.Set<Units.AdministrativeUnit>().AnyAsync(u => u.Code == unitCode, ct))
            errors.Add("unitCode", "unknownUnit", $"Không có đơn vị hành chính mã \"{unitCode}\".", $"No administrative unit has code \"{unitCode}\".");

        Agency? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = await db.Set<Agency>().FirstOrDefaultAsync(a => a.Id == parentId, ct);
            if (parent is null)
                errors.Add("parentId", "unknownParent", "Không tìm thấy cơ quan cấp trên.", "The parent agency does not exist.");
            else if (!parent.IsActive)
                errors.Add("parentId", "inactiveParent", $"Cơ quan cấp trên \"{parent.Name}\" đang ngừng hoạt động.", "The parent agency is inactive.");
            else if (code.Value is not null)
                errors.Add(code.CheckChildOf(new AgencyCode(parent.Code), "code"));
            if (existing is not null && parentId == existing.Id)
                errors.Add("parentId", "cycle", "Cơ quan không thể là cấp trên của chính nó.", "An agency cannot be its own parent.");
        }
        if (code.Value is not null && await db.Set<Agency>().AnyAsync(a => a.Code == code.Value && (existing == null || a.Id != existing.Id), ct))
            errors.Add("code", "duplicate", $"Mã định danh {code.Value} đã được dùng cho cơ quan khác.", $"Code {code.Value} is already used by another agency.");

        var sector = string.IsNullOrWhiteSpace(input.Sector) ? null : input.Sector.Trim().ToLowerInvariant();
        if (sector is not null && (sector.Length > 40 || !sector.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
            errors.Add("sector", "format", "Mã ngành chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (tối đa 40 ký tự), ví dụ \"justice\".",
                "The sector key has lowercase letters, digits and hyphens (at most 40), e.g. \"justice\".");
        return (code.Value ?? "", parent, new Values(name ?? "", shortName, input.Kind ?? AgencyKind.Other, unitCode, address, phone, email, sector));
    }

    private static void Apply(Agency agency, Values v, Agency? parent, DateTime now)
    {
        agency.Name = v.Name;
        agency.ShortName = v.ShortName;
        agency.Kind = v.Kind;
        agency.UnitCode = v.UnitCode;
        agency.Address = v.Address;
        agency.Phone = v.Phone;
        agency.Email = v.Email;
        agency.Sector = v.Sector;
        agency.ParentId = parent?.Id;
        agency.Path = Agency.ChildPath(parent?.Path ?? "/", agency.Id);
        agency.Depth = parent is null ? 0 : parent.Depth + 1;
        agency.SearchName = VietnameseText.Fold($"{v.Name} {v.ShortName}");
        agency.UpdatedAt = now;
        agency.Version++;
    }

    private async Task MoveSubtreeAsync(string oldPath, string newPath, int depthShift, CancellationToken ct)
    {
        var descendants = await db.Set<Agency>().Where(a => a.Path.StartsWith(oldPath) && a.Path != oldPath).ToListAsync(ct);
        foreach (var d in descendants)
        {
            d.Path = newPath + d.Path[oldPath.Length..];
            d.Depth += depthShift;
            d.Version++;
        }
    }

    private static readonly System.Linq.Expressions.Expression<Func<Agency, AgencyView>> Projection = a => new AgencyView(
        a.Id, a.Code, a.Name, a.ShortName, a.Kind, a.ParentId,
        a.ParentId == null ? null : a.Parent!.Name,
        a.Path, a.Depth, a.UnitCode, a.Address, a.Phone, a.Email, a.IsDemoData, a.IsActive, a.Version, a.Sector);
}
