using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Egov.OneStop.Portal;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop;

/// <summary>Following a dossier from the portal: the applicant's own dossiers, one of them in plain words, the public look-up.</summary>
public sealed partial class DossierService
{
    /// <summary>"Hồ sơ của tôi": the dossiers the signed-in applicant submitted online, newest first.</summary>
    public async Task<Page<FollowedDossier>> MyDossiersAsync(int? page, int? pageSize, CancellationToken ct = default)
    {
        var (number, size) = Paging.Clamp(page, pageSize, 20);
        if (caller.UserId is not { } me) return new Page<FollowedDossier>([], 0, number, size);
        var query = db.Set<Dossier>().AsNoTracking().Where(d => d.ApplicantUserId == me);
        var total = await query.Take(Paging.CountCap + 1).CountAsync(ct);
        var rows = await query.OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Code).Skip((number - 1) * size).Take(size)
            .Select(d => new { d.Code, d.ProcedureName, d.ReceivedAt, d.AppointmentAt, d.Status, d.StepDueAt, d.ClockStoppedAt, d.ReturnChannel })
            .ToListAsync(ct);
        var items = rows.Select(d => new FollowedDossier(d.Code, d.ProcedureName, d.ReceivedAt, d.AppointmentAt, d.Status,
            CitizenView.Status(d.Status, d.ClockStoppedAt is not null, d.AppointmentAt, d.StepDueAt, d.ReturnChannel), d.ClockStoppedAt is not null)).ToList();
        return new Page<FollowedDossier>(items, Math.Min(total, Paging.CountCap), number, size) { TotalCapped = total > Paging.CountCap };
    }

    /// <summary>
    /// The applicant's own dossier (an audited read, as <see cref="GetAsync"/>): anyone else, officials included, is told it
    /// does not exist — they have their own pages.
    /// </summary>
    public async Task<FollowView> FollowAsync(string code, CancellationToken ct = default)
    {
        await db.KeepConnectionOpenAsync(ct);
        var me = caller.UserId;
        var dossier = me is null || caller.IsOfficial ? null
            : await db.Set<Dossier>().AsNoTracking().FirstOrDefaultAsync(d => d.Code == code && d.ApplicantUserId == me, ct);
        if (dossier is null) throw new NotFoundException("dossier");
        var definition = (await procedures.GetAsync(dossier.ProcedureCode, dossier.ProcedureVersion, ct)).Definition;
        await audit.RecordReadAsync(nameof(Dossier), dossier.Id.ToString(), "applicant data", ct);
        var view = await ViewAsync(dossier, definition, ct);
        var timeline = CitizenView.Timeline(view.History, StatusOf(definition), caller.Actor);
        var supplement = dossier.Status == 5
            ? view.Actions.FirstOrDefault(a => a.Roles.Contains(ApplicantRole) && definition.Process.States.Any(s => s.Code == a.To && s.Status != 5))?.Code
            : null;
        var reason = dossier.Status == 5 ? view.History.LastOrDefault(e => e.ToState == dossier.State && e.FromState != dossier.State)?.Comment : null;
        return new FollowView(view, PlainStatus(dossier), timeline, supplement, reason, view.Actions.Any(a => a.Code == EngineActions.Withdraw));
    }

    public const string LookupRefusedAction = "look-up-refused";
    public const string LookupLockedAction = "look-up-locked";
    /// <summary>Wrong second factors one dossier takes within <see cref="LookupGuessWindow"/> before it stops checking them.</summary>
    public const int LookupGuessesAllowed = 5;
    public static readonly TimeSpan LookupGuessWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// The public look-up by code (anyone; the host limits the rate per client address). A second factor that matches the last
    /// four digits of the applicant's ID number or phone reveals the timeline, and that reveal is an audited read of personal
    /// data. Null when no dossier has the code.
    /// </summary>
    public async Task<DossierLookup?> LookUpAsync(string? code, string? secondFactor, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var normalised = CheckDossierCode(errors, code);
        var factor = secondFactor?.Trim().Replace(" ", "");
        if (!string.IsNullOrEmpty(factor) && !FourDigits().IsMatch(factor))
            errors.Add("secondFactor", "format", "Nhập đúng 4 chữ số cuối của số định danh cá nhân (CCCD) hoặc số điện thoại.",
                "Type the last 4 digits of the ID number or the phone number.");
        errors.ThrowIfAny();

        if (string.IsNullOrEmpty(factor)) return await PublicLookup.FindAsync(db, normalised!);

        await db.KeepConnectionOpenAsync(ct);
        var dossier = await DossierReads.ByCodeAsync(db, normalised!);
        if (dossier is null) return null;
        var basic = PublicLookup.Basic(dossier.Code, dossier.ProcedureName, dossier.Status, PlainStatus(dossier), dossier.AppointmentAt, dossier.ClockStoppedAt);
        // The per-address rate limit does not stop someone guessing one dossier's four digits from many addresses: the
        // dossier itself stops answering after a few wrong guesses, whoever sends them, until the window has passed.
        var since = clock.GetUtcNow().UtcDateTime - LookupGuessWindow;
        if (await audit.CountEventsAsync(LookupRefusedAction, nameof(Dossier), dossier.Id.ToString(), since, ct) >= LookupGuessesAllowed)
        {
            await audit.RecordEventAsync(LookupLockedAction, nameof(Dossier), dossier.Id.ToString(), "public look-up: too many wrong second factors", ct);
            return basic with { Locked = true };
        }
        if (!Matches(factor, CitizenView.LastFour(dossier.ApplicantIdNumber)) & !Matches(factor, CitizenView.LastFour(dossier.ApplicantPhone)))
        {
            // A security event: many of them on one dossier from many addresses is someone guessing.
            await audit.RecordEventAsync(LookupRefusedAction, nameof(Dossier), dossier.Id.ToString(), "public look-up: the second factor did not match", ct);
            return basic with { FactorRejected = true };
        }

        var definition = (await procedures.GetAsync(dossier.ProcedureCode, dossier.ProcedureVersion, ct)).Definition;
        await audit.RecordReadAsync(nameof(Dossier), dossier.Id.ToString(), "public look-up with second factor", ct);
        var view = await ViewAsync(dossier, definition, ct);
        var applicant = dossier.ApplicantUserId is { } id ? $"user:{id}" : null;
        return basic with { Revealed = true, Timeline = CitizenView.Timeline(view.History, StatusOf(definition), applicant) };
    }

    /// <summary>
    /// The applicant acting on his own dossier through the process (handing in a supplement, confirming dues): he moves it
    /// on but does not steer it — no agency, assignee, return channel or date of his choosing — and a supplement handed in
    /// online brings the documents asked for (at the counter the officer acts instead, with the paper in hand).
    /// </summary>
    private static void CheckApplicantStep(Step s)
    {
        var i = s.Input;
        if (i.AgencyId is not null || i.AssigneeId is not null || i.ReturnChannel is not null || i.PostalAddress is not null
            || i.NewAppointmentAt is not null || i.Agrees is not null)
            throw new ForbiddenException("An applicant moves his dossier on but does not choose the agency, the assignee, the return or the dates.");
        if (s.Dossier.Status == 5 && s.FileCount == 0)
            throw DomainValidationException.For("files", "required", "Hãy đính kèm giấy tờ bổ sung theo yêu cầu (tệp PDF, ảnh, Word hoặc Excel).",
                "Attach the documents asked for.");
    }

    private static CitizenStatus PlainStatus(Dossier d) =>
        CitizenView.Status(d.Status, d.ClockStoppedAt is not null, d.AppointmentAt, d.StepDueAt, d.ReturnChannel);

    private static Func<string, int?> StatusOf(ProcedureDefinition definition) => state => state switch
    {
        EngineActions.WithdrawnState => 7,
        EngineActions.StoppedState => 8,
        _ => definition.Process.States.FirstOrDefault(s => s.Code == state)?.Status,
    };

    /// <summary>Compared in constant time, so that the time taken tells nothing about the digits.</summary>
    private static bool Matches(string typed, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(typed), Encoding.ASCII.GetBytes(expected));

    /// <summary>A dossier code as Circular 01/2018 writes it: agency code, yyMMdd, sequence (e.g. 000.00.38.H56-251201-0001).</summary>
    internal static string? CheckDossierCode(ValidationErrors errors, string? raw)
    {
        var value = raw?.Trim().ToUpperInvariant() ?? "";
        if (value.Length == 0)
        {
            errors.Add("code", "required", "Hãy nhập mã hồ sơ.", "Type the dossier code.");
            return null;
        }
        if (value.Length > 40 || !DossierCode().IsMatch(value))
        {
            errors.Add("code", "format", "Mã hồ sơ không đúng định dạng; mã có dạng 000.01.40.H56-251201-0001 như trên giấy tiếp nhận.",
                "The dossier code is not valid; it looks like 000.01.40.H56-251201-0001, as on the receipt.");
            return null;
        }
        return value;
    }

    [GeneratedRegex(@"^[0-9A-Z][0-9A-Z.]{2,34}-\d{6}-\d{4,6}$")]
    private static partial Regex DossierCode();

    [GeneratedRegex(@"^\d{4}$")]
    private static partial Regex FourDigits();
}
