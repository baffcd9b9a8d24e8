using System.Globalization;
using Egov.Calendar;
using Egov.Calendar.Module;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Egov.Platform.Notifications;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Escalation;

public sealed record EscalationRunResult(int DossiersChecked, int Notified, int Reassigned);

/// <summary>
/// One pass over the overdue steps: for each open dossier whose step is past due, the working hours it is overdue
/// (receiving agency's calendar, so nights, weekends and holidays do not count) select the active rules that apply;
/// each rule not yet applied to this step is applied and recorded in one transaction.
/// </summary>
public sealed class EscalationRunner(EgovDbContext db, CalendarService calendar, ProcedureService procedures,
    NotificationService notifications, TimeProvider clock)
{
    public const string EscalateAction = "escalate";
    public const string SystemActor = "system";
    private const int BatchSize = 200;

    private sealed record OverdueStep(Guid Id, string Code, string ProcedureCode, int ProcedureVersion, string ProcedureName,
        Guid ReceivingAgencyId, string AgencyPath, string State, string? StepRole, DateTime StepStartedAt, DateTime StepDueAt);

    public async Task<EscalationRunResult> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var nowUtc = now.UtcDateTime;
        var rules = (await db.Set<EscalationRule>().AsNoTracking().Where(r => r.IsActive).ToListAsync(ct))
            .OrderBy(r => r.OverdueWorkingHours).ThenBy(r => r.Code, StringComparer.Ordinal).ToList();
        if (rules.Count == 0) return new EscalationRunResult(0, 0, 0);
        var calendars = new Dictionary<Guid, WorkingCalendar>();
        var stepNames = new Dictionary<(string, int), IReadOnlyDictionary<string, string>>();
        int checkedCount = 0, notified = 0, reassigned = 0;

        // Keyset paging on (due time, code): dossiers changed by this pass never move into a page still to come.
        DateTime? afterDue = null;
        var afterCode = "";
        while (true)
        {
            var query = db.Set<Dossier>().AsNoTracking()
                .Where(d => d.CompletedAt == null && d.StepDueAt != null && d.StepDueAt < nowUtc);
            if (afterDue is { } due)
                query = query.Where(d => d.StepDueAt > due || (d.StepDueAt == due && string.Compare(d.Code, afterCode) > 0));
            // Only what the rules need: the applicant's personal data is never loaded here.
            var batch = await query.OrderBy(d => d.StepDueAt).ThenBy(d => d.Code).Take(BatchSize)
                .Select(d => new OverdueStep(d.Id, d.Code, d.ProcedureCode, d.ProcedureVersion, d.ProcedureName, d.ReceivingAgencyId,
                    d.AgencyPath, d.State, d.StepRole, d.StepStartedAt, d.StepDueAt!.Value))
                .ToListAsync(ct);
            if (batch.Count == 0) break;
            (afterDue, afterCode) = (batch[^1].StepDueAt, batch[^1].Code);

            var ids = batch.Select(d => d.Id).ToList();
            var applied = (await db.Set<DossierEscalation>().AsNoTracking().Where(e => ids.Contains(e.DossierId))
                    .Select(e => new { e.DossierId, e.RuleCode, e.StepStartedAt }).ToListAsync(ct))
                .Select(e => (e.DossierId, e.RuleCode, e.StepStartedAt)).ToHashSet();

            foreach (var step in batch)
            {
                ct.ThrowIfCancellationRequested();
                checkedCount++;
                if (!calendars.TryGetValue(step.ReceivingAgencyId, out var working))
                    calendars[step.ReceivingAgencyId] = working = await calendar.WorkingCalendarAsync(step.ReceivingAgencyId, ct);
                var overdue = working.WorkingTimeBetween(new DateTimeOffset(step.StepDueAt, TimeSpan.Zero), now).TotalHours;
                foreach (var rule in rules)
                {
                    if (rule.ProcedureCode is not null && rule.ProcedureCode != step.ProcedureCode) continue;
                    if (overdue < rule.OverdueWorkingHours) continue;
                    if (applied.Contains((step.Id, rule.Code, step.StepStartedAt))) continue;
                    var stepName = await StepNameAsync(stepNames, step, ct);
                    if (!await ApplyAsync(step, stepName, rule, overdue, nowUtc, ct)) continue;
                    if (rule.Action == EscalationAction.Notify) notified++; else reassigned++;
                }
            }
        }
        return new EscalationRunResult(checkedCount, notified, reassigned);
    }

    /// <summary>
    /// Applies one rule to one step in one transaction with its record. False when the step moved on meanwhile or
    /// another node applied the rule first (the unique record or the dossier's version refuses the save).
    /// </summary>
    private async Task<bool> ApplyAsync(OverdueStep step, string stepName, EscalationRule rule, double overdue, DateTime now, CancellationToken ct)
    {
        var hours = overdue.ToString("0.#", CultureInfo.InvariantCulture);
        try
        {
            db.Add(new DossierEscalation
            {
                Id = Ids.New(), DossierId = step.Id, RuleCode = rule.Code, StepStartedAt = step.StepStartedAt, State = step.State,
                Action = rule.Action, OverdueWorkingHours = Math.Round(overdue, 2), AppliedAt = now,
            });
            if (rule.Action == EscalationAction.Notify)
            {
                var due = new DateTimeOffset(step.StepDueAt, TimeSpan.Zero).ToOffset(WorkingCalendar.VietnamOffset);
                await notifications.StageAsync(new NotificationInput(
                    $"escalation:{step.Id:N}:{rule.Code}:{step.StepStartedAt.Ticks}",
                    NotificationRecipient.RoleIn(rule.TargetRole, step.AgencyPath),
                    $"Hồ sơ {step.Code} quá hạn ở bước \"{stepName}\"",
                    $"Bước \"{stepName}\" của hồ sơ {step.Code} ({step.ProcedureName}) đã quá hạn {hours} giờ làm việc " +
                    $"(hạn xử lý {due:HH:mm dd/MM/yyyy}). Quy tắc: {rule.Name}.",
                    $"/dossiers/{step.Code}"), ct);
            }
            else
            {
                var dossier = await db.Set<Dossier>().FirstOrDefaultAsync(d => d.Id == step.Id, ct);
                if (dossier is null || dossier.CompletedAt is not null || dossier.StepStartedAt != step.StepStartedAt) return false;
                if (dossier.StepRole != rule.TargetRole)
                {
                    var sequence = await db.Set<DossierEvent>().Where(e => e.DossierId == dossier.Id).MaxAsync(e => (int?)e.Sequence, ct) ?? 0;
                    db.Add(new DossierEvent
                    {
                        Id = Ids.New(), DossierId = dossier.Id, Sequence = sequence + 1, At = now, Actor = SystemActor, Action = EscalateAction,
                        FromState = dossier.State, ToState = dossier.State,
                        Comment = $"Chuyển {Roles.Find(rule.TargetRole)?.NameVi ?? rule.TargetRole} theo quy tắc \"{rule.Name}\" ({rule.Code}): " +
                                  $"bước quá hạn {hours} giờ làm việc.",
                    });
                    // Only who works on the step changes: its start and due time stay, so the rules do not fire again.
                    dossier.StepRole = rule.TargetRole;
                    dossier.Version++;
                }
            }
            // One transaction: the record, the notification or the move (the dossier's version guards against a concurrent action).
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<string> StepNameAsync(Dictionary<(string, int), IReadOnlyDictionary<string, string>> cache, OverdueStep step, CancellationToken ct)
    {
        var key = (step.ProcedureCode, step.ProcedureVersion);
        if (!cache.TryGetValue(key, out var names))
        {
            try
            {
                var definition = (await procedures.GetAsync(step.ProcedureCode, step.ProcedureVersion, ct)).Definition;
                names = definition.Process.States.ToDictionary(s => s.Code, s => s.Name);
            }
            catch (Egov.Platform.Validation.NotFoundException)
            {
                names = new Dictionary<string, string>();
            }
            cache[key] = names;
        }
        return names.TryGetValue(step.State, out var name) ? name : step.State;
    }
}

/// <summary>The escalation pass every minute, on whichever node holds the lease.</summary>
public sealed class EscalationJob : IRecurringJob
{
    public const string JobName = "onestop.escalation";
    public string Name => JobName;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public Task RunAsync(IServiceProvider scoped, CancellationToken ct) =>
        scoped.GetRequiredService<EscalationRunner>().RunAsync(ct);
}
