using System.Globalization;
using Egov.OneStop;
using Egov.OneStop.Forms;
using Egov.Procedures;

namespace Egov.Web.Components.Pages.Dossiers;

/// <summary>A printed form offered on the dossier page: its URL name (as in <see cref="DossierService.FormNames"/>) and its link text.</summary>
public sealed record DossierFormLink(string Name, FormKind Kind, string LabelVi, string LabelEn)
{
    public string Href(string code) => $"/dossiers/{Uri.EscapeDataString(code)}/forms/{Name}";
}

/// <summary>
/// Which of the standard forms apply to a dossier now: the receipt and the control sheet always; the supplement request once
/// a supplement was asked for; the refusal when refused; the apology when the appointment was moved or missed; the stop notice
/// (only in the Circular 03/2025 set) when processing stopped or the dossier was withdrawn.
/// </summary>
public static class DossierForms
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static IReadOnlyList<DossierFormLink> For(DossierView view, ProcedureDefinition? definition, DateTime nowUtc)
    {
        var s = view.Summary;
        var set = FormSets.For(nowUtc);
        var kinds = new List<FormKind> { FormKind.Receipt };
        if (SupplementRequested(view, definition)) kinds.Add(FormKind.SupplementRequest);
        if (s.Status == 3) kinds.Add(FormKind.Refusal);
        var late = s.Timeliness == Timeliness.Late || (s.CompletedAt is null && nowUtc > s.AppointmentAt);
        if ((view.Extensions > 0 || late) && s.Status is not (3 or 7 or 8)) kinds.Add(FormKind.Apology);
        if (s.Status is 7 or 8 && FormSets.Number(set, FormKind.StopNotice) is not null) kinds.Add(FormKind.StopNotice);
        kinds.Add(FormKind.ControlSheet);
        return kinds.Select(k => new DossierFormLink(NameOf(k), k, "In " + FormSets.Title(k, set).ToLower(Vi), "Print the " + English(k))).ToList();
    }

    /// <summary>The dossier entered a "supplement requested" state (national status 5) at least once.</summary>
    private static bool SupplementRequested(DossierView view, ProcedureDefinition? definition) =>
        view.Summary.Status == 5 || (definition is not null && view.History.Any(e => e.FromState != e.ToState
            && definition.Process.States.FirstOrDefault(x => x.Code == e.ToState)?.Status == 5));

    private static string NameOf(FormKind kind) => DossierService.FormNames.First(f => f.Value == kind).Key;

    private static string English(FormKind kind) => kind switch
    {
        FormKind.Receipt => "receipt and appointment",
        FormKind.SupplementRequest => "supplement request",
        FormKind.Refusal => "refusal",
        FormKind.Apology => "apology and new appointment",
        FormKind.StopNotice => "notice of stopping",
        FormKind.ControlSheet => "processing control sheet",
        _ => kind.ToString(),
    };
}
