using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace Egov.Web.Components.Pages.Admin;

/// <summary>
/// Base of the administration pages: only signed-in officials get in; service refusals become a
/// <see cref="PageProblem"/> and broken rules stay next to the fields of the form that was posted.
/// </summary>
public abstract class AdminPage : EgovComponent
{
    [Inject] protected AgencyService Agencies { get; set; } = default!;

    /// <summary>Field errors of the last post, belonging to the form named <see cref="FailedForm"/>.</summary>
    protected ValidationErrors? Errors { get; private set; }
    protected string? FailedForm { get; private set; }
    protected PageProblem? Problem { get; private set; }
    /// <summary>The page's subject could not be loaded (or the caller may not see it): only the problem is shown.</summary>
    protected bool Blocked { get; set; }

    protected ValidationErrors? ErrorsFor(string form) => FailedForm == form ? Errors : null;

    protected bool IsAdministrator => Has(Roles.AgencyAdmin, Roles.SystemAdmin);

    protected string CurrentPath => "/" + Nav.ToBaseRelativePath(Nav.Uri);

    /// <summary>Sends visitors to the sign-in page and shows "no permission" to signed-in people who are not officials.</summary>
    protected bool RequireOfficial()
    {
        // Administration pages show personal data and one-time secrets: never kept by browsers or proxies.
        if (Http is { Response.HasStarted: false } http) http.Response.Headers.CacheControl = "no-store";
        if (Caller.IsOfficial) return true;
        Blocked = true;
        if (!IsSignedIn)
        {
            Nav.NavigateTo("/account/login?returnUrl=" + Uri.EscapeDataString(CurrentPath));
            return false;
        }
        Block(PageProblem.Forbidden());
        return false;
    }

    /// <summary>Like <see cref="RequireOfficial"/>, and the caller must also hold one of <paramref name="roles"/>.</summary>
    protected bool RequireRole(params string[] roles)
    {
        if (!RequireOfficial()) return false;
        if (Has(roles)) return true;
        Block(PageProblem.Forbidden());
        return false;
    }

    protected void Block(PageProblem problem)
    {
        Blocked = true;
        Problem = problem;
        // A bare 404 from a page is sent without a body: let the router render its not-found page instead.
        if (problem.Status == StatusCodes.Status404NotFound) Nav.NotFound();
        else if (Http is { Response.HasStarted: false } http) http.Response.StatusCode = problem.Status;
    }

    /// <summary>Loads what the page shows; a refusal blocks the page with its status code.</summary>
    protected async Task LoadAsync(Func<Task> load)
    {
        try
        {
            await load();
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Block(problem);
        }
    }

    /// <summary>
    /// Runs a change posted by the form <paramref name="form"/>. Broken rules are kept for that form: the
    /// page's own checks (<paramref name="local"/>, e.g. an unknown agency code) first, then the service's,
    /// with the service's field names mapped to the form's (<paramref name="rename"/>). Returns true on success.
    /// </summary>
    protected async Task<bool> ChangeAsync(string form, Func<Task> change, ValidationErrors? local = null,
        params (string Service, string Form)[] rename)
    {
        Errors = null;
        FailedForm = null;
        Problem = null;
        try
        {
            await change();
            // The page's own errors always make the service refuse too (an id that matches nothing, no role, no parent);
            // pages whose local checks could pass the service (the catalogue's sort order) stop before calling it.
            if (local is { Any: true }) throw new DomainValidationException(local);
            return true;
        }
        catch (DomainValidationException e)
        {
            Fail(form, Merge(local, e.Errors, rename));
        }
        catch (ForbiddenException) when (local is { Any: true })
        {
            // The refusal follows from the page's own failed look-up (no parent = top level): explain that instead.
            Fail(form, local);
        }
        catch (Exception e) when (PageProblem.From(e) is { } problem)
        {
            Problem = problem;
        }
        return false;
    }

    protected void Fail(string form, ValidationErrors errors)
    {
        Errors = errors;
        FailedForm = form;
    }

    private static ValidationErrors Merge(ValidationErrors? local, ValidationErrors service, (string Service, string Form)[] rename)
    {
        var merged = new ValidationErrors();
        var taken = new HashSet<string>();
        foreach (var e in local?.All ?? [])
        {
            merged.Add(e);
            taken.Add(e.Field);
        }
        foreach (var e in service.All)
        {
            var field = rename.FirstOrDefault(r => r.Service == e.Field).Form ?? e.Field;
            if (!taken.Contains(field)) merged.Add(e with { Field = field });
        }
        return merged;
    }

    /// <summary>
    /// The agency whose identifier code was typed into <paramref name="field"/>. A code that matches nothing the
    /// caller sees adds an error and gives <see cref="Guid.Empty"/>, so that the service still reports every other rule.
    /// </summary>
    protected async Task<Guid?> AgencyIdByCodeAsync(string? code, string field, ValidationErrors errors, bool required = true)
    {
        var trimmed = code?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required) errors.Add(field, "required", "Mã định danh cơ quan là bắt buộc.", "The agency's code is required.");
            return null;
        }
        if (await Agencies.FindByCodeAsync(trimmed) is { } agency) return agency.Id;
        errors.Add(field, "unknownAgency", $"Không tìm thấy cơ quan có mã định danh \"{trimmed}\" trong phạm vi của bạn.",
            $"No agency with code \"{trimmed}\" within your scope.");
        return Guid.Empty;
    }

    /// <summary>An empty role select gets a plain "required" message (the services list every valid code instead).</summary>
    protected static void RequireRoleChoice(string? role, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(role)) errors.Add("role", "required", "Vai trò là bắt buộc.", "The role is required.");
    }

    /// <summary>Names of agencies for display; those outside the caller's scope show their code only.</summary>
    protected async Task<Dictionary<Guid, string>> AgencyNamesAsync(IEnumerable<Guid?> ids)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var id in ids.OfType<Guid>().Distinct())
        {
            try
            {
                names[id] = (await Agencies.GetAsync(id)).Name;
            }
            catch (NotFoundException)
            {
                names[id] = (await Agencies.LocateAsync(id))?.Code ?? "—";
            }
        }
        return names;
    }

    protected static string KindName(AgencyKind k) => T(AgencyKinds.NameVi(k), AgencyKinds.NameEn(k));

    /// <summary>Officials' roles the caller may hand out (only system administrators grant their own role).</summary>
    protected IEnumerable<(string Value, string Text)> GrantableRoles => Roles.All
        .Where(r => r.IsOfficial && (r.Code != Roles.SystemAdmin || Caller.IsSystemAdmin))
        .Select(r => (r.Code, T(r.NameVi, r.NameEn)));

    protected static bool ParseBool(string? s) => s is "true" or "1" or "on";
}
