using Egov.Calendar;
using Egov.Calendar.Module;
using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop;

public sealed record ReceiveInput(string? ProcedureCode, Guid? ReceivingAgencyId, string? ApplicantName, string? ApplicantIdNumber,
    string? ApplicantPhone, string? ApplicantEmail);
public sealed record DossierSummary(Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string ProcedureName, Guid ReceivingAgencyId,
    string ApplicantName, DossierChannel Channel, string State, int Status, DateTime ReceivedAt, DateTime AppointmentAt,
    DateTime StepStartedAt, DateTime? StepDueAt, DateTime? CompletedAt, Timeliness? Timeliness, int Version);
public sealed record DossierActionView(string Code, string Name, string To, IReadOnlyList<string> Roles, bool RequiresComment);
public sealed record DossierEventView(int Sequence, DateTime At, string Actor, string Action, string? FromState, string ToState, string? Comment,
    DateTime? StepDueAt, Timeliness? StepTimeliness);
public sealed record DossierView(DossierSummary Summary, string ApplicantIdNumber, string? ApplicantPhone, string? ApplicantEmail,
    string StateName, IReadOnlyList<DossierActionView> Actions, IReadOnlyList<DossierEventView> History);
/// <summary>
/// Filters of the dossier list. <see cref="DueWithinDays"/>: not yet overdue, and the current step or the appointment falls
/// within that many calendar days. <see cref="ReceivedFrom"/> and <see cref="ReceivedTo"/> are days in Vietnam time (inclusive).
/// <see cref="MostUrgentFirst"/> orders by the nearest deadline (step due, else appointment) instead of the newest.
/// </summary>
public sealed record DossierQuery(bool Mine = false, string? State = null, int? Status = null, string? Search = null, bool Overdue = false,
    int? Page = null, int? PageSize = null, int? DueWithinDays = null, string? ProcedureCode = null, string? Field = null,
    DateOnly? ReceivedFrom = null, DateOnly? ReceivedTo = null, string? IdNumber = null, bool MostUrgentFirst = false);

/// <summary>
/// The one-stop counter: receives dossiers (code, appointment, first step), moves them through the procedure's process
/// with the roles it names, and keeps their history with the timeliness of every step. Officials see the dossiers of
/// their agencies' sub-trees.
/// </summary>
public sealed class DossierService(EgovDbContext db, ICallerContext caller, ProcedureService procedures, CalendarService calendar,
    AgencyService agencies, IAuditTrail audit, TimeProvider clock)
{
    public const string ReceiveAction = "receive";
    private const string ApplicantRole = "applicant";

    public async Task<DossierView> ReceiveAsync(ReceiveInput input, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        var name = errors.RequiredText("applicantName", input.ApplicantName, 200, "Họ tên người nộp", "Applicant name");
        var idNumber = CheckIdNumber(errors, input.ApplicantIdNumber);
        errors.Add(PhoneNumber.Check(input.ApplicantPhone, "applicantPhone", out var phone));
        errors.Add(EmailAddress.Check(input.ApplicantEmail, "applicantEmail", out var email));
        (Guid Id, string Code, string Path, bool IsActive)? agency = null;
        if (input.ReceivingAgencyId is not { } agencyId)
            errors.Add("receivingAgencyId", "required", "Cơ quan tiếp nhận là bắt buộc.", "The receiving agency is required.");
        else if ((agency = await agencies.LocateAsync(agencyId, ct)) is not { IsActive: true })
            errors.Add("receivingAgencyId", "unknown", "Không có cơ quan tiếp nhận này.", "No such receiving agency.");
        ProcedureView? procedure = null;
        if (string.IsNullOrWhiteSpace(input.ProcedureCode))
            errors.Add("procedureCode", "required", "Thủ tục là bắt buộc.", "The procedure is required.");
        else
        {
            try { procedure = await procedures.GetAsync(input.ProcedureCode.Trim(), null, ct); }
            catch (NotFoundException) { }
            if (procedure is not { Summary.IsActive: true })
                errors.Add("procedureCode", "unknown", $"Không có thủ tục \"{input.ProcedureCode.Trim()}\" đang áp dụng.",
                    $"No procedure \"{input.ProcedureCode.Trim()}\" is in force.");
        }
        if (agency is { } a && !caller.Covers(a.Path, Roles.OneStopOfficer, Roles.AgencyAdmin))
            throw new ForbiddenException("Only a one-stop officer of the receiving agency receives its dossiers.");
        errors.ThrowIfAny();

        var definition = procedure!.Definition;
        var start = definition.Process.States.First(s => s.Code == definition.Process.Start);
        var working = await calendar.WorkingCalendarAsync(agency!.Value.Id, ct);
        var now = clock.GetUtcNow();
        var appointment = working.Appointment(now, definition.ProcessingTime.ToProcessingTime());
        var day = now.ToOffset(WorkingCalendar.VietnamOffset).ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture);

        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var sequence = await NextSequenceAsync(agency.Value.Code, day, ct);
                var dossier = new Dossier
                {
                    Id = Ids.New(),
                    Code = $"{agency.Value.Code}-{day}-{sequence:D4}",
                    ProcedureCode = procedure.Summary.Code,
                    ProcedureVersion = procedure.Summary.Version,
                    ProcedureName = procedure.Summary.Name,
                    ReceivingAgencyId = agency.Value.Id,
                    AgencyPath = agency.Value.Path,
                    ApplicantName = name!,
                    ApplicantSearchName = VietnameseText.Fold(name),
                    ApplicantIdNumber = idNumber!,
                    ApplicantPhone = phone,
                    ApplicantEmail = email,
                    Channel = DossierChannel.Counter,
                    State = start.Code,
                    Status = start.Status,
                    StepRole = start.Role,
                    ReceivedAt = now.UtcDateTime,
                    AppointmentAt = appointment.UtcDateTime,
                    StepStartedAt = now.UtcDateTime,
                    StepDueAt = start.Time is { } t ? working.AddWorkingHours(now, t.Hours).UtcDateTime : null,
                    Version = 1,
                };
                db.Add(dossier);
                db.Add(new DossierEvent
                {
                    Id = Ids.New(), DossierId = dossier.Id, Sequence = 1, At = now.UtcDateTime, Actor = caller.Actor,
                    Action = ReceiveAction, ToState = start.Code,
                });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                var view = await ViewAsync(dossier, definition, ct);
                db.ChangeTracker.Clear();
                return view;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The next number of the agency's day, counted in the caller's transaction so that it is gapless.</summary>
    private async Task<int> NextSequenceAsync(string agencyCode, string day, CancellationToken ct)
    {
        var numbers = await db.Database.SqlQuery<int>($"""
            INSERT INTO os_dossier_code_counters ("AgencyCode", "Day", "Last") VALUES ({agencyCode}, {day}, 1)
            ON CONFLICT ("AgencyCode", "Day") DO UPDATE SET "Last" = os_dossier_code_counters."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        return numbers.Single();
    }

    private static string? CheckIdNumber(ValidationErrors errors, string? raw)
    {
        var value = raw?.Trim().Replace(" ", "") ?? "";
        if (value.Length == 0)
        {
            errors.Add("applicantIdNumber", "required", "Số định danh cá nhân hoặc mã số thuế là bắt buộc.", "The citizen ID number or tax code is required.");
            return null;
        }
        var citizen = CitizenId.Check(value, "applicantIdNumber", DateOnly.FromDateTime(DateTime.UtcNow), out var normalised);
        if (citizen is null) return normalised;
        if (TaxCode.Check(value, "applicantIdNumber", out var tax) is { } taxError)
        {
            errors.Add(value.Length == 12 ? citizen : taxError);
            return null;
        }
        return tax;
    }

    public async Task<DossierView> ActAsync(string code, string? actionCode, string? comment, int? expectedVersion = null, CancellationToken ct = default)
    {
        var dossier = await Visible(db.Set<Dossier>()).FirstOrDefaultAsync(d => d.Code == code, ct) ?? throw new NotFoundException("dossier");
        var definition = (await procedures.GetAsync(dossier.ProcedureCode, dossier.ProcedureVersion, ct)).Definition;
        var action = definition.Process.Actions.FirstOrDefault(x => x.Code == actionCode && x.From == dossier.State)
            ?? throw DomainValidationException.For("action", "notAvailable",
                $"Không thể thực hiện \"{actionCode}\" khi hồ sơ đang ở bước {dossier.State}.",
                $"Action \"{actionCode}\" is not available from state {dossier.State}.");
        var roles = action.Roles.Where(r => r != ApplicantRole).ToArray();
        if (roles.Length == 0 || !caller.Covers(dossier.AgencyPath, roles))
            throw new ForbiddenException($"Action \"{action.Code}\" needs one of the roles {string.Join(", ", action.Roles)}.");
        var errors = new ValidationErrors();
        var text = errors.OptionalText("comment", comment, 2000, "Ý kiến", "Comment");
        if (action.RequiresComment && text is null && !errors.Any)
            errors.Add("comment", "required", "Bước này cần ghi ý kiến.", "This action needs a comment.");
        errors.ThrowIfAny();
        if (expectedVersion is { } v && v != dossier.Version)
            throw new ConflictException("Hồ sơ đã được người khác cập nhật; hãy tải lại.", "The dossier was changed by someone else; reload it.");

        var next = definition.Process.States.First(s => s.Code == action.To);
        var now = clock.GetUtcNow();
        var working = await calendar.WorkingCalendarAsync(dossier.ReceivingAgencyId, ct);
        var sequence = await db.Set<DossierEvent>().Where(e => e.DossierId == dossier.Id).MaxAsync(e => (int?)e.Sequence, ct) ?? 0;
        db.Add(new DossierEvent
        {
            Id = Ids.New(), DossierId = dossier.Id, Sequence = sequence + 1, At = now.UtcDateTime, Actor = caller.Actor,
            Action = action.Code, FromState = dossier.State, ToState = next.Code, Comment = text,
            StepDueAt = dossier.StepDueAt,
            StepTimeliness = dossier.StepDueAt is { } due ? Classify(now.UtcDateTime, due) : null,
        });
        dossier.State = next.Code;
        dossier.Status = next.Status;
        dossier.StepRole = next.Role;
        dossier.StepStartedAt = now.UtcDateTime;
        dossier.StepDueAt = next.Time is { } t && !next.End ? working.AddWorkingHours(now, t.Hours).UtcDateTime : null;
        if (next.Status is 9 or 10 && dossier.CompletedAt is null)
        {
            dossier.CompletedAt = now.UtcDateTime;
            dossier.Timeliness = Classify(now.UtcDateTime, dossier.AppointmentAt);
        }
        dossier.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A stale Version, or a concurrent hand-off that took the same history sequence first.
            db.ChangeTracker.Clear();
            throw new ConflictException("Hồ sơ đã được người khác cập nhật; hãy tải lại.", "The dossier was changed by someone else; reload it.");
        }
        var result = await ViewAsync(dossier, definition, ct);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>Early when finished before the due day, on time on the due day, late after it (days in Vietnam time).</summary>
    public static Timeliness Classify(DateTime finishedUtc, DateTime dueUtc)
    {
        var finished = DateOnly.FromDateTime(new DateTimeOffset(finishedUtc, TimeSpan.Zero).ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        var due = DateOnly.FromDateTime(new DateTimeOffset(dueUtc, TimeSpan.Zero).ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        return finished < due ? Timeliness.Early : finished == due ? Timeliness.OnTime : Timeliness.Late;
    }

    public async Task<DossierView> GetAsync(string code, CancellationToken ct = default)
    {
        var dossier = await Visible(db.Set<Dossier>().AsNoTracking()).FirstOrDefaultAsync(d => d.Code == code, ct) ?? throw new NotFoundException("dossier");
        var definition = (await procedures.GetAsync(dossier.ProcedureCode, dossier.ProcedureVersion, ct)).Definition;
        await audit.RecordReadAsync(nameof(Dossier), dossier.Id.ToString(), "applicant data", ct);
        return await ViewAsync(dossier, definition, ct);
    }

    public async Task<Page<DossierSummary>> ListAsync(DossierQuery q, CancellationToken ct = default)
    {
        var (page, size) = Paging.Clamp(q.Page, q.PageSize);
        var query = Visible(db.Set<Dossier>().AsNoTracking());
        if (q.Mine)
        {
            var mine = caller.Grants.Where(g => Roles.OfficialRoles.Contains(g.Role) && g.Role != Roles.SystemAdmin).Select(g => g.Role).Distinct().ToList();
            var minePaths = caller.PathsFor([.. mine]);
            query = query.Where(d => d.StepRole != null && mine.Contains(d.StepRole)).WithinPaths(minePaths, d => d.AgencyPath);
        }
        if (!string.IsNullOrWhiteSpace(q.State)) query = query.Where(d => d.State == q.State);
        if (q.Status is { } status) query = query.Where(d => d.Status == status);
        var term = VietnameseText.Fold(q.Search);
        if (term.Length > 0)
        {
            var like = VietnameseText.LikeContains(term);
            var upper = q.Search!.Trim().ToUpperInvariant();
            var id = q.Search.Trim().Replace(" ", "");
            query = query.Where(d => d.Code.StartsWith(upper) || EF.Functions.Like(d.ApplicantSearchName, like, "\\") || d.ApplicantIdNumber == id);
        }
        if (!string.IsNullOrWhiteSpace(q.IdNumber))
        {
            var id = q.IdNumber.Trim().Replace(" ", "");
            query = query.Where(d => d.ApplicantIdNumber == id);
        }
        if (!string.IsNullOrWhiteSpace(q.ProcedureCode)) query = query.Where(d => d.ProcedureCode == q.ProcedureCode.Trim());
        if (!string.IsNullOrWhiteSpace(q.Field))
        {
            var codes = await procedures.CodesInFieldAsync(q.Field.Trim(), ct);
            query = query.Where(d => codes.Contains(d.ProcedureCode));
        }
        if (q.ReceivedFrom is { } fromDay)
        {
            var from = VietnamDayStartUtc(fromDay);
            query = query.Where(d => d.ReceivedAt >= from);
        }
        if (q.ReceivedTo is { } toDay)
        {
            var to = VietnamDayStartUtc(toDay.AddDays(1));
            query = query.Where(d => d.ReceivedAt < to);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (q.Overdue)
            query = query.Where(d => d.CompletedAt == null && ((d.StepDueAt != null && d.StepDueAt < now) || d.AppointmentAt < now));
        if (q.DueWithinDays is { } days)
        {
            var limit = now.AddDays(Math.Clamp(days, 0, 365));
            query = query.Where(d => d.CompletedAt == null && (d.StepDueAt == null || d.StepDueAt >= now) && d.AppointmentAt >= now
                && ((d.StepDueAt != null && d.StepDueAt < limit) || d.AppointmentAt < limit));
        }
        var total = await query.CountAsync(ct);
        var ordered = q.MostUrgentFirst
            ? query.OrderBy(d => d.CompletedAt != null).ThenBy(d => d.StepDueAt ?? d.AppointmentAt).ThenBy(d => d.AppointmentAt).ThenBy(d => d.Code)
            : query.OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Code);
        var rows = await ordered.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<DossierSummary>(rows.Select(Summary).ToList(), total, page, size);
    }

    private static DateTime VietnamDayStartUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset).UtcDateTime;

    /// <summary>Dossiers of the agencies where the caller holds an official role (all of them for a system administrator).</summary>
    private IQueryable<Dossier> Visible(IQueryable<Dossier> query)
    {
        if (caller.IsSystemAdmin) return query;
        var paths = caller.PathsFor([.. Roles.OfficialRoles]);
        return query.WithinPaths(paths, d => d.AgencyPath);
    }

    private async Task<DossierView> ViewAsync(Dossier d, ProcedureDefinition definition, CancellationToken ct)
    {
        var history = await db.Set<DossierEvent>().AsNoTracking().Where(e => e.DossierId == d.Id).OrderBy(e => e.Sequence)
            .Select(e => new DossierEventView(e.Sequence, e.At, e.Actor, e.Action, e.FromState, e.ToState, e.Comment, e.StepDueAt, e.StepTimeliness))
            .ToListAsync(ct);
        var actions = definition.Process.Actions
            .Where(x => x.From == d.State)
            .Where(x => x.Roles.Any(r => r != ApplicantRole) && caller.Covers(d.AgencyPath, [.. x.Roles.Where(r => r != ApplicantRole)]))
            .Select(x => new DossierActionView(x.Code, x.Name, x.To, x.Roles, x.RequiresComment)).ToList();
        var stateName = definition.Process.States.FirstOrDefault(s => s.Code == d.State)?.Name ?? d.State;
        return new DossierView(Summary(d), d.ApplicantIdNumber, d.ApplicantPhone, d.ApplicantEmail, stateName, actions, history);
    }

    private static DossierSummary Summary(Dossier d) => new(d.Id, d.Code, d.ProcedureCode, d.ProcedureVersion, d.ProcedureName, d.ReceivingAgencyId,
        d.ApplicantName, d.Channel, d.State, d.Status, d.ReceivedAt, d.AppointmentAt, d.StepStartedAt, d.StepDueAt, d.CompletedAt, d.Timeliness, d.Version);
}
