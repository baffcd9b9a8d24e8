using Egov.Calendar;
using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop;

/// <summary>
/// What an officer or applicant asks for. Besides the action code, the extra input some actions need: the assignee,
/// the new appointment of an extension, the rating, the opinion, the commune a step goes to, the way of return.
/// </summary>
public sealed record ActInput(string? Action, string? Comment = null, int? Version = null, Guid? AssigneeId = null,
    DateTime? NewAppointmentAt = null, int? Rating = null, bool? Agrees = null, Guid? AgencyId = null,
    ReturnChannel? ReturnChannel = null, string? PostalAddress = null, string? IdempotencyKey = null, string? FeeReference = null)
{
    /// <summary>The delivery address as typed, for "doi_hinh_thuc_nhan" (checked against the Directory by the service).</summary>
    public Delivery.DeliveryAddressInput? Postal { get; init; }
}

/// <summary>Actions every process has, outside the procedure's own steps (Decree 61/2018 and 118/2025).</summary>
public static class EngineActions
{
    public const string Accept = "tiep_nhan";
    public const string Assign = "phan_cong";
    public const string Extend = "gia_han";
    public const string Withdraw = "rut_ho_so";
    public const string Stop = "dung_xu_ly";
    public const string Opinion = "cho_y_kien";
    public const string Rate = "danh_gia";
    public const string FeePaid = "thu_phi";
    public const string Escalate = "escalate";
    public const string ChangeDelivery = "doi_hinh_thuc_nhan";

    public const string WithdrawnState = "RUT_HO_SO";
    public const string StoppedState = "DUNG_XU_LY";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [Accept] = "Tiếp nhận hồ sơ trực tuyến", [Assign] = "Phân công xử lý", [Extend] = "Gia hạn, xin lỗi và hẹn lại",
        [Withdraw] = "Rút hồ sơ", [Stop] = "Dừng xử lý", [Opinion] = "Cho ý kiến", [Rate] = "Đánh giá mức độ hài lòng",
        [FeePaid] = "Xác nhận đã nộp phí, lệ phí", [Escalate] = "Chuyển cấp do quá hạn",
        [ChangeDelivery] = "Đổi hình thức nhận kết quả",
        [DossierService.ReceiveAction] = "Tiếp nhận hồ sơ", [DossierService.SubmitAction] = "Nộp hồ sơ trực tuyến",
    };

    public static string? StateName(string state) => state switch
    {
        WithdrawnState => "Đã rút hồ sơ",
        StoppedState => "Dừng xử lý",
        _ => null,
    };
}

public sealed partial class DossierService
{
    /// <summary>Kept for callers that only move a dossier on with a comment.</summary>
    public Task<DossierView> ActAsync(string code, string? actionCode, string? comment, int? expectedVersion = null, CancellationToken ct = default) =>
        ActAsync(code, new ActInput(actionCode, comment, expectedVersion), null, ct);

    /// <summary>
    /// Applies one action. A stale <see cref="ActInput.Version"/> is a conflict; a repeated Idempotency-Key returns the
    /// dossier as it is without acting again; nothing is saved when any rule refuses.
    /// </summary>
    public async Task<DossierView> ActAsync(string code, ActInput input, IReadOnlyList<IncomingFile>? files, CancellationToken ct = default)
    {
        await db.KeepConnectionOpenAsync(ct);
        var key = IdempotencyKeys.Check(input.IdempotencyKey);
        db.ChangeTracker.Clear();   // nothing left tracked by an earlier refused call of this scope
        // Read once, before acting: the rules look at the history and the opinions, and the answer shows them with the
        // documents and files without reading them again.
        var bundle = await OpenByCodeAsync(code, ct);
        var (dossier, history, opinions, documents, storedFiles) = (bundle.Dossier, bundle.Events, bundle.Opinions, bundle.Documents, bundle.Files);
        if (key is not null && history.Any(e => e.IdempotencyKey == key))
            return await ReplayAsync(dossier, ct);
        db.Attach(dossier);
        db.AttachRange(opinions);
        var definition = (await procedures.GetAsync(dossier.ProcedureCode, dossier.ProcedureVersion, ct)).Definition;
        var action = input.Action?.Trim() ?? "";

        var errors = new ValidationErrors();
        var comment = errors.OptionalText("comment", input.Comment, 2000, "Ý kiến", "Comment");
        var inspected = FileInspector.Check(files, "files", errors);
        errors.ThrowIfAny();
        if (input.Version is { } v && v != dossier.Version) throw Stale();

        var now = clock.GetUtcNow();
        var working = await calendar.WorkingCalendarAsync(dossier.ReceivingAgencyId, ct);
        var step = new Step(dossier, definition, action, comment, input, now, working, key, history, opinions) { FileCount = inspected.Count };
        var statusBefore = dossier.Status;
        switch (action)
        {
            case EngineActions.Accept: await AcceptAsync(step, ct); break;
            case EngineActions.Assign: await AssignAsync(step, ct); break;
            case EngineActions.Extend: await ExtendAsync(step, ct); break;
            case EngineActions.Withdraw: await WithdrawAsync(step, ct); break;
            case EngineActions.Stop: await StopAsync(step, ct); break;
            case EngineActions.Opinion: await OpinionAsync(step, ct); break;
            case EngineActions.Rate: await RateAsync(step, ct); break;
            case EngineActions.FeePaid: await FeePaidAsync(step, ct); break;
            case EngineActions.ChangeDelivery: await ChangeDeliveryAsync(step, ct); break;
            default: await ProcessActionAsync(step, ct); break;
        }
        var added = AddFiles(dossier.Id, inspected, PurposeOf(statusBefore, dossier.Status), step.Sequence, now.UtcDateTime);
        dossier.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A stale Version, a concurrent hand-off that took the same history sequence, or the same Idempotency-Key racing.
            db.ChangeTracker.Clear();
            if (key is not null && await db.Set<DossierEvent>().AnyAsync(e => e.DossierId == dossier.Id && e.IdempotencyKey == key, ct))
                return await ReplayAsync(dossier, ct);
            throw Stale();
        }
        db.ChangeTracker.Clear();
        return await ViewAsync(dossier, definition, ct, new DossierParts(history, documents, [.. storedFiles, .. added.Select(FileView)],
            [.. opinions.OrderBy(o => o.AskedAt)]));
    }

    private static ConflictException Stale() =>
        new("Hồ sơ đã được người khác cập nhật; hãy tải lại.", "The dossier was changed by someone else; reload it.");

    private async Task<DossierView> ReplayAsync(Dossier dossier, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var current = await db.Set<Dossier>().AsNoTracking().FirstAsync(d => d.Id == dossier.Id, ct);
        var definition = (await procedures.GetAsync(current.ProcedureCode, current.ProcedureVersion, ct)).Definition;
        return await ViewAsync(current, definition, ct) with { Replayed = true };
    }

    /// <summary>Files handed in while a supplement was awaited are the supplement; files of a step that produces the result are the result.</summary>
    private static FilePurpose PurposeOf(int statusBefore, int statusAfter) =>
        statusBefore == 5 ? FilePurpose.Supplement
        : statusAfter is 9 or 10 ? FilePurpose.Result
        : FilePurpose.Action;

    /// <summary>An agency that worked on the dossier before keeps its one party row.</summary>
    private async Task AddPartyOnceAsync(Dossier dossier, AgencyRef agency, PartyRole role, CancellationToken ct)
    {
        if (!await db.Set<DossierParty>().AnyAsync(p => p.DossierId == dossier.Id && p.AgencyId == agency.Id && p.Role == role, ct))
            AddParty(dossier, agency, role);
    }

    /// <summary>The working state of one action: the dossier, its process, the caller's input and the moment.</summary>
    private sealed class Step(Dossier dossier, ProcedureDefinition definition, string action, string? comment, ActInput input,
        DateTimeOffset now, WorkingCalendar working, string? key, List<DossierEvent> history, List<DossierOpinion> opinions)
    {
        /// <summary>The dossier's opinion requests, tracked: the action may answer one or ask new ones.</summary>
        public List<DossierOpinion> Opinions { get; } = opinions;
        /// <summary>The dossier's events so far, in order; this action's own are appended.</summary>
        public List<DossierEvent> History { get; } = history;
        public Dossier Dossier { get; } = dossier;
        public ProcedureDefinition Definition { get; } = definition;
        public string Action { get; } = action;
        public string? Comment { get; } = comment;
        public ActInput Input { get; } = input;
        public DateTimeOffset Now { get; } = now;
        public WorkingCalendar Working { get; } = working;
        public string? Key { get; } = key;
        public int Sequence { get; set; }
        /// <summary>How many files come with the action.</summary>
        public int FileCount { get; init; }
        public ProcessState? State => Definition.Process.States.FirstOrDefault(s => s.Code == Dossier.State);
    }

    private bool IsApplicant(Dossier d) => caller.UserId is { } id && d.ApplicantUserId == id;
    private bool IsOpen(Dossier d) => d.Status is not (3 or 7 or 8 or 9 or 10);
    private static readonly string[] OfficerRoles = [Roles.OneStopOfficer, Roles.Specialist, Roles.Leader, Roles.AgencyAdmin];

    private static DomainValidationException NotAvailable(string action, string reasonVi, string reasonEn) =>
        DomainValidationException.For("action", "notAvailable", $"Không thể thực hiện \"{EngineActions.Names.GetValueOrDefault(action, action)}\": {reasonVi}",
            $"Action \"{action}\" is not available: {reasonEn}");

    private static void RequireComment(Step s, string labelVi)
    {
        if (s.Comment is null)
            throw DomainValidationException.For("comment", "required", $"{labelVi} là bắt buộc.", "This action needs a comment.");
    }

    private void AddEvent(Step s, string toState, bool endsStep = false, Guid? agencyId = null, string? agencyName = null, string? comment = null)
    {
        var d = s.Dossier;
        // A concurrent action taking the same number is refused by the unique (dossier, sequence) key.
        s.Sequence = (s.History.Count == 0 ? 0 : s.History.Max(e => e.Sequence)) + 1;
        var added = new DossierEvent
        {
            Id = Ids.New(), DossierId = d.Id, Sequence = s.Sequence, At = s.Now.UtcDateTime, Actor = caller.Actor, Action = s.Action,
            FromState = d.State, ToState = toState, Comment = comment ?? s.Comment, IdempotencyKey = s.Key,
            StepDueAt = endsStep ? d.StepDueAt : null,
            StepTimeliness = endsStep && d.StepDueAt is { } due ? Classify(s.Now.UtcDateTime, due) : null,
            AgencyId = agencyId, AgencyName = agencyName,
        };
        db.Add(added);
        s.History.Add(added);
    }

    // ---- the procedure's own actions ----

    /// <summary>
    /// The officer roles that may take a process action: the action's own, and, when an escalation rule moved the step to
    /// another role (the leader, say), that role too, since it now holds the step.
    /// </summary>
    private static string[] OfficerRolesFor(ProcessAction action, Dossier d, ProcedureDefinition definition)
    {
        var roles = action.Roles.Where(r => r != ApplicantRole).ToList();
        var stateRole = definition.Process.States.FirstOrDefault(x => x.Code == d.State)?.Role;
        if (d.StepRole is { } held && held != ApplicantRole && held != stateRole && !roles.Contains(held)) roles.Add(held);
        return [.. roles];
    }

    private async Task ProcessActionAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        var action = s.Definition.Process.Actions.FirstOrDefault(x => x.Code == s.Action && x.From == d.State)
            ?? throw DomainValidationException.For("action", "notAvailable",
                $"Không thể thực hiện \"{s.Action}\" khi hồ sơ đang ở bước \"{s.State?.Name ?? d.State}\".",
                $"Action \"{s.Action}\" is not available from state {d.State}.");
        if (d.Status == 1)
            throw NotAvailable(s.Action, "hồ sơ nộp trực tuyến chưa được tiếp nhận.", "the online dossier has not been accepted yet.");
        var officerRoles = OfficerRolesFor(action, d, s.Definition);
        var byOfficer = officerRoles.Length > 0 && caller.Covers(d.CurrentAgencyPath, officerRoles);
        var allowed = byOfficer || (action.Roles.Contains(ApplicantRole) && IsApplicant(d));
        if (!allowed) throw new ForbiddenException($"Action \"{action.Code}\" needs one of the roles {string.Join(", ", action.Roles)}.");
        if (!byOfficer) CheckApplicantStep(s);
        if (action.RequiresComment) RequireComment(s, "Ý kiến");

        var next = s.Definition.Process.States.First(x => x.Code == action.To);
        if (next.Status == 4 && !next.End)
        {
            var pending = s.Opinions.Where(o => o.State == d.State && o.AnsweredAt == null).Select(o => o.AgencyName).ToList();
            if (pending.Count > 0)
                throw NotAvailable(s.Action, $"còn chờ ý kiến của {string.Join(", ", pending)}.", $"opinions are still awaited from {string.Join(", ", pending)}.");
        }
        if (next.Status == 10 && s.Input.ReturnChannel is { } channel)
        {
            if (!Enum.IsDefined(channel)) throw DomainValidationException.For("returnChannel", "unknown", "Hình thức trả kết quả không hợp lệ.", "Unknown return channel.");
            d.ReturnChannel = channel;
            if (s.Input.PostalAddress?.Trim() is { Length: > 0 } postal)
            {
                // An address typed at the counter is the whole address: the commune chosen on the portal no longer applies.
                d.PostalAddress = postal[..Math.Min(300, postal.Length)];
                (d.PostalCommuneCode, d.PostalCommuneName) = (null, null);
            }
            if (channel == ReturnChannel.Post && d.PostalAddress is null)
                throw DomainValidationException.For("postalAddress", "required", "Trả kết quả qua bưu chính cần địa chỉ nhận.", "Returning by post needs a postal address.");
        }
        await MoveAsync(s, next, ct);
    }

    /// <summary>Moves to <paramref name="next"/>: hands the dossier to the agency acting there, asks for opinions, stops or restarts the clock.</summary>
    private async Task MoveAsync(Step s, ProcessState next, CancellationToken ct)
    {
        var d = s.Dossier;
        var current = s.State;
        var acting = await ResolveOrFailAsync(next.Agency ?? "receiving", d.ReceivingAgencyId, d.LocalAgencyId, s.Input.AgencyId, "agencyId", ct);
        var opinions = new List<AgencyRef>();
        foreach (var reference in next.Opinions ?? [])
            opinions.Add(await ResolveOrFailAsync(reference, d.ReceivingAgencyId, d.LocalAgencyId, s.Input.AgencyId, "agencyId", ct));

        AddEvent(s, next.Code, endsStep: true, acting.Id, acting.ShortName ?? acting.Name);
        if (acting.Id != d.ReceivingAgencyId) await AddPartyOnceAsync(d, acting, PartyRole.Acting, ct);
        foreach (var agency in opinions)
        {
            await AddPartyOnceAsync(d, agency, PartyRole.Opinion, ct);
            var existing = s.Opinions.FirstOrDefault(o => o.State == next.Code && o.AgencyId == agency.Id);
            var opinion = existing ?? new DossierOpinion { Id = Ids.New(), DossierId = d.Id, State = next.Code, AgencyId = agency.Id };
            opinion.AgencyName = agency.ShortName ?? agency.Name;
            opinion.AgencyPath = agency.Path;
            opinion.AskedAt = s.Now.UtcDateTime;
            opinion.DueAt = next.Time is { } ot ? s.Working.AddWorkingHours(s.Now, ot.Hours).UtcDateTime : null;
            (opinion.AnsweredAt, opinion.AnsweredBy, opinion.Agrees, opinion.Text) = (null, null, null, null);
            if (existing is not null) continue;
            db.Add(opinion);
            s.Opinions.Add(opinion);
        }

        RunClock(s, current, next);
        d.State = next.Code;
        d.Status = next.Status;
        d.StepRole = next.End ? null : next.Role;
        d.CurrentAgencyId = acting.Id;
        d.CurrentAgencyPath = acting.Path;
        d.AssigneeId = null;
        d.AssigneeName = null;
        d.StepStartedAt = s.Now.UtcDateTime;
        d.StepDueAt = next.Time is { } t && !next.End ? s.Working.AddWorkingHours(s.Now, t.Hours).UtcDateTime : null;
        if (next.Status is 9 or 10 && d.CompletedAt is null)
        {
            d.CompletedAt = s.Now.UtcDateTime;
            d.Timeliness = Outcome(d, s.Now.UtcDateTime);
        }
        if (next.Status == 10) d.ReturnedAt = s.Now.UtcDateTime;
        if (next.End && next.Status is 3 or 7 or 8)
        {
            d.CompletedAt ??= s.Now.UtcDateTime;
            d.Outcome = s.Comment;
        }
    }

    /// <summary>
    /// DOMAIN "Deadlines": while a supplement or a fee is awaited the clock stops. Leaving a supplement, the procedure
    /// says whether the time restarts from zero or resumes; after a fee it always resumes.
    /// </summary>
    private static void RunClock(Step s, ProcessState? current, ProcessState next)
    {
        var d = s.Dossier;
        var stopsNow = next.Status is 5 or 6 && !next.End;
        if (stopsNow && d.ClockStoppedAt is null)
        {
            d.ClockStoppedAt = s.Now.UtcDateTime;
            var due = new DateTimeOffset(d.AppointmentAt, TimeSpan.Zero);
            d.RemainingWorkingHours = due > s.Now ? s.Working.WorkingTimeBetween(s.Now, due).TotalHours : 0;
        }
        else if (!stopsNow && d.ClockStoppedAt is not null)
        {
            var restart = current?.Status == 5 && s.Definition.AfterSupplement == SupplementRule.Restart;
            d.AppointmentAt = (restart
                ? s.Working.Appointment(s.Now, s.Definition.ProcessingTime.ToProcessingTime())
                : s.Working.AddWorkingHours(s.Working.NextWorkingMoment(s.Now), d.RemainingWorkingHours ?? 0)).UtcDateTime;
            d.ClockStoppedAt = null;
            d.RemainingWorkingHours = null;
        }
    }

    /// <summary>Early, on time or late against the appointment; a dossier whose date was extended stays late (DOMAIN).</summary>
    private static Timeliness Outcome(Dossier d, DateTime finishedUtc) =>
        d.Extensions > 0 ? OneStop.Timeliness.Late : Classify(finishedUtc, d.AppointmentAt);

    /// <summary>The agency a process reference names for this dossier; for a commune step, the commune the officer chose wins.</summary>
    private async Task<AgencyRef> ResolveOrFailAsync(string reference, Guid receivingId, Guid? localId, Guid? chosen, string field, CancellationToken ct)
    {
        var local = reference is "commune" or "every-commune" ? chosen ?? localId : localId;
        return await agencies.ResolveAsync(reference, receivingId, local, ct)
            ?? throw (reference is "commune" or "every-commune"
                ? DomainValidationException.For(field, "required", "Hãy chọn xã, phường xử lý bước này.", "Choose the commune that handles this step.")
                : DomainValidationException.For(field, "unresolved", $"Tỉnh chưa có cơ quan \"{reference}\" để chuyển hồ sơ đến.",
                    $"No agency \"{reference}\" in the province to hand the dossier to."));
    }

    // ---- actions of every process ----

    private async Task AcceptAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (d.Status != 1) throw NotAvailable(s.Action, "hồ sơ không ở trạng thái mới nộp trực tuyến.", "the dossier is not a new online submission.");
        if (!caller.Covers(d.AgencyPath, Roles.OneStopOfficer)) throw new ForbiddenException("Only a one-stop officer of the receiving agency accepts dossiers.");
        AddEvent(s, d.State);
        d.Status = s.State?.Status ?? 2;
        // The appointment counts from the submission of the complete dossier, already computed then.
    }

    private async Task AssignAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (!IsOpen(d) || d.StepRole is null || d.StepRole == ApplicantRole)
            throw NotAvailable(s.Action, "bước hiện tại không có người xử lý để phân công.", "the current step has no official to assign.");
        if (!caller.Covers(d.CurrentAgencyPath, Roles.Leader, Roles.AgencyAdmin, d.StepRole))
            throw new ForbiddenException("Only a leader or a holder of the step's role assigns it.");
        if (s.Input.AssigneeId is not { } assignee)
            throw DomainValidationException.For("assigneeId", "required", "Hãy chọn người xử lý.", "Choose the assignee.");
        var holder = (await accounts.HoldersAsync(d.CurrentAgencyPath, [d.StepRole], ct)).FirstOrDefault(h => h.UserId == assignee)
            ?? throw DomainValidationException.For("assigneeId", "notHolder", "Người được chọn không giữ vai trò của bước này ở cơ quan đang xử lý.",
                "The chosen person does not hold the step's role in the acting agency.");
        AddEvent(s, d.State);
        d.AssigneeId = holder.UserId;
        d.AssigneeName = holder.FullName;
    }

    /// <summary>People who may be assigned the current step (for the assignment form).</summary>
    public async Task<IReadOnlyList<Egov.Identity.RoleHolder>> AssigneesAsync(string code, CancellationToken ct = default)
    {
        var d = await Visible(db.Set<Dossier>().AsNoTracking().Where(x => x.Code == code), probe: true).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("dossier");
        if (d.StepRole is null || d.StepRole == ApplicantRole) return [];
        return await accounts.HoldersAsync(d.CurrentAgencyPath, [d.StepRole], ct);
    }

    private async Task ExtendAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (!IsOpen(d) && d.Status != 1) throw NotAvailable(s.Action, "hồ sơ đã kết thúc xử lý.", "the dossier is finished.");
        if (!caller.Covers(d.AgencyPath, Roles.Leader, Roles.OneStopOfficer) && !caller.Covers(d.CurrentAgencyPath, Roles.Leader))
            throw new ForbiddenException("Only a leader or a one-stop officer extends the appointment.");
        RequireComment(s, "Lý do xin lỗi, gia hạn");
        if (s.Input.NewAppointmentAt is not { } requested)
            throw DomainValidationException.For("newAppointmentAt", "required", "Hãy chọn ngày hẹn trả mới.", "Choose the new appointment.");
        var newAt = requested.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(requested, WorkingCalendar.VietnamOffset) : new DateTimeOffset(requested.ToUniversalTime());
        if (newAt.UtcDateTime <= d.AppointmentAt)
            throw DomainValidationException.For("newAppointmentAt", "notLater", "Ngày hẹn mới phải sau ngày hẹn hiện tại.", "The new appointment must be after the current one.");
        if (!s.Working.IsWorkingMoment(newAt) && s.Working.NextWorkingMoment(newAt) != newAt)
            newAt = s.Working.NextWorkingMoment(newAt);
        AddEvent(s, d.State);
        d.OriginalAppointmentAt ??= d.AppointmentAt;
        d.AppointmentAt = newAt.UtcDateTime;
        d.Extensions++;
    }

    private async Task WithdrawAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (!IsOpen(d) && d.Status != 1) throw NotAvailable(s.Action, "hồ sơ đã có kết quả hoặc đã kết thúc.", "the dossier already has a result or is closed.");
        if (!IsApplicant(d) && !caller.Covers(d.AgencyPath, Roles.OneStopOfficer))
            throw new ForbiddenException("Only the applicant or a one-stop officer of the receiving agency withdraws a dossier.");
        RequireComment(s, "Lý do rút hồ sơ");
        await MoveToClosingAsync(s, EngineActions.WithdrawnState, 7, ct);
    }

    private async Task StopAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (!IsOpen(d)) throw NotAvailable(s.Action, "hồ sơ đã có kết quả hoặc đã kết thúc.", "the dossier already has a result or is closed.");
        if (!caller.Covers(d.CurrentAgencyPath, Roles.Leader) && !caller.Covers(d.AgencyPath, Roles.Leader))
            throw new ForbiddenException("Only a leader stops the processing of a dossier.");
        RequireComment(s, "Lý do dừng xử lý");
        await MoveToClosingAsync(s, EngineActions.StoppedState, 8, ct);
    }

    private Task MoveToClosingAsync(Step s, string state, int status, CancellationToken ct) =>
        MoveAsync(s, new ProcessState(state, EngineActions.StateName(state)!, status, End: true), ct);

    private async Task OpinionAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        var pending = s.Opinions.Where(o => o.State == d.State && o.AnsweredAt == null).ToList();
        var mine = pending.FirstOrDefault(o => caller.Covers(o.AgencyPath, Roles.Specialist, Roles.Leader))
            ?? throw (pending.Count == 0
                ? NotAvailable(s.Action, "hồ sơ không chờ ý kiến.", "no opinion is awaited.")
                : new ForbiddenException("Only a specialist or leader of an agency asked for its opinion answers."));
        RequireComment(s, "Nội dung ý kiến");
        if (s.Input.Agrees is not { } agrees)
            throw DomainValidationException.For("agrees", "required", "Hãy chọn đồng ý hoặc không đồng ý.", "Say whether the agency agrees.");
        AddEvent(s, d.State, agencyId: mine.AgencyId, agencyName: mine.AgencyName);
        mine.AnsweredAt = s.Now.UtcDateTime;
        mine.AnsweredBy = caller.Actor;
        mine.Agrees = agrees;
        mine.Text = s.Comment;
    }

    private async Task RateAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (d.Status != 10 || d.Rating is not null) throw NotAvailable(s.Action, "chỉ đánh giá một lần sau khi đã nhận kết quả.", "only once, after the result was returned.");
        if (!IsApplicant(d) && !caller.Covers(d.AgencyPath, Roles.OneStopOfficer)) throw new ForbiddenException("Only the applicant rates the service.");
        if (s.Input.Rating is not (>= 1 and <= 5))
            throw DomainValidationException.For("rating", "range", "Mức độ hài lòng từ 1 (rất không hài lòng) đến 5 (rất hài lòng).", "The rating is from 1 to 5.");
        if (s.Comment?.Length > 1000)
            throw DomainValidationException.For("comment", "tooLong", "Ý kiến kèm đánh giá tối đa 1000 ký tự.", "The rating's comment is at most 1000 characters.");
        AddEvent(s, d.State);
        d.Rating = s.Input.Rating;
        d.RatingComment = s.Comment;
    }

    private async Task FeePaidAsync(Step s, CancellationToken ct)
    {
        var d = s.Dossier;
        if (d.FeeAmount <= 0 || d.FeePaidAt is not null) throw NotAvailable(s.Action, "hồ sơ không có khoản phí, lệ phí chờ nộp.", "no fee is awaited.");
        if (!caller.Covers(d.AgencyPath, Roles.OneStopOfficer)) throw new ForbiddenException("Only a one-stop officer records a payment.");
        AddEvent(s, d.State);
        d.FeePaidAt = s.Now.UtcDateTime;
        d.FeeReference = s.Input.FeeReference?.Trim() is { Length: > 0 and <= 100 } r ? r : null;
        // Waiting for the fees (national status 6) ends with the payment: the step's one way out that the applicant takes
        // when he has paid ("hoàn thành nghĩa vụ tài chính") is taken for him, and the dossier goes on.
        if (s.State is { Status: 6 } waiting
            && s.Definition.Process.Actions.Where(a => a.From == waiting.Code && a.Roles.Contains(ApplicantRole)).ToList() is [var paid])
        {
            var next = s.Definition.Process.States.First(x => x.Code == paid.To);
            var move = new Step(d, s.Definition, paid.Code, "Đã nộp phí, lệ phí", s.Input, s.Now, s.Working, key: null, s.History, s.Opinions);
            await MoveAsync(move, next, ct);
        }
    }
}
