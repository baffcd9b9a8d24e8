using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Officials;

public sealed record OfficialInput(string? FullName, Guid? AgencyId, Guid? PositionId, string? Email, string? Phone);

/// <summary>List rows carry no contact details, so listing is not a read of personal data.</summary>
public sealed record OfficialSummary(Guid Id, string FullName, Guid AgencyId, string AgencyName, string? PositionName, bool IsActive);

public sealed record OfficialView(Guid Id, string FullName, Guid AgencyId, string AgencyCode, string AgencyName,
    Guid? PositionId, string? PositionName, string? Email, string? Phone, bool IsActive, int Version);

public sealed record OfficialQuery(string? Search = null, Guid? AgencyId = null, bool IncludeInactive = false, int? Page = null, int? PageSize = null);

public sealed class OfficialService(EgovDbContext db, ICallerContext caller, IAuditTrail audit, TimeProvider clock)
{
    private static readonly string[] WriteRoles = [Roles.AgencyAdmin];

    private IQueryable<Official> Visible() =>
        caller.IsSystemAdmin ? db.Set<Official>()
        : caller.IsOfficial ? db.Set<Official>().WithinPaths(caller.PathsFor(), o => o.Agency!.Path)
        : db.Set<Official>().Where(_ => false);

    public async Task<Page<OfficialSummary>> ListAsync(OfficialQuery q, CancellationToken ct = default)
    {
        var (page, size) = Paging.Clamp(q.Page, q.PageSize);
        var query = Visible();
        if (!q.IncludeInactive) query = query.Where(o => o.IsActive);
        if (q.AgencyId is { } agencyId) query = query.Where(o => o.AgencyId == agencyId);
        var term = VietnameseText.Fold(q.Search);
        if (term.Length > 0)
        {
            var like = VietnameseText.LikeContains(term);
            query = query.Where(o => EF.Functions.Like(o.SearchName, like, "\\"));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(o => o.SearchName).ThenBy(o => o.Id).Skip((page - 1) * size).Take(size)
            .Select(o => new OfficialSummary(o.Id, o.FullName, o.AgencyId, o.Agency!.Name, o.Position == null ? null : o.Position.Name, o.IsActive))
            .ToListAsync(ct);
        return new Page<OfficialSummary>(items, total, page, size);
    }

    public async Task<OfficialView> GetAsync(Guid id, CancellationToken ct = default)
    {
        var view = await Visible().Where(o => o.Id == id)
            .Select(o => new OfficialView(o.Id, o.FullName, o.AgencyId, o.Agency!.Code, o.Agency.Name, o.PositionId,
                o.Position == null ? null : o.Position.Name, o.Email, o.Phone, o.IsActive, o.Version))
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("official");
        await audit.RecordReadAsync("Official", id.ToString(), "contact details", ct);
        return view;
    }

    public async Task<OfficialView> CreateAsync(OfficialInput input, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var values = await ValidateAsync(input, errors, ct);
        errors.ThrowIfAny();
        var now = clock.GetUtcNow().UtcDateTime;
        var official = new Official { Id = Ids.New(), CreatedAt = now };
        Apply(official, values, now);
        db.Add(official);
        await db.SaveChangesAsync(ct);
        return await GetAsync(official.Id, ct);
    }

    public async Task<OfficialView> UpdateAsync(Guid id, OfficialInput input, int? expectedVersion, CancellationToken ct = default)
    {
        var official = await Writable(id, ct);
        var errors = new ValidationErrors();
        var values = await ValidateAsync(input, errors, ct);
        errors.ThrowIfAny();
        AgencyService.CheckVersion(official.Version, expectedVersion);
        Apply(official, values, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task SetActiveAsync(Guid id, bool active, CancellationToken ct = default)
    {
        var official = await Writable(id, ct);
        official.IsActive = active;
        official.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        official.Version++;
        await db.SaveChangesAsync(ct);
    }

    private async Task<Official> Writable(Guid id, CancellationToken ct)
    {
        var official = await Visible().Include(o => o.Agency).FirstOrDefaultAsync(o => o.Id == id, ct)
            ?? throw new NotFoundException("official");
        if (!caller.Covers(official.Agency!.Path, WriteRoles))
            throw new ForbiddenException("The official's agency is outside the caller's administrative scope.");
        return official;
    }

    private sealed record Values(string FullName, Guid AgencyId, Guid? PositionId, string? Email, string? Phone);

    private async Task<Values> ValidateAsync(OfficialInput input, ValidationErrors errors, CancellationToken ct)
    {
        var name = errors.RequiredText("fullName", input.FullName, DirectoryLimits.PersonName, "Họ và tên", "Full name");
        errors.Add(EmailAddress.Check(input.Email, "email", out var email));
        errors.Add(PhoneNumber.Check(input.Phone, "phone", out var phone));
        if (input.AgencyId is not { } agencyId)
            errors.Add("agencyId", "required", "Cơ quan công tác là bắt buộc.", "The agency is required.");
        else
        {
            var agency = await db.Set<Agency>().Where(a => a.Id == agencyId).Select(a => new { a.Path, a.IsActive }).FirstOrDefaultAsync(ct);
            if (agency is null)
                errors.Add("agencyId", "unknownAgency", "Không tìm thấy cơ quan công tác.", "The agency does not exist.");
            else if (!agency.IsActive)
                errors.Add("agencyId", "inactiveAgency", "Cơ quan công tác đang ngừng hoạt động.", "The agency is inactive.");
            else if (!caller.Covers(agency.Path, WriteRoles))
                throw new ForbiddenException("The agency is outside the caller's administrative scope.");
        }
        if (input.PositionId is { } positionId && !await db.Set<Position>().AnyAsync(p => p.Id == positionId && p.IsActive, ct))
            errors.Add("positionId", "unknownPosition", "Không tìm thấy chức vụ.", "The position does not exist.");
        return new Values(name ?? "", input.AgencyId ?? Guid.Empty, input.PositionId, email, phone);
    }

    private static void Apply(Official o, Values v, DateTime now)
    {
        o.FullName = v.FullName;
        o.AgencyId = v.AgencyId;
        o.PositionId = v.PositionId;
        o.Email = v.Email;
        o.Phone = v.Phone;
        o.SearchName = VietnameseText.Fold(v.FullName);
        o.UpdatedAt = now;
        o.Version++;
    }
}
