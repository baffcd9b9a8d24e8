using Egov.Procedures;

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
            await s.ImportAsync(await Uploads.FileAsync(request, ProcedureService.MaxImportBytes, ct), ct)).DisableAntiforgery();
        admin.MapPost("/{code}/deactivate", async (ProcedureService s, string code, CancellationToken ct) => { await s.SetActiveAsync(code, false, ct); return TypedResults.NoContent(); });
        admin.MapPost("/{code}/activate", async (ProcedureService s, string code, CancellationToken ct) => { await s.SetActiveAsync(code, true, ct); return TypedResults.NoContent(); });
    }
}
