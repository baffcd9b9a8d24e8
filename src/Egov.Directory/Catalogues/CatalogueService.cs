using System.Text.RegularExpressions;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Catalogues;

public sealed record CatalogueInput(string? Code, string? Name, int? SortOrder);
public sealed record CatalogueView(Guid Id, string Code, string Name, int SortOrder, bool IsActive);

/// <summary>Province-wide catalogues: every official reads them, only system administrators change them.</summary>
public sealed partial class CatalogueService(EgovDbContext db, ICallerContext caller, TimeProvider clock)
{
    [GeneratedRegex(@"^[A-Za-z0-9._-]+$")]
    private static partial Regex CodePattern();

    public async Task<IReadOnlyList<CatalogueView>> ListAsync<T>(string? search = null, bool includeInactive = false, CancellationToken ct = default)
        where T : CatalogueItem
    {
        var query = db.Set<T>().AsQueryable();
        if (!includeInactive) query = query.Where(x => x.IsActive);
        var term = VietnameseText.Fold(search);
        if (term.Length > 0)
        {
            var like = VietnameseText.LikeContains(term);
            query = query.Where(x => EF.Functions.Like(x.SearchName, like, "\\") || x.Code == search!.Trim());
        }
        return await query.OrderBy(x => x.SortOrder).ThenBy(x => x.Code)
            .Select(x => new CatalogueView(x.Id, x.Code, x.Name, x.SortOrder, x.IsActive)).ToListAsync(ct);
    }

    public async Task<CatalogueView> GetAsync<T>(Guid id, CancellationToken ct = default) where T : CatalogueItem =>
        await db.Set<T>().Where(x => x.Id == id).Select(x => new CatalogueView(x.Id, x.Code, x.Name, x.SortOrder, x.IsActive)).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException(typeof(T).Name);

    public async Task<CatalogueView> SaveAsync<T>(Guid? id, CatalogueInput input, CancellationToken ct = default) where T : CatalogueItem, new()
    {
        RequireAdmin();
        var errors = new ValidationErrors();
        var code = errors.RequiredText("code", input.Code, DirectoryLimits.CatalogueCode, "Mã", "Code");
        if (code is not null && !CodePattern().IsMatch(code))
            errors.Add("code", "format", "Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -", "The code may only contain letters, digits, '.', '_' and '-'.");
        var name = errors.RequiredText("name", input.Name, DirectoryLimits.Name, "Tên", "Name");
        if (code is not null && await db.Set<T>().AnyAsync(x => x.Code == code && (id == null || x.Id != id), ct))
            errors.Add("code", "duplicate", $"Mã \"{code}\" đã tồn tại.", $"Code \"{code}\" already exists.");
        T? item = null;
        if (id is { } existing)
            item = await db.Set<T>().FirstOrDefaultAsync(x => x.Id == existing, ct) ?? throw new NotFoundException(typeof(T).Name);
        errors.ThrowIfAny();
        if (item is null)
        {
            item = new T { Id = Ids.New() };
            db.Add(item);
        }
        item.Code = code!;
        item.Name = name!;
        item.SearchName = VietnameseText.Fold(name);
        item.SortOrder = input.SortOrder ?? item.SortOrder;
        item.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return await GetAsync<T>(item.Id, ct);
    }

    public async Task SetActiveAsync<T>(Guid id, bool active, CancellationToken ct = default) where T : CatalogueItem
    {
        RequireAdmin();
        var item = await db.Set<T>().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException(typeof(T).Name);
        item.IsActive = active;
        item.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private void RequireAdmin()
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators change catalogues.");
    }
}
