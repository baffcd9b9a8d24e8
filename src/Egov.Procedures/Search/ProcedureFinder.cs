using System.Text.Json;
using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Procedures.Search;

/// <summary>A form template offered for download: its bytes and how to send them.</summary>
public sealed record FormTemplate(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The citizen portal's view of the catalogue, open to everyone: search (<see cref="ProcedureSearchIndex"/>), browse by
/// field, agency and life event, a procedure in force, and its form templates. Reads the node's index, not the database,
/// except to rebuild the index once a minute or after a change.
/// </summary>
public sealed class ProcedureFinder(EgovDbContext db, ProcedureCache cache, CatalogueService catalogues, AgencyService agencies)
{
    public Task<ProcedureSearchIndex> IndexAsync(CancellationToken ct = default) => cache.SearchIndexAsync(LoadAsync, ct);

    public async Task<Page<ProcedureHit>> FindAsync(FindQuery q, int? page = null, int? pageSize = null, CancellationToken ct = default)
    {
        if (q.Text is { Length: > ProcedureSearchIndex.MaxQueryLength })
            throw DomainValidationException.For("q", "tooLong",
                $"Từ khóa tìm kiếm dài quá {ProcedureSearchIndex.MaxQueryLength} ký tự; hãy nhập ngắn gọn tên thủ tục.",
                $"The search text is longer than {ProcedureSearchIndex.MaxQueryLength} characters.");
        var (number, size) = Paging.Clamp(page, pageSize, 20);
        var hits = (await IndexAsync(ct)).Search(q);
        return new Page<ProcedureHit>(hits.Skip((number - 1) * size).Take(size).ToList(), hits.Count, number, size);
    }

    /// <summary>A procedure in force (a withdrawn one is not offered to citizens).</summary>
    public async Task<SearchDocument> GetAsync(string code, CancellationToken ct = default) =>
        (await IndexAsync(ct)).Find(code) ?? throw new NotFoundException("procedure");

    /// <summary>The agencies that procedures name by sector ("service-centre", "department:justice") with their names.</summary>
    public async Task<IReadOnlyDictionary<string, AgencyRef>> AgenciesByReferenceAsync(CancellationToken ct = default)
    {
        var bySector = await agencies.BySectorAsync(ct);
        var names = new Dictionary<string, AgencyRef>(StringComparer.Ordinal);
        foreach (var (sector, agency) in bySector)
            names[sector == "service-centre" ? sector : "department:" + sector] = agency;
        return names;
    }

    /// <summary>A form template that a document of the procedure names; not found when the procedure does not name it or it is not held.</summary>
    public async Task<FormTemplate> FormAsync(string code, string fileName, CancellationToken ct = default)
    {
        var procedure = await GetAsync(code, ct);
        if (!procedure.Definition.Documents.Any(d => d.Template == fileName) || FormBytes(fileName) is not { } bytes)
            throw new NotFoundException("form template");
        return new FormTemplate(fileName, ContentTypeOf(fileName), bytes);
    }

    /// <summary>Whether the platform holds the template file (the seed names more forms than it ships).</summary>
    public static bool HasForm(string? fileName) => fileName is { Length: > 0 } && Forms.Value.ContainsKey(fileName);

    private static byte[]? FormBytes(string fileName) => Forms.Value.GetValueOrDefault(fileName);

    private const string FormPrefix = "Egov.Procedures.Seed.forms.";

    private static readonly Lazy<Dictionary<string, byte[]>> Forms = new(() =>
    {
        var assembly = typeof(ProcedureFinder).Assembly;
        var forms = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(FormPrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            forms[name[FormPrefix.Length..]] = copy.ToArray();
        }
        return forms;
    });

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pdf" => "application/pdf",
        ".doc" => "application/msword",
        _ => "application/octet-stream",
    };

    private async Task<ProcedureSearchIndex> LoadAsync(CancellationToken ct)
    {
        // One query for the current definitions of the procedures in force; a province has hundreds, not more.
        var rows = await (from p in db.Set<ProcedureRecord>().AsNoTracking().Where(p => p.IsActive)
                          join v in db.Set<ProcedureVersionRecord>().AsNoTracking() on new { Id = p.Id, V = p.CurrentVersion } equals new { Id = v.ProcedureId, V = v.Version }
                          select v.Definition).ToListAsync(ct);
        var fields = (await catalogues.ListAsync<ProcedureField>(null, true, ct)).ToDictionary(f => f.Code, f => f.Name);
        var documents = rows.Select(text => JsonSerializer.Deserialize<ProcedureDefinition>(text, ProcedureDefinition.Json)!)
            .Select(d => new SearchDocument(d, fields.GetValueOrDefault(d.Field) ?? d.Field));
        return new ProcedureSearchIndex(documents, LifeEvent.Seeded);
    }
}
