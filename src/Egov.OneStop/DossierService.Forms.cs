using Egov.Calendar;
using Egov.Directory.Agencies;
using Egov.OneStop.Forms;
using Egov.Platform.Access;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop;

public sealed record PrintedForm(string FileName, string ContentType, byte[] Content);

public sealed partial class DossierService
{
    /// <summary>The form's URL name ("receipt", "supplement", …) and its kind.</summary>
    public static readonly IReadOnlyDictionary<string, FormKind> FormNames = new Dictionary<string, FormKind>
    {
        ["receipt"] = FormKind.Receipt, ["supplement"] = FormKind.SupplementRequest, ["refusal"] = FormKind.Refusal,
        ["apology"] = FormKind.Apology, ["stop"] = FormKind.StopNotice, ["control-sheet"] = FormKind.ControlSheet,
    };

    /// <summary>
    /// One standard form of a dossier as a PDF, as it was issued: dated the day of the step it records (the receipt and the
    /// control sheet the day of reception, the supplement request the day it was asked for, the apology the day of the
    /// extension, the refusal and the stop notice the day of the decision) and in the set in force that day (Circular
    /// 01/2018 before 1 July 2025, 03/2025 from then), so that a reprint matches the paper the applicant holds.
    /// </summary>
    public async Task<PrintedForm> FormAsync(string code, string? form, CancellationToken ct = default)
    {
        if (form is null || !FormNames.TryGetValue(form, out var kind))
            throw DomainValidationException.For("form", "unknown", $"Không có mẫu \"{form}\"; các mẫu: {string.Join(", ", FormNames.Keys)}.",
                $"No form \"{form}\"; forms: {string.Join(", ", FormNames.Keys)}.");
        var dossier = await AccessibleByCode(code).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("dossier");
        var events = await db.Set<DossierEvent>().AsNoTracking().Where(e => e.DossierId == dossier.Id).OrderBy(e => e.Sequence).ToListAsync(ct);
        var (data, definition) = await FormDataAsync(dossier, ct, events: events);
        await audit.RecordReadAsync(nameof(Dossier), dossier.Id.ToString(), $"form {form}", ct);
        var issuedAt = IssuedAt(kind, dossier, events, definition) ?? clock.GetUtcNow().UtcDateTime;
        if (kind == FormKind.StopNotice && FormSets.For(issuedAt) == FormSet.Circular01_2018)
            throw DomainValidationException.For("form", "notInSet", "Mẫu thông báo dừng xử lý chỉ có từ Thông tư 03/2025.", "The stop notice exists from Circular 03/2025.");
        return new PrintedForm($"{form}-{code}.pdf", "application/pdf", new FormRenderer().Render(kind, data, issuedAt));
    }

    /// <summary>When the form was issued: the step it records (null: it records none yet, printed as of now).</summary>
    internal static DateTime? IssuedAt(FormKind kind, Dossier d, IReadOnlyList<DossierEvent> events, ProcedureDefinition definition)
    {
        int? StatusOf(string? state) => definition.Process.States.FirstOrDefault(s => s.Code == state)?.Status;
        DateTime? Last(Func<DossierEvent, bool> test) => events.LastOrDefault(test)?.At;
        return kind switch
        {
            FormKind.Receipt or FormKind.ControlSheet => d.ReceivedAt,
            FormKind.SupplementRequest => Last(e => e.FromState != e.ToState && StatusOf(e.ToState) == 5),
            FormKind.Apology => Last(e => e.Action == EngineActions.Extend),
            FormKind.Refusal or FormKind.StopNotice when d.Status is 3 or 7 or 8 => Last(e => e.FromState != e.ToState),
            _ => null,
        };
    }

    /// <summary>The tracking register (sổ theo dõi hồ sơ) of an agency for a period, as PDF or Excel.</summary>
    public async Task<PrintedForm> RegisterAsync(Guid? agencyId, DateOnly? from, DateOnly? to, bool excel, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (from is null) errors.Add("from", "required", "Hãy chọn ngày bắt đầu.", "Choose the first day.");
        if (to is null) errors.Add("to", "required", "Hãy chọn ngày kết thúc.", "Choose the last day.");
        if (from is { } f && to is { } t && (t < f || t.DayNumber - f.DayNumber > 366))
            errors.Add("to", "range", "Khoảng thời gian phải từ 1 ngày đến 1 năm.", "The period is one day to one year.");
        errors.ThrowIfAny();
        var query = Accessible(db.Set<Dossier>().AsNoTracking());
        var start = VietnamDayStartUtc(from!.Value);
        var end = VietnamDayStartUtc(to!.Value.AddDays(1));
        query = query.Where(d => d.ReceivedAt >= start && d.ReceivedAt < end);
        if (agencyId is { } a) query = query.Where(d => d.ReceivingAgencyId == a);
        var rows = await query.OrderBy(d => d.ReceivedAt).ThenBy(d => d.Code).Take(5000).ToListAsync(ct);
        var forms = new List<FormDossier>();
        var lookups = new FormLookups();   // a register repeats the same few procedures and agencies on every row
        foreach (var d in rows) forms.Add((await FormDataAsync(d, ct, withSteps: false, lookups)).Form);
        var agencyName = agencyId is { } id ? (await agencies.ResolveAsync("receiving", id, null, ct))?.Name ?? "" : forms.FirstOrDefault()?.ParentAgencyName ?? "";
        var renderer = new FormRenderer();
        return excel
            ? new PrintedForm($"so-theo-doi-{from:yyyyMMdd}-{to:yyyyMMdd}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                renderer.RegisterExcel(agencyName, from.Value, to.Value, forms))
            : new PrintedForm($"so-theo-doi-{from:yyyyMMdd}-{to:yyyyMMdd}.pdf", "application/pdf",
                renderer.RegisterPdf(agencyName, from.Value, to.Value, forms, clock.GetUtcNow().UtcDateTime));
    }

    private sealed class FormLookups
    {
        public Dictionary<(string, int), ProcedureDefinition> Definitions { get; } = [];
        public Dictionary<Guid, (AgencyRef? Receiving, AgencyRef? Province)> Agencies { get; } = [];
    }

    private async Task<(FormDossier Form, ProcedureDefinition Definition)> FormDataAsync(Dossier d, CancellationToken ct, bool withSteps = true,
        FormLookups? lookups = null, List<DossierEvent>? events = null)
    {
        lookups ??= new FormLookups();
        if (!lookups.Definitions.TryGetValue((d.ProcedureCode, d.ProcedureVersion), out var definition))
            lookups.Definitions[(d.ProcedureCode, d.ProcedureVersion)] = definition =
                (await procedures.GetAsync(d.ProcedureCode, d.ProcedureVersion, ct)).Definition;
        if (!lookups.Agencies.TryGetValue(d.ReceivingAgencyId, out var places))
            lookups.Agencies[d.ReceivingAgencyId] = places = (await agencies.ResolveAsync("receiving", d.ReceivingAgencyId, null, ct),
                await agencies.ResolveAsync("province-committee", d.ReceivingAgencyId, null, ct));
        var (receiving, province) = places;
        var commune = receiving?.Kind == AgencyKind.CommuneCommittee;
        events ??= await db.Set<DossierEvent>().AsNoTracking().Where(e => e.DossierId == d.Id).OrderBy(e => e.Sequence).ToListAsync(ct);
        var documents = await db.Set<DossierDocument>().AsNoTracking().Where(x => x.DossierId == d.Id).OrderBy(x => x.Index)
            .Select(x => new FormDocument(x.Name, x.Originals, x.Copies, x.Received)).ToListAsync(ct);
        string StateName(string? code) => code is null ? "" : EngineActions.StateName(code) ?? definition.Process.States.FirstOrDefault(s => s.Code == code)?.Name ?? code;
        string? Result(Timeliness? t) => t switch { Timeliness.Early => "Trước hạn", Timeliness.OnTime => "Đúng hạn", Timeliness.Late => "Quá hạn", _ => null };

        var steps = new List<FormStep>();
        if (withSteps)
            for (var i = 1; i < events.Count; i++)
            {
                var e = events[i];
                if (e.FromState == e.ToState) continue;   // assignments, opinions, extensions: not hand-offs
                var giver = $"{events[i - 1].AgencyName ?? receiving?.ShortName} — {StateName(e.FromState)}";
                steps.Add(new FormStep(giver, $"{e.AgencyName ?? receiving?.ShortName} — {StateName(e.ToState)}", StateName(e.FromState),
                    e.At, e.StepDueAt, Result(e.StepTimeliness), e.Comment));
            }
        var toSupplement = events.LastOrDefault(e => definition.Process.States.FirstOrDefault(s => s.Code == e.ToState)?.Status == 5 && e.FromState != e.ToState);
        var extension = events.LastOrDefault(e => e.Action == EngineActions.Extend);
        var reason = d.Status switch
        {
            5 => toSupplement?.Comment,
            3 or 7 or 8 => d.Outcome,
            _ => extension?.Comment ?? toSupplement?.Comment,
        };
        // Each fee that applies by its own name; a dossier from before the choice was kept, as one line.
        var fees = d.FeeAmount <= 0 ? []
            : FeeSelection.Parse(d.FeeChoices) is { } chosen && chosen.All(i => i < definition.Fees.Count)
                ? chosen.Where(i => definition.Fees[i].Amount > 0).Select(i => new FormFee(definition.Fees[i].Name, definition.Fees[i].Amount)).ToArray()
                : new[] { new FormFee("Phí, lệ phí", d.FeeAmount) };
        var time = definition.ProcessingTime;
        return (new FormDossier(
            d.Code, d.ProcedureCode, d.ProcedureName,
            commune ? "Bộ phận Một cửa" : receiving?.Name ?? "",
            commune ? receiving?.Name : province?.Name,
            null, d.ApplicantName, d.ApplicantIdNumber, d.ApplicantPhone, d.ApplicantEmail, d.ApplicantAddress,
            d.ReceivedAt, d.OriginalAppointmentAt ?? d.AppointmentAt, d.Channel == DossierChannel.Online ? "Cổng dịch vụ công" : "Bộ phận Một cửa",
            d.ReturnChannel switch { ReturnChannel.Post => "Qua dịch vụ bưu chính", ReturnChannel.Online => "Trực tuyến", _ => "Tại bộ phận một cửa" },
            documents, fees, steps, reason, d.Extensions > 0 ? d.AppointmentAt : null,
            ProcedureDefinition.Statuses.GetValueOrDefault(d.Status, ""), d.ReturnedAt,
            ProcessingTime: $"{time.Value:0.##} {(time.Unit == TimeUnit.WorkingDays ? "ngày làm việc" : "giờ làm việc")}"), definition);
    }
}
