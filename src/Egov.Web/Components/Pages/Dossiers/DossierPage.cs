using System.Globalization;
using Egov.Identity;
using Egov.OneStop;
using Egov.Platform.Validation;
using Egov.Procedures;
using Egov.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;

namespace Egov.Web.Components.Pages.Dossiers;

/// <summary>
/// Base of the officer's one-stop pages (inbox, dossier, reception, dashboard): officials only (citizens get "no permission"),
/// and the words these pages share — national status names, step names of a dossier's pinned process, dates typed as dd/MM/yyyy.
/// </summary>
public abstract class DossierPage : AdminPage
{
    [Inject] protected DossierService Dossiers { get; set; } = default!;
    [Inject] protected ProcedureService Procedures { get; set; } = default!;
    [Inject] protected AccountService Accounts { get; set; } = default!;
    [Inject] protected TimeProvider Clock { get; set; } = default!;

    private readonly Dictionary<(string Code, int Version), ProcedureDefinition?> _definitions = new();

    protected DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    public static IEnumerable<(string Value, string Text)> StatusOptions =>
        ProcedureDefinition.Statuses.Select(s => (s.Key.ToString(CultureInfo.InvariantCulture), s.Value));

    /// <summary>The pinned definition of a dossier's procedure version (read once per request).</summary>
    protected async Task<ProcedureDefinition?> DefinitionAsync(string code, int version)
    {
        if (_definitions.TryGetValue((code, version), out var known)) return known;
        ProcedureDefinition? definition = null;
        try { definition = (await Procedures.GetAsync(code, version)).Definition; }
        catch (NotFoundException) { }
        return _definitions[(code, version)] = definition;
    }

    /// <summary>Names of the current steps of <paramref name="dossiers"/>, by dossier code.</summary>
    protected async Task<Dictionary<string, string>> StepNamesAsync(IEnumerable<DossierSummary> dossiers)
    {
        var names = new Dictionary<string, string>();
        foreach (var d in dossiers)
            names[d.Code] = StateName(await DefinitionAsync(d.ProcedureCode, d.ProcedureVersion), d.State);
        return names;
    }

    protected static string StateName(ProcedureDefinition? definition, string? state) =>
        state is null ? "—" : definition?.Process.States.FirstOrDefault(s => s.Code == state)?.Name ?? state;

    /// <summary>A day typed as dd/MM/yyyy (d/M/yyyy accepted); a wrong one adds a Vietnamese error for <paramref name="field"/>.</summary>
    protected static DateOnly? ParseDay(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        errors.Add(field, "date", $"Ngày “{text.Trim()}” không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2026.",
            $"“{text.Trim()}” is not a valid date; use dd/mm/yyyy, e.g. 05/09/2026.");
        return null;
    }
}
