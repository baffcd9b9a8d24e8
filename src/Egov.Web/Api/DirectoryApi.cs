using Egov.Audit;
using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;
using Egov.Directory.Officials;
using Egov.Directory.Units;
using Egov.Identity;
using Egov.Platform.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Egov.Web.Api;

public static class DirectoryApi
{
    public static void MapEgovApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization();
        MapAgencies(api.MapGroup("/agencies").WithTags("Agencies"));
        MapOfficials(api.MapGroup("/officials").WithTags("Officials"));
        MapCatalogue<Position>(api.MapGroup("/positions").WithTags("Catalogues"));
        MapCatalogue<ProcedureField>(api.MapGroup("/procedure-fields").WithTags("Catalogues"));
        MapUnits(app.MapGroup("/api/v1/admin-units").WithTags("Administrative units"));
        api.MapGet("/roles", () => Roles.All).WithTags("Roles").AllowAnonymous();
        AccountApi.Map(app.MapGroup("/api/v1").WithTags("Accounts"));
        api.MapGet("/audit", (AuditLog log, string? entityType, string? entityId, string? actor, int? page, int? pageSize, CancellationToken ct) =>
            log.ListAsync(entityType, entityId, actor, page, pageSize, ct)).WithTags("Audit");
        api.MapGet("/audit/verify", async (AuditLog log, ICallerContext caller, CancellationToken ct) =>
        {
            if (!caller.IsSystemAdmin) throw new Platform.Validation.ForbiddenException("system admin only");
            return await log.VerifyAsync(null, ct);
        }).WithTags("Audit");
    }

    /// <summary>The record's version for optimistic concurrency: If-Match: "3" (or 3).</summary>
    internal static int? Version(HttpRequest request) =>
        int.TryParse(request.Headers.IfMatch.ToString().Trim('"', 'W', '/'), out var v) ? v : null;

    private static void MapAgencies(RouteGroupBuilder g)
    {
        g.MapGet("/", (AgencyService s, string? q, Guid? parentId, AgencyKind? kind, bool? includeInactive, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new AgencyQuery(q, parentId, kind, includeInactive ?? false, page, pageSize), ct));
        g.MapGet("/{id:guid}", (AgencyService s, Guid id, CancellationToken ct) => s.GetAsync(id, ct));
        g.MapGet("/by-code/{code}", async (AgencyService s, string code, CancellationToken ct) =>
            await s.FindByCodeAsync(code, ct) ?? throw new Platform.Validation.NotFoundException("agency"));
        g.MapPost("/", async (AgencyService s, AgencyInput input, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/agencies/{created.Id}", created);
        });
        g.MapPut("/{id:guid}", (AgencyService s, Guid id, AgencyInput input, HttpRequest r, CancellationToken ct) => s.UpdateAsync(id, input, Version(r), ct));
        g.MapPost("/{id:guid}/deactivate", (AgencyService s, Guid id, CancellationToken ct) => s.SetActiveAsync(id, false, ct));
        g.MapPost("/{id:guid}/activate", (AgencyService s, Guid id, CancellationToken ct) => s.SetActiveAsync(id, true, ct));
    }

    private static void MapOfficials(RouteGroupBuilder g)
    {
        g.MapGet("/", (OfficialService s, string? q, Guid? agencyId, bool? includeInactive, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new OfficialQuery(q, agencyId, includeInactive ?? false, page, pageSize), ct));
        g.MapGet("/{id:guid}", (OfficialService s, Guid id, CancellationToken ct) => s.GetAsync(id, ct));
        g.MapPost("/", async (OfficialService s, OfficialInput input, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/officials/{created.Id}", created);
        });
        g.MapPut("/{id:guid}", (OfficialService s, Guid id, OfficialInput input, HttpRequest r, CancellationToken ct) => s.UpdateAsync(id, input, Version(r), ct));
        g.MapPost("/{id:guid}/deactivate", async (OfficialService s, Guid id, CancellationToken ct) => { await s.SetActiveAsync(id, false, ct); return TypedResults.NoContent(); });
        g.MapPost("/{id:guid}/activate", async (OfficialService s, Guid id, CancellationToken ct) => { await s.SetActiveAsync(id, true, ct); return TypedResults.NoContent(); });
    }

    private static void MapCatalogue<T>(RouteGroupBuilder g) where T : CatalogueItem, new()
    {
        g.MapGet("/", (CatalogueService s, string? q, bool? includeInactive, CancellationToken ct) => s.ListAsync<T>(q, includeInactive ?? false, ct));
        g.MapGet("/{id:guid}", (CatalogueService s, Guid id, CancellationToken ct) => s.GetAsync<T>(id, ct));
        g.MapPost("/", async (CatalogueService s, CatalogueInput input, HttpRequest r, CancellationToken ct) =>
        {
            var created = await s.SaveAsync<T>(null, input, ct);
            return TypedResults.Created($"{r.Path}/{created.Id}", created);
        });
        g.MapPut("/{id:guid}", (CatalogueService s, Guid id, CatalogueInput input, CancellationToken ct) => s.SaveAsync<T>(id, input, ct));
        g.MapPost("/{id:guid}/deactivate", async (CatalogueService s, Guid id, CancellationToken ct) => { await s.SetActiveAsync<T>(id, false, ct); return TypedResults.NoContent(); });
        g.MapPost("/{id:guid}/activate", async (CatalogueService s, Guid id, CancellationToken ct) => { await s.SetActiveAsync<T>(id, true, ct); return TypedResults.NoContent(); });
    }

    /// <summary>Administrative units are public reference data; changing them needs a system administrator.</summary>
    private static void MapUnits(RouteGroupBuilder g)
    {
        g.MapGet("/", (AdministrativeUnitService s, string? scheme, string? parentCode, UnitLevel? level, string? q, bool? includeInactive, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new UnitQuery(scheme ?? UnitSchemes.TwoTier2026, parentCode, level, q, includeInactive ?? false, page, pageSize), ct));
        g.MapGet("/{scheme}/{code}", (AdministrativeUnitService s, string scheme, string code, CancellationToken ct) => s.GetAsync(scheme, code, ct));
        g.MapPost("/", async (AdministrativeUnitService s, UnitInput input, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/admin-units/{created.Scheme}/{created.Code}", created);
        }).RequireAuthorization();
        g.MapPatch("/{scheme}/{code}", (AdministrativeUnitService s, string scheme, string code, UnitEdit edit, CancellationToken ct) =>
            s.EditAsync(scheme, code, edit, ct)).RequireAuthorization();
        g.MapPost("/import", async (AdministrativeUnitService s, HttpRequest request, CancellationToken ct) =>
            await s.ImportAsync(await Uploads.FileAsync(request, AdministrativeUnitService.MaxImportBytes, ct), null, ct)).RequireAuthorization().DisableAntiforgery();
    }
}
