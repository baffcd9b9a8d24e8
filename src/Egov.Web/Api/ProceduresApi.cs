using Egov.Procedures;
using Egov.Platform.Validation;

namespace Egov.Web.Api;

/// <summary>The procedure catalogue: public reads; JSON import and export for system administrators.</summary>
public static class ProceduresApi
{
    public static void MapProceduresApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/procedures").WithTags("Procedures");
        g.MapGet("/", (ProcedureService s, string? q, string? field, ProcedureLevel? level, OnlineLevel? onlineLevel, bool? includeInactive, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new ProcedureQuery(q, field, level, onlineLevel, includeInactive ?? false, page, pageSize), ct));
        g.MapGet("/{code}", (ProcedureService s, string code, int? version, CancellationToken ct) => s.GetAsync(code, version, ct));
        var admin = g.MapGroup("").RequireAuthorization();
        admin.MapGet("/export", async (ProcedureService s, string? code, CancellationToken ct) =>
            Results.Text(await s.ExportAsync(code, ct), "application/json; charset=utf-8"));
        admin.MapPost("/import", async (ProcedureService s, HttpRequest request, CancellationToken ct) =>
        {
            if (request.ContentLength > ProcedureService.MaxImportBytes)
                throw DomainValidationException.For("file", "tooLarge", "Tệp quá lớn (tối đa 20 MB).", "The file is larger than 20 MB.");
            var stream = request.HasFormContentType
                ? (await request.ReadFormAsync(ct)).Files.FirstOrDefault()?.OpenReadStream()
                  ?? throw DomainValidationException.For("file", "required", "Hãy chọn tệp cần nhập.", "Choose a file.")
                : request.Body;
            return await s.ImportAsync(stream, ct);
        }).DisableAntiforgery();
        admin.MapPost("/{code}/deactivate", async (ProcedureService s, string code, CancellationToken ct) => { await s.SetActiveAsync(code, false, ct); return TypedResults.NoContent(); });
        admin.MapPost("/{code}/activate", async (ProcedureService s, string code, CancellationToken ct) => { await s.SetActiveAsync(code, true, ct); return TypedResults.NoContent(); });
    }
}
