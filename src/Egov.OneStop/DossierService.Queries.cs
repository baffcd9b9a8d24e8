using Egov.Calendar;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop;

/// <summary>
/// Filters of the dossier list. <see cref="DueWithinDays"/>: not yet overdue, and the current step or the appointment falls
/// within that many calendar days. <see cref="ReceivedFrom"/> and <see cref="ReceivedTo"/> are days in Vietnam time (inclusive).
/// <see cref="MostUrgentFirst"/> orders by the nearest deadline (step due, else appointment) instead of the newest.
/// Dossiers whose clock is stopped (waiting for the applicant) are neither overdue nor due.
/// </summary>
public sealed record DossierQuery(bool Mine = false, string? State = null, int? Status = null, string? Search = null, bool Overdue = false,
    int? Page = null, int? PageSize = null, int? DueWithinDays = null, string? ProcedureCode = null, string? Field = null,
    DateOnly? ReceivedFrom = null, DateOnly? ReceivedTo = null, string? IdNumber = null, bool MostUrgentFirst = false);

public sealed record DossierFileContent(string FileName, string ContentType, byte[] Content);

public sealed partial class DossierService
{
    /// <summary>Early when finished before the due day, on time on the due day, late after it (days in Vietnam time).</summary>
    public static Timeliness Classify(DateTime finishedUtc, DateTime dueUtc)
    {
        var finished = DateOnly.FromDateTime(new DateTimeOffset(finishedUtc, TimeSpan.Zero).ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        var due = DateOnly.FromDateTime(new DateTimeOffset(dueUtc, TimeSpan.Zero).ToOffset(WorkingCalendar.VietnamOffset).DateTime);
        return finished < due ? Timeliness.Early : finished == due ? Timeliness.OnTime : Timeliness.Late;
    }

    public async Task<DossierView> GetAsync(string code, CancellationToken ct = default)
    {
        await db.KeepConnectionOpenAsync(ct);
        var bundle = await OpenByCodeAsync(code, ct);
        var dossier = bundle.Dossier;
        var definition = (await procedures.GetAsync(dossier.ProcedureCode, dossier.ProcedureVersion, ct)).Definition;
        await audit.RecordReadAsync(nameof(Dossier), dossier.Id.ToString(), "applicant data", ct);
        return await ViewAsync(dossier, definition, ct, new DossierParts(bundle.Events, bundle.Documents, bundle.Files, bundle.Opinions));
    }

    /// <summary>The dossier with this code and its parts, if the caller may open it (the rule of <see cref="Accessible"/>).</summary>
    private async Task<DossierBundle> OpenByCodeAsync(string code, CancellationToken ct)
    {
        var bundle = await DossierReads.BundleAsync(db, code, ct);
        return bundle is not null && MayOpen(bundle.Dossier, bundle.Parties) ? bundle : throw new NotFoundException("dossier");
    }

    /// <summary>
    /// <see cref="Accessible"/>'s rule on a dossier already read with its parties: an official sees it through a party in
    /// the sub-trees of their grants (a province-wide grant through the dossier's own path), an applicant their own.
    /// </summary>
    private bool MayOpen(Dossier d, IReadOnlyList<DossierParty> parties)
    {
        if (!caller.IsOfficial) return caller.UserId is { } me && d.ApplicantUserId == me;
        if (caller.IsSystemAdmin) return true;
        var paths = caller.PathsFor([.. Roles.OfficialRoles]);
        if (paths.Count == 1 && IsProvinceRoot(paths[0])) return d.AgencyPath.StartsWith(paths[0], StringComparison.Ordinal);
        return parties.Any(p => ScopeQueries.IsWithin(p.AgencyPath, paths));
    }

    /// <summary>
    /// An attached file, for the people who may see the dossier (a read of personal data, audited). The applicant gets the files
    /// of the application, the supplements and the result; what officers attach to their hand-offs is the administration's own.
    /// </summary>
    public async Task<DossierFileContent> GetFileAsync(string code, Guid fileId, CancellationToken ct = default)
    {
        var dossierId = await AccessibleByCode(code).Select(d => (Guid?)d.Id).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("dossier");
        var files = db.Set<DossierFile>().AsNoTracking().Where(f => f.Id == fileId && f.DossierId == dossierId);
        if (!caller.IsOfficial) files = files.Where(f => f.Purpose != FilePurpose.Action);
        var file = await files
            .Select(f => new DossierFileContent(f.FileName, f.ContentType, f.Content)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("file");
        await audit.RecordReadAsync(nameof(DossierFile), fileId.ToString(), "dossier file", ct);
        return file;
    }

    public async Task<Page<DossierSummary>> ListAsync(DossierQuery q, CancellationToken ct = default)
    {
        await db.KeepConnectionOpenAsync(ct);
        var (page, size) = Paging.Clamp(q.Page, q.PageSize);
        var term = VietnameseText.Fold(q.Search);
        var upper = q.Search?.Trim().ToUpperInvariant() ?? "";
        var searchId = q.Search?.Trim().Replace(" ", "") ?? "";
        // Names are compared folded (lower case, no diacritics) on both sides, so a plain substring test (instr on SQLite,
        // strpos on PostgreSQL) matches as LIKE '%…%' would, at a fraction of its cost on every row of a sub-tree; the code
        // is tested by its first characters the same way.
        var prefixLength = upper.Length;
        var idNumber = q.IdNumber?.Trim().Replace(" ", "");
        DateTime? from = q.ReceivedFrom is { } fromDay ? VietnamDayStartUtc(fromDay) : null;
        DateTime? to = q.ReceivedTo is { } toDay ? VietnamDayStartUtc(toDay.AddDays(1)) : null;

        // The search box in a commune's or a department's dossiers: one prepared statement on SQLite.
        if (!q.Mine && term.Length > 0 && string.IsNullOrWhiteSpace(idNumber) && from is null && to is null && !FiltersTheDossierRow(q)
            && SubTreePaths() is { } scope && scope.All(p => p.EndsWith('/'))
            && await DossierReads.SubTreeSearchAsync(db, scope, SummaryColumns, term, upper, searchId, page, size, ct) is { } found)
            return new Page<DossierSummary>([.. found.Page.Select(Summary)], Math.Min(found.Total, Paging.CountCap), page, size)
            {
                TotalCapped = found.Total > Paging.CountCap,
            };

        IQueryable<Dossier> query;
        // Within a sub-tree the search keys and the received date are tested on the parties' covering index; an inbox is a
        // few candidates found through their own indexes, each probed for the caller's scope instead.
        if (!q.Mine && SubTreeParties() is { } parties)
        {
            if (term.Length > 0)
                parties = parties.Where(p => p.Code.Substring(0, prefixLength) == upper || p.ApplicantIdNumber == searchId || p.ApplicantSearchName.Contains(term));
            if (!string.IsNullOrWhiteSpace(idNumber)) parties = parties.Where(p => p.ApplicantIdNumber == idNumber);
            if (from is { } f) parties = parties.Where(p => p.ReceivedAt >= f);
            if (to is { } t) parties = parties.Where(p => p.ReceivedAt < t);
            if (!FiltersTheDossierRow(q)) return await PageOfPartiesAsync(parties, page, size, ct);
            var ids = parties.Select(p => p.DossierId);
            query = db.Set<Dossier>().AsNoTracking().Where(d => ids.Contains(d.Id));
        }
        else
        {
            query = Accessible(db.Set<Dossier>().AsNoTracking(), probe: q.Mine);
            if (q.Mine) query = Mine(query);
            if (term.Length > 0)
                query = query.Where(d => d.Code.Substring(0, prefixLength) == upper || d.ApplicantIdNumber == searchId || d.ApplicantSearchName.Contains(term));
            if (!string.IsNullOrWhiteSpace(idNumber)) query = query.Where(d => d.ApplicantIdNumber == idNumber);
            if (from is { } f) query = query.Where(d => d.ReceivedAt >= f);
            if (to is { } t) query = query.Where(d => d.ReceivedAt < t);
        }
        if (!string.IsNullOrWhiteSpace(q.State)) query = query.Where(d => d.State == q.State);
        if (q.Status is { } status) query = query.Where(d => d.Status == status);
        if (!string.IsNullOrWhiteSpace(q.ProcedureCode)) query = query.Where(d => d.ProcedureCode == q.ProcedureCode.Trim());
        if (!string.IsNullOrWhiteSpace(q.Field)) query = query.Where(d => d.Field == q.Field.Trim());
        var now = clock.GetUtcNow().UtcDateTime;
        if (q.Overdue)
            query = query.Where(d => d.CompletedAt == null && d.ClockStoppedAt == null && ((d.StepDueAt != null && d.StepDueAt < now) || d.AppointmentAt < now));
        if (q.DueWithinDays is { } days)
        {
            var limit = now.AddDays(Math.Clamp(days, 0, 365));
            query = query.Where(d => d.CompletedAt == null && d.ClockStoppedAt == null && (d.StepDueAt == null || d.StepDueAt >= now) && d.AppointmentAt >= now
                && ((d.StepDueAt != null && d.StepDueAt < limit) || d.AppointmentAt < limit));
        }
        // An inbox is one person's work, a few dozen dossiers: their keys in one statement give the count and the page,
        // instead of evaluating the candidates twice (a count, then the ordered page).
        if (q.Mine && !q.MostUrgentFirst)
            return await PageOfKeysAsync(query.Select(d => new DossierKey(d.Id, d.ReceivedAt, d.Code)), page, size, ct)
                ?? await PageOfAsync(await NewestFirst(query).Skip((page - 1) * size).Take(size).Select(d => d.Id).ToListAsync(ct), Paging.CountCap + 1, page, size, ct);
        var total = await query.Take(Paging.CountCap + 1).CountAsync(ct);
        var ordered = q.MostUrgentFirst
            ? query.OrderBy(d => d.CompletedAt != null).ThenBy(d => d.StepDueAt ?? d.AppointmentAt).ThenBy(d => d.AppointmentAt).ThenBy(d => d.Code)
            : NewestFirst(query);
        // The page's ids first, then only those rows.
        var pageIds = await ordered.Skip((page - 1) * size).Take(size).Select(d => d.Id).ToListAsync(ct);
        return await PageOfAsync(pageIds, total, page, size, ct);
    }

    /// <summary>Filters that only the dossier row can answer (its state, deadlines, procedure), or another order than the newest first.</summary>
    private static bool FiltersTheDossierRow(DossierQuery q) =>
        !string.IsNullOrWhiteSpace(q.State) || q.Status is not null || q.Overdue || q.DueWithinDays is not null || q.MostUrgentFirst
        || !string.IsNullOrWhiteSpace(q.ProcedureCode) || !string.IsNullOrWhiteSpace(q.Field);

    private static IOrderedQueryable<Dossier> NewestFirst(IQueryable<Dossier> query) => query.OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Code);

    private sealed record DossierKey(Guid Id, DateTime ReceivedAt, string Code);

    /// <summary>
    /// Up to <see cref="Paging.CountCap"/> keys read once, counted and ordered newest first here; null when there are more,
    /// for the database to order and page them instead.
    /// </summary>
    private async Task<Page<DossierSummary>?> PageOfKeysAsync(IQueryable<DossierKey> keys, int page, int size, CancellationToken ct)
    {
        var all = await keys.Take(Paging.CountCap + 1).ToListAsync(ct);
        if (all.Count > Paging.CountCap) return null;
        var ids = all.OrderByDescending(k => k.ReceivedAt).ThenByDescending(k => k.Code, StringComparer.Ordinal)
            .Skip((page - 1) * size).Take(size).Select(k => k.Id).ToList();
        return await PageOfAsync(ids, all.Count, page, size, ct);
    }

    /// <summary>Newest first straight from the parties' covering index; a dossier with several parties in the sub-tree counts once.</summary>
    private async Task<Page<DossierSummary>> PageOfPartiesAsync(IQueryable<DossierParty> parties, int page, int size, CancellationToken ct)
    {
        var keys = parties.Select(p => new { p.DossierId, p.ReceivedAt, p.Code }).Distinct();
        // A search's matches in a commune or a department are mostly fewer than the count's cap: one statement then.
        if (await PageOfKeysAsync(keys.Select(k => new DossierKey(k.DossierId, k.ReceivedAt, k.Code)), page, size, ct) is { } few) return few;
        var total = Paging.CountCap + 1;
        var ids = await keys.OrderByDescending(k => k.ReceivedAt).ThenByDescending(k => k.Code).Skip((page - 1) * size).Take(size)
            .Select(k => k.DossierId).ToListAsync(ct);
        return await PageOfAsync(ids, total, page, size, ct);
    }

    private async Task<Page<DossierSummary>> PageOfAsync(List<Guid> ids, int total, int page, int size, CancellationToken ct)
    {
        // Only the list's columns: a page of whole rows (some fifty columns each) cost more to read than to find.
        var rows = (await db.Set<Dossier>().AsNoTracking().Where(d => ids.Contains(d.Id)).Select(SummaryOf).ToListAsync(ct)).ToDictionary(d => d.Id);
        return new Page<DossierSummary>(ids.Select(id => rows[id]).ToList(), Math.Min(total, Paging.CountCap), page, size)
        {
            TotalCapped = total > Paging.CountCap,
        };
    }

    private static DateTime VietnamDayStartUtc(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset).UtcDateTime;

    /// <summary>
    /// "My dossiers": assigned to me, or waiting at a step whose role I hold in the acting agency and nobody was assigned,
    /// or waiting for my agency's opinion.
    /// </summary>
    private IQueryable<Dossier> Mine(IQueryable<Dossier> query)
    {
        var me = caller.UserId ?? Guid.Empty;
        var roles = caller.Grants.Where(g => Roles.OfficialRoles.Contains(g.Role) && g.Role != Roles.SystemAdmin).Select(g => g.Role).Distinct().ToList();
        var rolePaths = caller.PathsFor([.. roles]);
        var opinionPaths = caller.PathsFor(Roles.Specialist, Roles.Leader);
        var atMyStep = db.Set<Dossier>().Where(d => d.AssigneeId == null && d.StepRole != null && roles.Contains(d.StepRole))
            .WithinPaths(rolePaths, d => d.CurrentAgencyPath).Select(d => d.Id);
        var askedOfMe = db.Set<DossierOpinion>().Where(o => o.AnsweredAt == null).WithinPaths(opinionPaths, o => o.AgencyPath).Select(o => o.DossierId);
        var assignedToMe = db.Set<Dossier>().Where(d => d.AssigneeId == me).Select(d => d.Id);
        // One set of candidates, each found through its own index, instead of three tests on every dossier.
        var candidates = assignedToMe.Union(atMyStep).Union(askedOfMe);
        return query.Where(d => d.StepRole != null && candidates.Contains(d.Id));
    }

    /// <summary>
    /// The party rows of the sub-trees an official sees, or null when the scope is not tested through them: a system
    /// administrator, a grant on a whole province (see <see cref="Visible"/>), an applicant.
    /// </summary>
    private IQueryable<DossierParty>? SubTreeParties() =>
        SubTreePaths() is { } paths ? db.Set<DossierParty>().AsNoTracking().WithinPaths(paths, p => p.AgencyPath) : null;

    /// <summary>The sub-trees whose party rows <see cref="SubTreeParties"/> reads, or null.</summary>
    private IReadOnlyList<string>? SubTreePaths()
    {
        if (!caller.IsOfficial || caller.IsSystemAdmin) return null;
        var paths = caller.PathsFor([.. Roles.OfficialRoles]);
        if (paths.Count == 1 && IsProvinceRoot(paths[0])) return null;
        return paths;
    }

    /// <summary>Dossiers of the agencies that take part in them, for officials there (all for a system administrator).</summary>
    private IQueryable<Dossier> Visible(IQueryable<Dossier> query, bool probe = false)
    {
        if (caller.IsSystemAdmin) return query;
        var paths = caller.PathsFor([.. Roles.OfficialRoles]);
        // Every agency taking part in a dossier lies in the province of the agency that received it, so a grant on a whole
        // province is a test of the dossier's own path; narrower grants look for a party row in their sub-tree. The test is
        // deliberately not an index range: it holds for nearly every row, and SQLite's planner, which cannot tell, would
        // read the whole province through the path index instead of walking the date index and stopping at the page.
        if (paths.Count == 1 && IsProvinceRoot(paths[0]))
        {
            var province = paths[0];
            return query.Where(d => d.AgencyPath.StartsWith(province));
        }
        var inScope = db.Set<DossierParty>().WithinPaths(paths, p => p.AgencyPath);
        // One dossier or a few candidates: probe their own party rows; a list: start from the parties of the sub-tree.
        if (probe) return query.Where(d => inScope.Any(p => p.DossierId == d.Id));
        var parties = inScope.Select(p => p.DossierId);
        return query.Where(d => parties.Contains(d.Id));
    }

    private static bool IsProvinceRoot(string path) => path.Length > 1 && path.IndexOf('/', 1) == path.Length - 1;

    /// <summary>The dossier with this code if the caller may open it.</summary>
    private IQueryable<Dossier> AccessibleByCode(string code) =>
        Accessible(db.Set<Dossier>().AsNoTracking().Where(d => d.Code == code), probe: true);

    /// <summary>What the caller may open: as an official, the visible dossiers; as an applicant, their own.</summary>
    private IQueryable<Dossier> Accessible(IQueryable<Dossier> query, bool probe = false)
    {
        if (caller.IsOfficial) return Visible(query, probe);
        if (caller.UserId is { } me) return query.Where(d => d.ApplicantUserId == me);
        return query.Where(_ => false);
    }

    /// <summary>What a dossier's page shows besides the dossier row; a write that has them at hand passes them instead of reading them again.</summary>
    private sealed record DossierParts(IReadOnlyList<DossierEvent> Events, IReadOnlyList<DossierDocumentView> Documents,
        IReadOnlyList<DossierFileView> Files, IReadOnlyList<DossierOpinion> Opinions);

    private async Task<DossierParts> PartsAsync(Guid dossierId, IReadOnlyList<DossierEvent>? events, CancellationToken ct)
    {
        events ??= await DossierReads.HistoryAsync(db, dossierId, ct);
        return new DossierParts(events, await DossierReads.DocumentsAsync(db, dossierId, ct), await DossierReads.FilesAsync(db, dossierId, ct),
            await DossierReads.OpinionsAsync(db, dossierId, ct));
    }

    private static DossierFileView FileView(DossierFile x) =>
        new(x.Id, x.Purpose, x.DocumentIndex, x.EventSequence, x.FileName, x.ContentType, x.Size, x.UploadedAt);

    private async Task<DossierView> ViewAsync(Dossier d, ProcedureDefinition definition, CancellationToken ct, DossierParts? parts = null)
    {
        string StateName(string? code) => code is null ? "" :
            EngineActions.StateName(code) ?? definition.Process.States.FirstOrDefault(s => s.Code == code)?.Name ?? code;
        string ActionName(string code) =>
            definition.Process.Actions.FirstOrDefault(a => a.Code == code)?.Name ?? EngineActions.Names.GetValueOrDefault(code, code);

        parts ??= await PartsAsync(d.Id, null, ct);
        var history = parts.Events.OrderBy(e => e.Sequence)
            .Select(e => new DossierEventView(e.Sequence, e.At, e.Actor, e.Action, e.FromState, e.ToState, e.Comment, e.StepDueAt, e.StepTimeliness,
                e.AgencyName, ActionName(e.Action), e.FromState is null ? null : StateName(e.FromState), StateName(e.ToState)))
            .ToList();
        var opinions = parts.Opinions;
        var receiving = await agencies.ResolveAsync("receiving", d.ReceivingAgencyId, null, ct);
        var acting = d.CurrentAgencyId == d.ReceivingAgencyId ? receiving : await agencies.ResolveAsync("receiving", d.CurrentAgencyId, null, ct);

        return new DossierView(Summary(d), d.ApplicantIdNumber, d.ApplicantPhone, d.ApplicantEmail, StateName(d.State),
            AvailableActions(d, definition, opinions), history)
        {
            ApplicantAddress = d.ApplicantAddress,
            ReceivingAgencyCode = receiving?.Code ?? "",
            CurrentAgencyName = acting?.ShortName ?? acting?.Name,
            AssigneeId = d.AssigneeId,
            ReturnChannel = d.ReturnChannel,
            PostalAddress = DeliveryOf(d)?.Full ?? d.PostalAddress,
            Delivery = DeliveryOf(d),
            FeeAmount = d.FeeAmount,
            FeePaidAt = d.FeePaidAt,
            ClockStopped = d.ClockStoppedAt is not null,
            OriginalAppointmentAt = d.OriginalAppointmentAt,
            Extensions = d.Extensions,
            SubmittedAt = d.SubmittedAt,
            ReturnedAt = d.ReturnedAt,
            Rating = d.Rating,
            RatingComment = d.RatingComment,
            Outcome = d.Outcome,
            Documents = parts.Documents,
            Files = parts.Files,
            Opinions = opinions.Select(o => new DossierOpinionView(o.Id, o.State, o.AgencyId, o.AgencyName, o.AskedAt, o.DueAt, o.AnsweredAt, o.Agrees, o.Text)).ToList(),
        };
    }

    /// <summary>The actions the caller may take now: the process's from this state, and those of every process that apply.</summary>
    private List<DossierActionView> AvailableActions(Dossier d, ProcedureDefinition definition, IReadOnlyList<DossierOpinion> opinions)
    {
        var result = new List<DossierActionView>();
        void Engine(string code, bool requiresComment, string? input = null) =>
            result.Add(new DossierActionView(code, EngineActions.Names[code], d.State, [], requiresComment, input));

        if (d.Status == 1)
        {
            if (caller.Covers(d.AgencyPath, Roles.OneStopOfficer)) Engine(EngineActions.Accept, false);
        }
        else
        {
            foreach (var a in definition.Process.Actions.Where(x => x.From == d.State))
            {
                var officerRoles = OfficerRolesFor(a, d, definition);
                var may = (officerRoles.Length > 0 && caller.IsOfficial && caller.Covers(d.CurrentAgencyPath, officerRoles))
                    || (a.Roles.Contains(ApplicantRole) && IsApplicant(d));
                if (!may) continue;
                var to = definition.Process.States.First(s => s.Code == a.To);
                // A step acting in, or asking the opinion of, "the commune" needs one chosen when the dossier names none.
                var input = (to.Agency is "commune" || to.Opinions?.Contains("commune") == true) && d.LocalAgencyId is null && caller.IsOfficial ? "agency" : null;
                result.Add(new DossierActionView(a.Code, a.Name, a.To, a.Roles, a.RequiresComment, input));
            }
        }
        var open = IsOpen(d);
        if (open && d.StepRole is { } role && role != ApplicantRole && caller.IsOfficial
            && caller.Covers(d.CurrentAgencyPath, Roles.Leader, Roles.AgencyAdmin, role))
            Engine(EngineActions.Assign, false, "assignee");
        if (opinions.Any(o => o.State == d.State && o.AnsweredAt is null && caller.IsOfficial && caller.Covers(o.AgencyPath, Roles.Specialist, Roles.Leader)))
            Engine(EngineActions.Opinion, true, "opinion");
        if ((open || d.Status == 1) && caller.IsOfficial
            && (caller.Covers(d.AgencyPath, Roles.Leader, Roles.OneStopOfficer) || caller.Covers(d.CurrentAgencyPath, Roles.Leader)))
            Engine(EngineActions.Extend, true, "appointment");
        if (d.FeeAmount > 0 && d.FeePaidAt is null && open && caller.IsOfficial && caller.Covers(d.AgencyPath, Roles.OneStopOfficer))
            Engine(EngineActions.FeePaid, false);
        if ((open || d.Status == 1) && (IsApplicant(d) || (caller.IsOfficial && caller.Covers(d.AgencyPath, Roles.OneStopOfficer))))
            Engine(EngineActions.Withdraw, true);
        if (open && caller.IsOfficial && (caller.Covers(d.CurrentAgencyPath, Roles.Leader) || caller.Covers(d.AgencyPath, Roles.Leader)))
            Engine(EngineActions.Stop, true);
        if (d.Status == 10 && d.Rating is null && (IsApplicant(d) || (caller.IsOfficial && caller.Covers(d.AgencyPath, Roles.OneStopOfficer))))
            Engine(EngineActions.Rate, false, "rating");
        return result;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Dossier, DossierSummary>> SummaryOf = d => new DossierSummary(d.Id, d.Code,
        d.ProcedureCode, d.ProcedureVersion, d.ProcedureName, d.ReceivingAgencyId, d.ApplicantName, d.Channel, d.State, d.Status, d.ReceivedAt,
        d.AppointmentAt, d.StepStartedAt, d.StepDueAt, d.CompletedAt, d.Timeliness, d.Version, d.StepRole, d.AssigneeName, d.CurrentAgencyId, d.Field);

    private static readonly Func<Dossier, DossierSummary> SummaryOfRow = SummaryOf.Compile();

    /// <summary>The dossier properties a summary is made of, for reading only them.</summary>
    private static readonly IReadOnlyCollection<string> SummaryColumns =
        [.. ((System.Linq.Expressions.NewExpression)SummaryOf.Body).Arguments
            .Select(a => (System.Linq.Expressions.MemberExpression)(a is System.Linq.Expressions.UnaryExpression u ? u.Operand : a)).Select(m => m.Member.Name)];

    private static DossierSummary Summary(Dossier d) => SummaryOfRow(d);
}
