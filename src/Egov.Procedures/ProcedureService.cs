using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Egov.Directory.Catalogues;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Procedures;

public sealed record ProcedureSummary(Guid Id, string Code, string Name, string Field, ProcedureLevel Level, OnlineLevel OnlineLevel,
    double ProcessingHours, int Version, bool IsActive);
public sealed record ProcedureView(ProcedureSummary Summary, ProcedureDefinition Definition);
public sealed record ProcedureQuery(string? Search = null, string? Field = null, ProcedureLevel? Level = null, OnlineLevel? OnlineLevel = null,
    bool IncludeInactive = false, int? Page = null, int? PageSize = null);
public sealed record ProcedureImportResult(int Added, int NewVersions, int Unchanged);
public sealed record ProcedureFile(IReadOnlyList<ProcedureDefinition> Procedures, string? About = null);

/// <summary>
/// The catalogue of administrative procedures. Everyone reads it (the portal searches it); system
/// administrators import and export it as JSON. Each change of a definition is a new version.
/// </summary>
public sealed class ProcedureService(EgovDbContext db, ICallerContext caller, CatalogueService catalogues, ProcedureCache cache, TimeProvider clock)
{
    public const long MaxImportBytes = 20 * 1024 * 1024;

    public async Task<Page<ProcedureSummary>> ListAsync(ProcedureQuery q, CancellationToken ct = default)
    {
        var (page, size) = Paging.Clamp(q.Page, q.PageSize);
        var query = db.Set<ProcedureRecord>().AsNoTracking();
        if (!q.IncludeInactive) query = query.Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(q.Field)) query = query.Where(p => p.FieldCode == q.Field);
        if (q.Level is { } level) query = query.Where(p => p.Level == level);
        if (q.OnlineLevel is { } online) query = query.Where(p => p.OnlineLevel == online);
        var term = VietnameseText.Fold(q.Search);
        if (term.Length > 0)
        {
            // Every word must appear, in any order: "khai sinh dang ky" finds "Đăng ký khai sinh".
            foreach (var word in term.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8))
            {
                var like = VietnameseText.LikeContains(word);
                query = query.Where(p => EF.Functions.Like(p.SearchName, like, "\\") || p.Code.StartsWith(word));
            }
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.Name).ThenBy(p => p.Code).Skip((page - 1) * size).Take(size)
            .Select(p => new ProcedureSummary(p.Id, p.Code, p.Name, p.FieldCode, p.Level, p.OnlineLevel, p.ProcessingHours, p.CurrentVersion, p.IsActive))
            .ToListAsync(ct);
        return new Page<ProcedureSummary>(items, total, page, size);
    }

    /// <summary>Codes of the procedures of a field (active or not: running dossiers may belong to a withdrawn one).</summary>
    public async Task<IReadOnlyList<string>> CodesInFieldAsync(string field, CancellationToken ct = default) =>
        await db.Set<ProcedureRecord>().AsNoTracking().Where(p => p.FieldCode == field).Select(p => p.Code).ToListAsync(ct);

    /// <summary>The current version (or <paramref name="version"/>) of a procedure.</summary>
    public async Task<ProcedureView> GetAsync(string code, int? version = null, CancellationToken ct = default)
    {
        var p = await cache.RecordAsync(db, code, ct) ?? throw new NotFoundException("procedure");
        var v = version ?? p.CurrentVersion;
        var definition = await cache.DefinitionAsync(db, p.Id, v, ct) ?? throw new NotFoundException("procedure version");
        return new ProcedureView(new ProcedureSummary(p.Id, p.Code, p.Name, p.FieldCode, p.Level, p.OnlineLevel, p.ProcessingHours, v, p.IsActive), definition);
    }

    /// <summary>The catalogue (or one procedure) as the JSON file that <see cref="ImportAsync"/> reads.</summary>
    public async Task<string> ExportAsync(string? code = null, CancellationToken ct = default)
    {
        var codes = code is null
            ? await db.Set<ProcedureRecord>().AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Code).Select(p => p.Code).ToListAsync(ct)
            : [code];
        var list = new List<ProcedureDefinition>();
        foreach (var c in codes) list.Add((await GetAsync(c, null, ct)).Definition);
        return JsonSerializer.Serialize(new ProcedureFile(list, $"Egov procedure catalogue, exported {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC"), ProcedureDefinition.Json);
    }

    /// <summary>
    /// Imports a file of procedures ({"procedures": [...]}, an array, or one procedure). The whole file is checked
    /// first and nothing is written when any procedure breaks a rule; changed procedures get a new version.
    /// </summary>
    public async Task<ProcedureImportResult> ImportAsync(Stream json, CancellationToken ct = default)
    {
        RequireAdmin();
        var definitions = await ParseAsync(json, ct);
        var fields = (await catalogues.ListAsync<ProcedureField>(null, false, ct)).Select(f => f.Code).ToHashSet();
        var errors = new ValidationErrors();
        var seen = new HashSet<string>();
        for (var i = 0; i < definitions.Count; i++)
        {
            foreach (var error in ProcedureValidator.Validate(definitions[i], fields, $"procedures[{i}].").All) errors.Add(error);
            if (!seen.Add(definitions[i].Code ?? ""))
                errors.Add($"procedures[{i}].code", "duplicate", $"Mã thủ tục {definitions[i].Code} xuất hiện hai lần trong tệp.", $"Code {definitions[i].Code} appears twice.");
        }
        errors.ThrowIfAny();

        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Set<ProcedureRecord>().Where(p => seen.Contains(p.Code)).ToDictionaryAsync(p => p.Code, ct);
        var ids = existing.Values.Select(p => p.Id).ToList();
        var hashes = await db.Set<ProcedureVersionRecord>().Where(v => ids.Contains(v.ProcedureId))
            .Select(v => new { v.ProcedureId, v.Version, v.ContentHash }).ToListAsync(ct);
        int added = 0, versions = 0, unchanged = 0;
        foreach (var d in definitions)
        {
            var text = JsonSerializer.Serialize(d, ProcedureDefinition.Json);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
            if (!existing.TryGetValue(d.Code, out var p))
            {
                p = new ProcedureRecord { Id = Ids.New(), Code = d.Code };
                db.Add(p);
                added++;
            }
            else if (hashes.Any(h => h.ProcedureId == p.Id && h.Version == p.CurrentVersion && h.ContentHash == hash))
            {
                unchanged++;
                continue;
            }
            else versions++;
            p.CurrentVersion++;
            (p.Name, p.SearchName, p.FieldCode, p.Level, p.OnlineLevel, p.ProcessingHours, p.DemoCode, p.IsActive, p.UpdatedAt) =
                (d.Name.Trim(), VietnameseText.Fold(d.Name), d.Field, d.Level, d.OnlineLevel, d.ProcessingTime.Hours, d.DemoCode, true, now);
            db.Add(new ProcedureVersionRecord
            {
                Id = Ids.New(), ProcedureId = p.Id, Version = p.CurrentVersion, Definition = text, ContentHash = hash, CreatedAt = now, CreatedBy = caller.Actor,
            });
        }
        await db.SaveChangesAsync(ct);
        return new ProcedureImportResult(added, versions, unchanged);
    }

    public async Task SetActiveAsync(string code, bool active, CancellationToken ct = default)
    {
        RequireAdmin();
        var p = await db.Set<ProcedureRecord>().FirstOrDefaultAsync(x => x.Code == code, ct) ?? throw new NotFoundException("procedure");
        p.IsActive = active;
        p.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    public static async Task<IReadOnlyList<ProcedureDefinition>> ParseAsync(Stream json, CancellationToken ct = default)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(json, new JsonDocumentOptions { MaxDepth = 16 }, ct);
            var root = doc.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Array => root.Deserialize<List<ProcedureDefinition>>(ProcedureDefinition.Json)!,
                JsonValueKind.Object when root.TryGetProperty("procedures", out _) => root.Deserialize<ProcedureFile>(ProcedureDefinition.Json)!.Procedures,
                JsonValueKind.Object => [root.Deserialize<ProcedureDefinition>(ProcedureDefinition.Json)!],
                _ => throw DomainValidationException.For("$", "json", "Tệp phải là một thủ tục, một danh sách thủ tục hoặc {\"procedures\": [...]}.",
                    "The file must be a procedure, an array of procedures or {\"procedures\": [...]}."),
            };
        }
        catch (JsonException e)
        {
            var path = JsonPaths.ToField(e.Path);
            var missing = e.Message.IndexOf("including: ", StringComparison.Ordinal) is var at and >= 0 ? e.Message[(at + 11)..].TrimEnd('.') : null;
            throw DomainValidationException.For(path, missing is null ? "json" : "missing",
                missing is not null ? $"Thiếu trường bắt buộc {missing} tại \"{path}\"."
                : path == "$" ? $"Tệp không phải JSON hợp lệ (dòng {e.LineNumber + 1})."
                : $"Giá trị tại \"{path}\" sai kiểu hoặc không được phép.",
                $"Invalid JSON at {e.Path ?? "$"}: {Short(e.Message)}");
        }
        catch (ArgumentNullException)
        {
            throw DomainValidationException.For("$", "json", "Thiếu trường bắt buộc trong tệp thủ tục.", "A required property is missing.");
        }
    }

    private static string Short(string message) => message.Length > 200 ? message[..200] : message;

    private void RequireAdmin()
    {
        if (!caller.IsSystemAdmin) throw new ForbiddenException("Only system administrators change the procedure catalogue.");
    }

    /// <summary>Seeds the demo province's procedures (Seed/procedures.json) into an empty catalogue.</summary>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Set<ProcedureRecord>().AnyAsync(ct)) return 0;
        await using var stream = typeof(ProcedureService).Assembly.GetManifestResourceStream("Egov.Procedures.Seed.procedures.json");
        if (stream is null) return 0;
        return (await ImportAsync(stream, ct)).Added;
    }
}
