using System.Reflection;
using System.Text.Json;
using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;
using Egov.Directory.Officials;
using Egov.Directory.Units;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory.Demo;

/// <summary>An official of the demo province who gets a sign-in account for one role.</summary>
public sealed record DemoOfficial(string Key, Guid OfficialId, string FullName, string Email, string Role, Guid AgencyId, string AgencyPath, string AgencyName);

/// <summary>
/// Seeds the demo province Thanh Hóa (Demo/thanh-hoa.json): the national administrative units of both
/// structures, UBND tỉnh 000.00.00.H56 with its Office, departments and service centre, the People's
/// Committee of each of its 166 communes and wards (generated codes, marked as demo data), positions,
/// procedure fields and one official per demo role.
/// </summary>
public sealed class DemoProvince(EgovDbContext db, AdministrativeUnitService units, TimeProvider clock)
{
    public const string ProvinceCode = "000.00.00.H56";

    public static Stream OpenResource(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream($"Egov.Directory.Demo.{name}")
        ?? throw new InvalidOperationException($"Missing embedded resource {name}.");

    public Task<bool> IsSeededAsync(CancellationToken ct = default) =>
        db.Set<Agency>().AnyAsync(a => a.Code == ProvinceCode, ct);

    public async Task<IReadOnlyList<DemoOfficial>> SeedAsync(IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (await IsSeededAsync(ct)) return [];
        foreach (var file in new[] { "vn-units-2026.json", "vn-units-pre2025.json" })
        {
            progress?.Report($"Nhập đơn vị hành chính ({file})…");
            await using var stream = OpenResource(file);
            await units.ImportAsync(stream, null, ct);
        }

        progress?.Report("Tạo cơ quan, chức vụ, lĩnh vực và cán bộ của tỉnh Thanh Hóa…");
        using var doc = await JsonDocument.ParseAsync(OpenResource("thanh-hoa.json"), cancellationToken: ct);
        var root = doc.RootElement;
        var now = clock.GetUtcNow().UtcDateTime;

        var province = root.GetProperty("province");
        var top = NewAgency(province.GetProperty("code").GetString()!, province.GetProperty("name").GetString()!,
            province.GetProperty("shortName").GetString(), AgencyKind.ProvincialCommittee, null, now, isDemo: false);
        top.UnitCode = province.GetProperty("unitCode").GetString();
        top.Address = province.GetProperty("address").GetString();
        var byKey = new Dictionary<string, Agency> { ["province"] = top };
        foreach (var a in root.GetProperty("agencies").EnumerateArray())
        {
            var key = a.GetProperty("key").GetString()!;
            var agency = NewAgency(a.GetProperty("code").GetString()!, a.GetProperty("name").GetString()!,
                a.GetProperty("shortName").GetString(), Enum.Parse<AgencyKind>(a.GetProperty("kind").GetString()!), top, now, isDemo: true);
            agency.Sector = key; // the key procedures use: "department:justice", "service-centre"
            byKey[key] = agency;
        }

        var communes = await db.Set<AdministrativeUnit>()
            .Where(u => u.Scheme == UnitSchemes.TwoTier2026 && u.ParentCode == top.UnitCode)
            .OrderBy(u => u.Code).ToListAsync(ct);
        for (var i = 0; i < communes.Count; i++)
        {
            var unit = communes[i];
            // Level-3 codes 000.NN.4M.H56: 99 per level-2 group, groups 40, 41… (the official codes are not public).
            var code = $"000.{i % 99 + 1:00}.{40 + i / 99}.H56";
            var agency = NewAgency(code, $"Ủy ban nhân dân {unit.FullName.ToLowerFirst()}", $"UBND {unit.FullName.ToLowerFirst()}",
                AgencyKind.CommuneCommittee, top, now, isDemo: true);
            agency.UnitCode = unit.Code;
            byKey[$"commune:{i}"] = agency;
        }
        db.AddRange(byKey.Values);

        var positions = Catalogue<Position>(root.GetProperty("positions"), now);
        Catalogue<ProcedureField>(root.GetProperty("procedureFields"), now);

        var officials = new List<DemoOfficial>();
        foreach (var o in root.GetProperty("officials").EnumerateArray())
        {
            var agency = byKey[o.GetProperty("agency").GetString()!];
            var official = new Official
            {
                Id = Ids.New(), AgencyId = agency.Id, FullName = o.GetProperty("fullName").GetString()!,
                PositionId = positions[o.GetProperty("position").GetString()!].Id, Email = o.GetProperty("email").GetString(),
                CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            official.SearchName = VietnameseText.Fold(official.FullName);
            db.Add(official);
            officials.Add(new DemoOfficial(o.GetProperty("key").GetString()!, official.Id, official.FullName, official.Email!,
                o.GetProperty("role").GetString()!, agency.Id, agency.Path, agency.ShortName ?? agency.Name));
        }
        await db.SaveChangesAsync(ct);
        return officials;
    }

    private static Agency NewAgency(string code, string name, string? shortName, AgencyKind kind, Agency? parent, DateTime now, bool isDemo)
    {
        var id = Ids.New();
        return new Agency
        {
            Id = id, Code = code, Name = name, ShortName = shortName, Kind = kind, ParentId = parent?.Id,
            Path = Agency.ChildPath(parent?.Path ?? "/", id), Depth = parent is null ? 0 : parent.Depth + 1,
            IsDemoData = isDemo, SearchName = VietnameseText.Fold($"{name} {shortName}"), CreatedAt = now, UpdatedAt = now, Version = 1,
        };
    }

    private Dictionary<string, T> Catalogue<T>(JsonElement rows, DateTime now) where T : CatalogueItem, new()
    {
        var items = new Dictionary<string, T>();
        var order = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var item = new T { Id = Ids.New(), Code = row[0].GetString()!, Name = row[1].GetString()!, SortOrder = ++order, UpdatedAt = now };
            item.SearchName = VietnameseText.Fold(item.Name);
            items[item.Code] = item;
            db.Add(item);
        }
        return items;
    }
}

internal static class StringCase
{
    /// <summary>"Phường Hàm Rồng" → "phường Hàm Rồng" inside a longer name.</summary>
    public static string ToLowerFirst(this string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
