using Egov.OneStop.Feedback;
using Egov.Procedures;
using Egov.Web.Setup;
using Egov.Procedures.Search;

namespace Egov.Web.Api;

/// <summary>A life event of the portal's catalogue and how many procedures in force it leads to.</summary>
public sealed record LifeEventJson(string Code, string Name, string NameEn, int Count);

/// <summary>The procedure catalogue: public reads and the citizen portal's search; JSON import and export for system administrators.</summary>
public static class ProceduresApi
{
    public static void MapProceduresApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/procedures").WithTags("Procedures");
        g.MapGet("/", (ProcedureService s, string? q, string? field, ProcedureLevel? level, OnlineLevel? onlineLevel, bool? includeInactive, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new ProcedureQuery(q, field, level, onlineLevel, includeInactive ?? false, page, pageSize), ct));
        g.MapGet("/search", (ProcedureFinder f, string? q, string? field, string? agency, OnlineLevel? onlineLevel, string? lifeEvent, int? page, int? pageSize,
                CancellationToken ct) => f.FindAsync(new FindQuery(q, field, agency, onlineLevel, lifeEvent), page, pageSize, ct))
            .WithSummary("Find procedures in force, ranked: with or without diacritics and with common misspellings")
            .WithDescription("Procedures where every word matched come first (allWords), then those where at least half matched. "
                + "agency is a competent-agency reference as procedures name it (every-commune, service-centre, department:justice); "
                + "lifeEvent a code from /procedures/life-events. q longer than 200 characters is refused (400, code tooLong).")
            .ProducesValidationProblem();
        g.MapGet("/life-events", async (ProcedureFinder f, CancellationToken ct) =>
                (await f.IndexAsync(ct)).Events().Select(e => new LifeEventJson(e.Event.Code, e.Event.Name, e.Event.NameEn, e.Count)).ToList())
            .WithSummary("Life events (birth, marriage, starting a business…) with the number of procedures in force each leads to");
        g.MapGet("/{code}", (ProcedureService s, string code, int? version, CancellationToken ct) => s.GetAsync(code, version, ct));
        g.MapGet("/{code}/forms/{file}", async (ProcedureFinder f, string code, string file, CancellationToken ct) =>
            {
                var form = await f.FormAsync(code, file, ct);
                return Results.File(form.Content, form.ContentType, form.FileName);
            })
            .WithSummary("A form template (tờ khai, mẫu đơn) that a document of the procedure names")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapPost("/{code}/feedback", async (ProcedureFeedbackService s, string code, FeedbackInput? input, CancellationToken ct) =>
            {
                var sent = await s.SendAsync(code, input ?? new FeedbackInput(null, null, null), ct);
                return TypedResults.Created($"/api/v1/procedures/{sent.ProcedureCode}/feedback", new { sent.Id, sent.ProcedureCode, sent.CreatedAt });
            })
            .AllowAnonymous().RequireRateLimiting(Operations.FeedbackLimit)
            .WithSummary("Feedback about a procedure (góp ý về thủ tục): anyone; subject, message, an optional e-mail or phone to answer")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(429);
        g.MapGet("/feedback", (ProcedureFeedbackService s, string? procedure, int? page, int? pageSize, CancellationToken ct) =>
                s.ListAsync(procedure, page, pageSize, ct))
            .RequireAuthorization()
            .WithSummary("Feedback about the procedures that agencies in the caller's scope receive (system administrators: all), newest first");
        var admin = g.MapGroup("").RequireAuthorization();
        admin.MapGet("/export", async (ProcedureService s, string? code, CancellationToken ct) =>
            Results.Text(await s.ExportAsync(code, ct), "application/json; charset=utf-8"));
        admin.MapPost("/import", async (ProcedureService s, HttpRequest request, CancellationToken ct) =>
            await s.ImportAsync(await Uploads.FileAsync(request, ProcedureService.MaxImportBytes, ct), ct)).DisableAntiforgery();
        admin.MapPost("/{code}/deactivate", async (ProcedureService s, string code, CancellationToken ct) => { await s.SetActiveAsync(code, false, ct); return TypedResults.NoContent(); });
        admin.MapPost("/{code}/activate", async (ProcedureService s, string code, CancellationToken ct) => { await s.SetActiveAsync(code, true, ct); return TypedResults.NoContent(); });
    }
}
