using System.Text.Json;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Units;

public sealed record UnitView(string Scheme, string Code, string Name, string FullName, UnitLevel Level, string? UnitType, string? ParentCode, bool IsActive);
public sealed record UnitQuery(string Scheme = UnitSchemes.TwoTier2026, string? ParentCode = null, UnitLevel? Level = null,
    string? Search = null, bool IncludeInactive = false, int? Page = null, int? PageSize = null);
public sealed record UnitImportResult(string Scheme, int Added, int Updated, int Unchanged);
public sealed record UnitEdit(string? Name, string? FullName, bool? IsActive);
public sealed record UnitInput(string? Scheme, string? Code, string? Name, string? FullName, UnitLevel? Level, string? UnitType, string? ParentCode);

/// <summary>Administrative units are public reference data: anyone reads them, system administrators import and edit them.</summary>
public sealed class AdministrativeUnitService(EgovDbContext db, ICallerContext caller)
{
    public const long MaxImportBytes = 50 * 1024 * 1024;

    public async Task<Page<UnitView>> ListAsync(UnitQuery q, CancellationToken ct = default)
    {
        var (page, size) = Paging.Clamp(q.Page, q.PageSize, 100);
        var query = db.Set<AdministrativeUnit>().Where(u => u.Scheme == q.Scheme);
        if (!q.IncludeInactive) query = query.Where(u => u.IsActive);
        if (q.ParentCode is { Length: > 0 } parent) query = query.Where(u => u.ParentCode == parent);
        if (q.Level is { } level) query = query.Where(u => u.Level == level);
        var term = VietnameseText.Fold(q.Search);
        if (term.Length > 0)
        {
            var like = VietnameseText.LikeContains(term);
            query = query.Where(u => EF.Functions.Like(u.SearchName, like, "\\") || u.Code == q.Search!.Trim());
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(u => u.Code).Skip((page - 1) * size).Take(size)
            .Select(u => new UnitView(u.Scheme, u.Code, u.Name, u.FullName, u.Level, u.UnitType, u.ParentCode, u.IsActive))
            .ToListAsync(ct);
        return new Page<UnitView>(items, total, page, size);
    }

    /// <summary>The provinces of the structure in force (2026), for a delivery address: code and full name, in code order.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> ProvincesAsync(CancellationToken ct = default) =>
        (await db.Set<AdministrativeUnit>().AsNoTracking()
            .Where(u => u.Scheme == UnitSchemes.TwoTier2026 && u.Level == UnitLevel.Province && u.IsActive)
            .OrderBy(u => u.Code).Select(u => new { u.Code, u.FullName }).ToListAsync(ct))
        .Select(u => (u.Code, u.FullName)).ToList();

    /// <summary>The province the deployment serves: the unit of its top agency (the provincial People's Committee), if it has one.</summary>
    public async Task<string?> HomeProvinceCodeAsync(CancellationToken ct = default) =>
        (await db.Set<Agencies.Agency>().AsNoTracking().Where(a => a.ParentId == null && a.UnitCode != null && a.IsActive)
            .OrderBy(a => a.CreatedAt).Select(a => a.UnitCode).ToListAsync(ct)).FirstOrDefault(c => c!.Length == 2);

    /// <summary>The active communes and wards of one province (2026 structure) with their full names; empty for an unknown province.</summary>
    public async Task<IReadOnlyList<(string Code, string Name, string ProvinceName)>> CommunesOfAsync(string? provinceCode, CancellationToken ct = default)
    {
        var code = provinceCode?.Trim() ?? "";
        var province = await db.Set<AdministrativeUnit>().AsNoTracking()
            .Where(u => u.Scheme == UnitSchemes.TwoTier2026 && u.Level == UnitLevel.Province && u.Code == code && u.IsActive)
            .Select(u => u.FullName).FirstOrDefaultAsync(ct);
        if (province is null) return [];
        return (await db.Set<AdministrativeUnit>().AsNoTracking()
                .Where(u => u.Scheme == UnitSchemes.TwoTier2026 && u.ParentCode == code && u.Level == UnitLevel.Commune && u.IsActive)
                .OrderBy(u => u.Code).Select(u => new { u.Code, u.FullName }).ToListAsync(ct))
            .Select(u => (u.Code, u.FullName, province)).ToList();
    }

    public async Task<UnitView> GetAsync(string scheme, string code, CancellationToken ct = default) =>
        await db.Set<AdministrativeUnit>().Where(u => u.Scheme == scheme && u.Code == code)
            .Select(u => new UnitView(u.Scheme, u.Code, u.Name, u.FullName, u.Level, u.UnitType, u.ParentCode, u.IsActive))
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException("administrative unit");

    public async Task<UnitView> EditAsync(string scheme, string code, UnitEdit edit, CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators edit administrative units.");
        var unit = await db.Set<AdministrativeUnit>().FirstOrDefaultAsync(u => u.Scheme == scheme && u.Code == code, ct)
            ?? throw new NotFoundException("administrative unit");
        var errors = new ValidationErrors();
        var name = edit.Name is null ? unit.Name : errors.RequiredText("name", edit.Name, DirectoryLimits.Name, "Tên", "Name");
        var fullName = edit.FullName is null ? unit.FullName : errors.RequiredText("fullName", edit.FullName, DirectoryLimits.Name, "Tên đầy đủ", "Full name");
        errors.ThrowIfAny();
        unit.Name = name!;
        unit.FullName = fullName!;
        unit.SearchName = VietnameseText.Fold(fullName);
        if (edit.IsActive is { } active) unit.IsActive = active;
        await db.SaveChangesAsync(ct);
        return await GetAsync(scheme, code, ct);
    }

    /// <summary>
    /// Adds one unit (a new ward after a merger, say) under an existing parent of the level above:
    /// 2-digit provinces, 3-digit districts (pre-2025 structure only), 5-digit communes.
    /// </summary>
    public async Task<UnitView> CreateAsync(UnitInput input, CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators add administrative units.");
        var errors = new ValidationErrors();
        var scheme = input.Scheme;
        if (scheme is null || !UnitSchemes.All.Contains(scheme))
            errors.Add("scheme", "unknown", "Mô hình chính quyền phải là 2026 hoặc pre2025.", "The scheme must be 2026 or pre2025.");
        if (input.Level is not { } level || !Enum.IsDefined(level))
        {
            errors.Add("level", "required", "Cấp đơn vị hành chính là bắt buộc.", "The level is required.");
            level = UnitLevel.Commune;
        }
        else if (level == UnitLevel.District && scheme == UnitSchemes.TwoTier2026)
            errors.Add("level", "noDistricts", "Từ ngày 01/7/2025 không còn cấp huyện.", "There are no districts since 1 July 2025.");
        var digits = level switch { UnitLevel.Province => 2, UnitLevel.District => 3, _ => 5 };
        var code = input.Code?.Trim() ?? "";
        if (code.Length != digits || !code.All(char.IsAsciiDigit))
            errors.Add("code", "format", $"Mã đơn vị cấp này gồm đúng {digits} chữ số.", $"The code of this level has exactly {digits} digits.");
        var name = errors.RequiredText("name", input.Name, DirectoryLimits.Name, "Tên", "Name");
        var fullName = errors.RequiredText("fullName", input.FullName, DirectoryLimits.Name, "Tên đầy đủ", "Full name");
        var unitType = errors.OptionalText("unitType", input.UnitType, 40, "Loại đơn vị", "Unit type");
        var parentCode = string.IsNullOrWhiteSpace(input.ParentCode) ? null : input.ParentCode.Trim();
        if (level == UnitLevel.Province && parentCode is not null)
            errors.Add("parentCode", "noParent", "Tỉnh, thành phố không có đơn vị cấp trên.", "A province has no parent unit.");
        if (level != UnitLevel.Province && scheme is not null)
        {
            var parentLevel = level == UnitLevel.Commune && scheme == UnitSchemes.ThreeTierPre2025 ? UnitLevel.District : UnitLevel.Province;
            if (parentCode is null || !await db.Set<AdministrativeUnit>().AnyAsync(u => u.Scheme == scheme && u.Code == parentCode && u.Level == parentLevel, ct))
                errors.Add("parentCode", "unknownParent", "Không tìm thấy đơn vị cấp trên ở cấp liền trên.", "No parent unit of the level above has this code.");
        }
        if (scheme is not null && await db.Set<AdministrativeUnit>().AnyAsync(u => u.Scheme == scheme && u.Code == code, ct))
            errors.Add("code", "duplicate", $"Mã {code} đã có trong danh mục.", $"Code {code} already exists.");
        errors.ThrowIfAny();
        db.Add(new AdministrativeUnit
        {
            Id = Ids.New(), Scheme = scheme!, Code = code, Name = name!, FullName = fullName!, Level = level, UnitType = unitType,
            ParentCode = parentCode, SearchName = VietnameseText.Fold(fullName),
        });
        await db.SaveChangesAsync(ct);
        return await GetAsync(scheme!, code, ct);
    }

    /// <summary>
    /// Imports a file in the format of data/admin-units (the 2026 two-tier list of provinces with "Wards",
    /// or the pre-2025 list with "District" → "Ward"); the scheme is recognised from the content.
    /// Existing units are updated in place, so importing twice changes nothing.
    /// </summary>
    public async Task<UnitImportResult> ImportAsync(Stream json, IProgress<(int done, int total)>? progress = null, CancellationToken ct = default)
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators import administrative units.");
        var (scheme, parsed) = await ParseAsync(json, ct);
        var existing = await db.Set<AdministrativeUnit>().Where(u => u.Scheme == scheme).ToDictionaryAsync(u => u.Code, ct);
        int added = 0, updated = 0, unchanged = 0, done = 0;
        foreach (var unit in parsed)
        {
            if (existing.TryGetValue(unit.Code, out var current))
            {
                if (current.Name == unit.Name && current.FullName == unit.FullName && current.ParentCode == unit.ParentCode
                    && current.UnitType == unit.UnitType && current.NameEn == unit.NameEn) unchanged++;
                else
                {
                    (current.Name, current.FullName, current.ParentCode, current.UnitType, current.NameEn, current.SearchName) =
                        (unit.Name, unit.FullName, unit.ParentCode, unit.UnitType, unit.NameEn, unit.SearchName);
                    updated++;
                }
            }
            else
            {
                db.Add(unit);
                added++;
            }
            if (++done % 2000 == 0)
            {
                await db.SaveChangesAsync(ct);
                progress?.Report((done, parsed.Count));
            }
        }
        await db.SaveChangesAsync(ct);
        progress?.Report((parsed.Count, parsed.Count));
        return new UnitImportResult(scheme, added, updated, unchanged);
    }

    /// <summary>Parses and validates the whole file before anything is written, so a bad file changes nothing.</summary>
    public static async Task<(string scheme, List<AdministrativeUnit> units)> ParseAsync(Stream json, CancellationToken ct = default)
    {
        JsonDocument doc;
        try
        {
            doc = await JsonDocument.ParseAsync(json, new JsonDocumentOptions { MaxDepth = 16 }, ct);
        }
        catch (JsonException e)
        {
            throw DomainValidationException.For("file", "json",
                $"Tệp không phải JSON hợp lệ (dòng {e.LineNumber + 1}, vị trí {e.BytePositionInLine + 1}).",
                $"The file is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
                throw Invalid("$", "Tệp phải là một danh sách (mảng JSON) các tỉnh, thành phố.", "The file must be a JSON array of provinces.");
            var first = doc.RootElement[0];
            var scheme = first.ValueKind == JsonValueKind.Object && first.TryGetProperty("District", out _)
                ? UnitSchemes.ThreeTierPre2025 : UnitSchemes.TwoTier2026;
            var units = new List<AdministrativeUnit>();
            var seen = new HashSet<string>();
            var i = 0;
            foreach (var province in doc.RootElement.EnumerateArray())
            {
                var where = $"$[{i++}]";
                var p = Read(province, where, 2, UnitLevel.Province, null, scheme, seen);
                units.Add(p);
                if (scheme == UnitSchemes.TwoTier2026)
                    units.AddRange(Children(province, "Wards", where, 5, UnitLevel.Commune, p.Code, scheme, seen));
                else
                {
                    var j = 0;
                    foreach (var district in Array(province, "District", where))
                    {
                        var dw = $"{where}.District[{j++}]";
                        var d = Read(district, dw, 3, UnitLevel.District, p.Code, scheme, seen);
                        units.Add(d);
                        // Island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa…) have no communes: their "Ward" is null or absent.
                        if (!district.TryGetProperty("Ward", out var wards) || wards.ValueKind == JsonValueKind.Null) continue;
                        units.AddRange(Children(district, "Ward", dw, 5, UnitLevel.Commune, d.Code, scheme, seen));
                    }
                }
            }
            return (scheme, units);
        }
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name, string where) =>
        parent.TryGetProperty(name, out var arr) && arr.ValueKind == JsonValueKind.Array
            ? arr.EnumerateArray()
            : throw Invalid(where, $"Thiếu danh sách \"{name}\" tại {where}.", $"Missing array \"{name}\" at {where}.");

    private static IEnumerable<AdministrativeUnit> Children(JsonElement parent, string name, string where, int digits, UnitLevel level,
        string parentCode, string scheme, HashSet<string> seen)
    {
        // Island districts without communes (Hoàng Sa, Bạch Long Vĩ, Cồn Cỏ) carry no list or null.
        var isDistrict = parentCode.Length == 3;
        if (isDistrict && (!parent.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null))
            yield break;
        var k = 0;
        foreach (var child in Array(parent, name, where).ToList())
            yield return Read(child, $"{where}.{name}[{k++}]", digits, level, parentCode, scheme, seen);
    }

    private static AdministrativeUnit Read(JsonElement e, string where, int digits, UnitLevel level, string? parentCode, string scheme, HashSet<string> seen)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Invalid(where, $"Phần tử {where} phải là một đối tượng.", $"{where} must be an object.");
        var code = Text(e, "Code", where, 5);
        if (code.Length != digits || !code.All(char.IsAsciiDigit))
            throw Invalid(where + ".Code", $"Mã \"{code}\" tại {where} phải gồm {digits} chữ số.", $"Code \"{code}\" at {where} must have {digits} digits.");
        if (!seen.Add(code)) throw Invalid(where + ".Code", $"Mã \"{code}\" bị lặp lại tại {where}.", $"Code \"{code}\" is repeated at {where}.");
        var name = Text(e, "Name", where, DirectoryLimits.Name);
        var fullName = e.TryGetProperty("FullName", out _) ? Text(e, "FullName", where, DirectoryLimits.Name) : name;
        string? Optional(string prop) => e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var unitType = Optional("AdministrativeUnitShortName") ?? TypeFromFullName(fullName, name);
        return new AdministrativeUnit
        {
            Id = Ids.New(), Scheme = scheme, Code = code, Name = name, FullName = fullName, NameEn = Optional("NameEn")?.Trim() is { Length: > 0 and <= DirectoryLimits.Name } en ? en : null,
            Level = level, UnitType = unitType is { Length: <= 40 } ? unitType : null, ParentCode = parentCode, SearchName = VietnameseText.Fold(fullName),
        };
    }

    private static string? TypeFromFullName(string fullName, string name) =>
        fullName.EndsWith(name, StringComparison.Ordinal) && fullName.Length > name.Length ? fullName[..^name.Length].Trim() : null;

    private static string Text(JsonElement e, string prop, string where, int max)
    {
        if (!e.TryGetProperty(prop, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            throw Invalid($"{where}.{prop}", $"Thiếu trường \"{prop}\" (chuỗi) tại {where}.", $"Missing string field \"{prop}\" at {where}.");
        var s = v.GetString()!.Trim();
        if (s.Length > max) throw Invalid($"{where}.{prop}", $"Trường \"{prop}\" tại {where} dài quá {max} ký tự.", $"Field \"{prop}\" at {where} is longer than {max}.");
        return s;
    }

    private static DomainValidationException Invalid(string field, string vi, string en) => DomainValidationException.For(field, "unitFile", vi, en);
}
