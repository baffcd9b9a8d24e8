using Egov.Directory.Agencies;
using Egov.OneStop;
using Egov.Platform.Access;
using Egov.Platform.Validation;

namespace Egov.Web.Api;

/// <summary>
/// Who may print the tracking register (sổ theo dõi hồ sơ) of which agency from the pages: one-stop officers and leaders,
/// for the agencies they hold that role in and the service centres directly under them (a provincial leader prints the
/// register of the provincial service centre, where the province's dossiers are received).
/// </summary>
public static class RegisterScope
{
    public static readonly string[] PrintRoles = [Roles.OneStopOfficer, Roles.Leader];

    public static bool MayPrint(ICallerContext caller) => caller.Grants.Any(g => PrintRoles.Contains(g.Role));

    /// <summary>The agencies whose register the caller may print, in the order of their grants.</summary>
    public static async Task<IReadOnlyList<AgencyView>> AgenciesAsync(ICallerContext caller, AgencyService agencies, CancellationToken ct = default)
    {
        var result = new List<AgencyView>();
        foreach (var id in caller.Grants.Where(g => PrintRoles.Contains(g.Role)).Select(g => g.AgencyId).Distinct())
        {
            AgencyView agency;
            try { agency = await agencies.GetAsync(id, ct); }
            catch (NotFoundException) { continue; }
            if (result.All(a => a.Id != agency.Id)) result.Add(agency);
            var centres = await agencies.ListAsync(new AgencyQuery(ParentId: id, Kind: AgencyKind.ServiceCentre, PageSize: 20), ct);
            result.AddRange(centres.Items.Where(c => result.All(a => a.Id != c.Id)));
        }
        return result;
    }

    /// <summary>
    /// GET /dossiers/register/pdf|xlsx?agency={id}&amp;from=yyyy-MM-dd&amp;to=yyyy-MM-dd: the file behind the register page's
    /// links, with the page's (cookie) sign-in. Anyone but an officer or leader of that agency is refused.
    /// </summary>
    public static void MapRegisterFiles(this IEndpointRouteBuilder app) =>
        app.MapGet("/dossiers/register/{format}", FileAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<IResult> FileAsync(DossierService dossiers, AgencyService agencies, ICallerContext caller, HttpContext http,
        string format, Guid? agency, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (format is not ("pdf" or "xlsx")) return TypedResults.NotFound();
        if (!MayPrint(caller)) throw new ForbiddenException("Only one-stop officers and leaders print the tracking register.");
        if (agency is not { } id)
            throw DomainValidationException.For("agency", "required", "Hãy chọn cơ quan.", "Choose the agency.");
        if ((await AgenciesAsync(caller, agencies, ct)).All(a => a.Id != id))
            throw new ForbiddenException("The tracking register of another agency.");
        var register = await dossiers.RegisterAsync(id, from, to, excel: format == "xlsx", ct);
        http.Response.Headers.CacheControl = "no-store";   // personal data of applicants
        return TypedResults.File(register.Content, register.ContentType, register.FileName);
    }
}
