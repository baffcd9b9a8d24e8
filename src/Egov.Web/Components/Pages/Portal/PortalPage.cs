using Egov.Directory.Agencies;
using Egov.Procedures;
using Egov.Procedures.Search;
using Microsoft.AspNetCore.Components;

namespace Egov.Web.Components.Pages.Portal;

/// <summary>
/// Base of the citizen portal's public pages (Cổng dịch vụ công): no sign-in, plain GET forms that work without
/// JavaScript, and the node's procedure index instead of database queries.
/// </summary>
public abstract class PortalPage : EgovComponent
{
    [Inject] protected ProcedureFinder Finder { get; set; } = default!;

    private static readonly ProcedureSearchIndex Empty = new([], []);
    /// <summary>Empty until loaded: a page renders once while its first await is pending.</summary>
    protected ProcedureSearchIndex Index { get; private set; } = Empty;
    private IReadOnlyDictionary<string, AgencyRef> _agencies = new Dictionary<string, AgencyRef>();

    protected async Task LoadIndexAsync()
    {
        Index = await Finder.IndexAsync();
        _agencies = await Finder.AgenciesByReferenceAsync();
    }

    /// <summary>Where a citizen goes, for a competent agency as procedures name it ("every-commune", "department:justice").</summary>
    protected string AgencyName(string reference) => reference switch
    {
        "every-commune" or "commune" => T("UBND xã, phường, đặc khu nơi cư trú", "The commune or ward People's Committee where you live"),
        "province-committee" => T("UBND tỉnh", "Provincial People's Committee"),
        _ => _agencies.TryGetValue(reference, out var agency) ? agency.Name : reference,
    };

    /// <summary>The lang of <see cref="AgencyName"/>: an agency's own name is Vietnamese data, the words for "your commune" are not.</summary>
    protected static string? AgencyLang(string reference) => reference is "every-commune" or "commune" or "province-committee" ? null : DataLang;

    protected static string EventName(LifeEvent e) => T(e.Name, e.NameEn);

    protected static string LevelName(ProcedureLevel level) => level == ProcedureLevel.Commune ? T("Cấp xã", "Commune") : T("Cấp tỉnh", "Province");

    /// <summary>The online submission page of a procedure (the portal's next part); visitors sign in first.</summary>
    protected string SubmitHref(string code)
    {
        var path = $"/portal/procedures/{code}/submit";
        return IsSignedIn ? path : "/account/login?returnUrl=" + Uri.EscapeDataString(path);
    }

    protected static string ProcedureHref(string code) => "/portal/procedures/" + code;

    protected static string FormHref(string code, string template) => $"/api/v1/procedures/{code}/forms/{Uri.EscapeDataString(template)}";
}
