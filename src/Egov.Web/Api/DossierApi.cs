using Egov.OneStop;

namespace Egov.Web.Api;

public sealed record DossierActionInput(string? Comment, int? Version);

/// <summary>The one-stop counter: receive dossiers, list and read them, move them through their process.</summary>
public static class DossierApi
{
    public static void MapDossierApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/dossiers").WithTags("Dossiers").RequireAuthorization();
        g.MapPost("/", async (DossierService s, ReceiveInput input, CancellationToken ct) =>
        {
            var dossier = await s.ReceiveAsync(input, ct);
            return TypedResults.Created($"/api/v1/dossiers/{dossier.Summary.Code}", dossier);
        });
        g.MapGet("/", (DossierService s, bool? mine, string? state, int? status, string? q, bool? overdue, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new DossierQuery(mine ?? false, state, status, q, overdue ?? false, page, pageSize), ct));
        g.MapGet("/{code}", (DossierService s, string code, CancellationToken ct) => s.GetAsync(code, ct));
        g.MapPost("/{code}/actions/{action}", (DossierService s, string code, string action, DossierActionInput? input, CancellationToken ct) =>
            s.ActAsync(code, action, input?.Comment, input?.Version, ct));
    }
}
