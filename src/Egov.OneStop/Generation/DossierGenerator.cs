using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Egov.Calendar;
using Egov.Calendar.Module;
using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Text;
using Egov.Procedures;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Generation;

/// <summary>What to generate. <paramref name="Until"/> is the last day (Vietnam time) of receptions and "now" of the
/// simulation (default: today); with the same seed, years and day the same dossiers come out.</summary>
public sealed record GenerateOptions(int Dossiers, int Seed = 1, int Years = 3, DateOnly? Until = null, int BatchSize = 20_000);

public sealed record GenerateProgress(long Dossiers, long Events, long Total, TimeSpan Elapsed);

public sealed record GenerateResult(long Dossiers, long Parties, long Events, TimeSpan Elapsed, DateOnly From, DateOnly Until);

/// <summary>
/// A realistic province's dossier register, written in bulk for benchmarks and demonstrations: the seeded procedures in a
/// realistic mix (certifications and civil status dominate), received at the communes and the service centre over several
/// years on working days (some online at night and on days off), each walked through its procedure's process as the
/// engine would (received → steps → result → returned, with supplements, send-backs, refusals, withdrawals and late
/// steps), with its history, parties and the day counters of its code. Deterministic from the seed. Rows are written
/// with the engine's bulk path (SQLite prepared commands, PostgreSQL binary COPY), not through EF Core: 10 million
/// dossiers one SaveChanges at a time would take days. No audit entry is written per dossier; one entry records the run.
/// </summary>
public sealed class DossierGenerator(EgovDbContext db, AgencyService agencies, ProcedureService procedures, CalendarService calendar, IAuditTrail audit)
{
    public const string Actor = "generator";

    public async Task<GenerateResult> GenerateAsync(GenerateOptions options, IProgress<GenerateProgress>? progress = null, CancellationToken ct = default)
    {
        if (options.Dossiers < 0) throw new ArgumentOutOfRangeException(nameof(options), "The number of dossiers must not be negative.");
        if (options.Years is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(options), "Years must be between 1 and 30.");
        var clock = Stopwatch.StartNew();
        var until = options.Until ?? DateOnly.FromDateTime(DateTime.UtcNow + WorkingCalendar.VietnamOffset);
        var from = until.AddYears(-options.Years).AddDays(1);
        var province = await GenerationCatalogue.LoadAsync(agencies, procedures, calendar, ct);
        await using var writer = await DossierBulkWriter.OpenAsync(db, options.Dossiers, ct);
        var counters = await writer.ReadCountersAsync(ct);

        // One thread simulates, the other writes: on 2 cores the two halves overlap.
        var batches = Channel.CreateBounded<GeneratedBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        long written = 0, events = 0, parties = 0;
        var writing = Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(ct))
            {
                await writer.WriteAsync(batch, ct);
                written += batch.Dossiers.Count;
                events += batch.Events.Count;
                parties += batch.Parties.Count;
                progress?.Report(new GenerateProgress(written, events, options.Dossiers, clock.Elapsed));
            }
        }, ct);
        try
        {
            var simulation = new DossierSimulation(province, options.Seed, from, until, counters);
            foreach (var batch in simulation.Batches(options.Dossiers, options.BatchSize))
            {
                ct.ThrowIfCancellationRequested();
                await batches.Writer.WriteAsync(batch, ct);
            }
            batches.Writer.Complete();
            await writing;
            await writer.WriteCountersAsync(simulation.Counters, ct);
        }
        catch (Exception e)
        {
            batches.Writer.TryComplete(e);
            try { await writing; } catch (Exception) { /* the first failure is the one reported */ }
            throw;
        }
        await writer.FinishAsync(ct);
        await audit.RecordEventAsync("generate", nameof(Dossier), "bulk",
            $"{{\"dossiers\":{written},\"seed\":{options.Seed},\"from\":\"{from:yyyy-MM-dd}\",\"until\":\"{until:yyyy-MM-dd}\"}}", ct);
        return new GenerateResult(written, parties, events, clock.Elapsed, from, until);
    }
}

/// <summary>One batch for the writer: whole dossiers with their parties and histories.</summary>
public sealed class GeneratedBatch
{
    public List<Dossier> Dossiers { get; } = [];
    public List<DossierParty> Parties { get; } = [];
    public List<DossierEvent> Events { get; } = [];
}

/// <summary>A procedure as the simulation walks it: its main path and the side exits each state offers.</summary>
internal sealed class ProcessPlan
{
    public required ProcedureView Procedure { get; init; }
    public required ProcessState Start { get; init; }
    /// <summary>Action leaving each main state towards the result (the shortest path from the start to the returned state).</summary>
    public required Dictionary<string, ProcessAction> Forward { get; init; }
    public required Dictionary<string, ProcessAction> Refuse { get; init; }
    public required Dictionary<string, ProcessAction> Supplement { get; init; }
    public required Dictionary<string, ProcessAction> SendBack { get; init; }
    public required Dictionary<string, ProcessAction> Resubmit { get; init; }
    public required Dictionary<string, ProcessState> States { get; init; }
    public required double Weight { get; init; }
    public required double OnlineShare { get; init; }
    public required IReadOnlyList<AgencyRef> Receivers { get; init; }
    /// <summary>Agencies named by the process ("department:…", "province-committee", "receiving"), per receiving agency.</summary>
    public required Dictionary<(string Reference, Guid Receiving), AgencyRef> Resolved { get; init; }
    public bool ProvinceLevel => Procedure.Summary.Level == ProcedureLevel.Province;

    public static ProcessPlan? Build(ProcedureView procedure, double weight, IReadOnlyList<AgencyRef> receivers,
        Dictionary<(string, Guid), AgencyRef> resolved)
    {
        var p = procedure.Definition.Process;
        var states = p.States.ToDictionary(s => s.Code);
        // Parallel opinions need answer rows from other agencies; those procedures are left out of the mix (see README).
        if (p.States.Any(s => s.Opinions is { Count: > 0 }) || receivers.Count == 0) return null;
        bool Main(ProcessState s) => s.Status is not (3 or 5 or 7 or 8);
        var previous = new Dictionary<string, ProcessAction>();
        var queue = new Queue<string>([p.Start]);
        var seen = new HashSet<string> { p.Start };
        string? result = null;
        while (queue.Count > 0 && result is null)
        {
            var at = queue.Dequeue();
            foreach (var a in p.Actions.Where(a => a.From == at && states.ContainsKey(a.To) && Main(states[a.To]) && seen.Add(a.To)))
            {
                previous[a.To] = a;
                if (states[a.To].Status == 10) { result = a.To; break; }
                queue.Enqueue(a.To);
            }
        }
        if (result is null) return null;
        var forward = new Dictionary<string, ProcessAction>();
        var order = new List<string>();
        for (var s = result; s != p.Start; s = previous[s].From) { forward[previous[s].From] = previous[s]; order.Add(s); }
        order.Add(p.Start);
        order.Reverse();
        var rank = order.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
        var refuse = new Dictionary<string, ProcessAction>();
        var supplement = new Dictionary<string, ProcessAction>();
        var sendBack = new Dictionary<string, ProcessAction>();
        var resubmit = new Dictionary<string, ProcessAction>();
        foreach (var a in p.Actions.Where(a => states.ContainsKey(a.From) && states.ContainsKey(a.To)))
        {
            var to = states[a.To];
            if (to.Status == 3 && to.End) refuse.TryAdd(a.From, a);
            else if (to.Status == 5 && rank.ContainsKey(a.From)) supplement.TryAdd(a.From, a);
            else if (states[a.From].Status == 5 && rank.ContainsKey(a.To)) resubmit.TryAdd(a.From, a);
            else if (rank.TryGetValue(a.From, out var f) && rank.TryGetValue(a.To, out var t) && t < f && t > 0) sendBack.TryAdd(a.From, a);
        }
        return new ProcessPlan
        {
            Procedure = procedure, Start = states[p.Start], Forward = forward, Refuse = refuse, Supplement = supplement, SendBack = sendBack,
            Resubmit = resubmit, States = states, Weight = weight, Receivers = receivers, Resolved = resolved,
            OnlineShare = procedure.Definition.OnlineLevel switch { OnlineLevel.Full => 0.45, OnlineLevel.Partial => 0.2, _ => 0 },
        };
    }
}

/// <summary>The province as the generator sees it: procedures with their plans, communes with their weights, the calendar.</summary>
internal sealed class GenerationCatalogue
{
    public required IReadOnlyList<ProcessPlan> Plans { get; init; }
    public required IReadOnlyList<AgencyRef> Communes { get; init; }
    public required WorkingCalendar Calendar { get; init; }

    // Relative yearly volumes of the seeded procedures, from provincial one-stop statistics: certification of copies
    // dwarfs everything, then civil status and land; the rest are a few hundred to a few thousand dossiers a year.
    private static readonly Dictionary<string, double> Mix = new(StringComparer.Ordinal)
    {
        ["2.000815.000.00.00.H56"] = 30, ["2.000884.000.00.00.H56"] = 8, ["1.001193.000.00.00.H56"] = 12, ["1.000656.000.00.00.H56"] = 4,
        ["1.000894.000.00.00.H56"] = 5, ["1.004873.000.00.00.H56"] = 8, ["2.000635.000.00.00.H56"] = 5, ["1.009924.000.00.00.H56"] = 3,
        ["1.009925.000.00.00.H56"] = 2, ["1.009960.000.00.00.H56"] = 6, ["1.009927.000.00.00.H56"] = 4, ["1.009928.000.00.00.H56"] = 6,
        ["1.009930.000.00.00.H56"] = 3, ["1.009929.000.00.00.H56"] = 2, ["1.009990.000.00.00.H56"] = 2,
    };

    public static async Task<GenerationCatalogue> LoadAsync(AgencyService agencies, ProcedureService procedures, CalendarService calendar, CancellationToken ct)
    {
        var summaries = new List<ProcedureSummary>();
        for (var page = 1; ; page++)
        {
            var items = (await procedures.ListAsync(new ProcedureQuery(Page: page, PageSize: Paging.MaxPageSize), ct)).Items;
            summaries.AddRange(items);
            if (items.Count < Paging.MaxPageSize) break;
        }
        var plans = new List<ProcessPlan>();
        IReadOnlyList<AgencyRef> communes = [];
        foreach (var summary in summaries.OrderBy(s => s.Code, StringComparer.Ordinal))
        {
            var procedure = await procedures.GetAsync(summary.Code, null, ct);
            var receivers = (await agencies.ReceiversAsync(procedure.Definition.Agencies, ct))
                .Where(a => summary.Level == ProcedureLevel.Commune ? a.Kind == AgencyKind.CommuneCommittee : a.Kind == AgencyKind.ServiceCentre)
                .OrderBy(a => a.Code, StringComparer.Ordinal).ToList();
            if (summary.Level == ProcedureLevel.Commune && receivers.Count > communes.Count) communes = receivers;
            var resolved = new Dictionary<(string, Guid), AgencyRef>();
            foreach (var receiver in receivers)
                foreach (var reference in procedure.Definition.Process.States.Select(s => s.Agency ?? "receiving").Distinct())
                    if (reference is not ("commune" or "every-commune") && await agencies.ResolveAsync(reference, receiver.Id, null, ct) is { } agency)
                        resolved[(reference, receiver.Id)] = agency;
            if (ProcessPlan.Build(procedure, Mix.GetValueOrDefault(summary.Code, 1), receivers, resolved) is { } plan) plans.Add(plan);
        }
        if (plans.Count == 0) throw new InvalidOperationException("No procedure to generate dossiers for: seed the procedure catalogue first (egov seed demo).");
        if (communes.Count == 0 && plans.Any(p => p.ProvinceLevel))
            communes = (await agencies.CommunesOfProvinceAsync(plans.First(p => p.ProvinceLevel).Receivers[0].Id, ct)).OrderBy(a => a.Code, StringComparer.Ordinal).ToList();
        return new GenerationCatalogue { Plans = plans, Communes = communes, Calendar = await calendar.WorkingCalendarAsync(null, ct) };
    }
}

/// <summary>The deterministic part: which dossiers arrive when and where, and what happens to each of them.</summary>
internal sealed class DossierSimulation(GenerationCatalogue province, int seed, DateOnly from, DateOnly until, Dictionary<(string, string), int> counters)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Random _random = new(seed);
    private readonly WorkingCalendar _calendar = province.Calendar;
    private readonly DateTimeOffset _now = new(until.ToDateTime(new TimeOnly(17, 30)), WorkingCalendar.VietnamOffset);

    /// <summary>Last sequence number per (agency code, yyMMdd), including the ones already in the database.</summary>
    public Dictionary<(string AgencyCode, string Day), int> Counters { get; } = counters;

    public IEnumerable<GeneratedBatch> Batches(int total, int batchSize)
    {
        var days = new List<(DateOnly Day, bool Working, double Weight)>();
        for (var d = from; d <= until; d = d.AddDays(1))
        {
            var working = _calendar.Holidays.IsWorkingDay(d);
            // Volumes grow ~15 % a year as more procedures go online; days off see only online submissions.
            var growth = 1 + 0.15 * (d.DayNumber - from.DayNumber) / 365.0;
            days.Add((d, working, (working ? 1.0 : 0.06) * growth));
        }
        var weights = days.Sum(d => d.Weight);
        var communeWeights = province.Communes.Select(_ => Math.Exp(Normal() * 0.6)).ToArray();
        var communeTotal = communeWeights.Sum();
        var planTotal = province.Plans.Sum(p => p.Weight);
        var batch = new GeneratedBatch();
        double cumulative = 0;
        long done = 0;
        foreach (var (day, working, weight) in days)
        {
            cumulative += weight;
            var upTo = (long)Math.Round(total * cumulative / weights);
            var count = (int)(upTo - done);
            done = upTo;
            if (count == 0) continue;
            var arrivals = new List<(DateTimeOffset At, ProcessPlan Plan, AgencyRef Receiving, AgencyRef? Local, bool Online)>(count);
            for (var i = 0; i < count; i++)
            {
                var plan = Pick(province.Plans, planTotal, p => p.Weight);
                var online = !working || _random.NextDouble() < plan.OnlineShare;
                var local = plan.ProvinceLevel || province.Communes.Count == 0 ? PickCommune(communeWeights, communeTotal) : null;
                var receiving = plan.ProvinceLevel ? plan.Receivers[_random.Next(plan.Receivers.Count)] : PickCommune(communeWeights, communeTotal)!;
                arrivals.Add((ArrivalTime(day, working, online), plan, receiving, local, online));
            }
            // Numbers follow the order of arrival within each agency's day.
            arrivals.Sort((a, b) => a.At.CompareTo(b.At));
            foreach (var a in arrivals)
            {
                Simulate(batch, a.At, a.Plan, a.Receiving, a.Local, a.Online);
                if (batch.Dossiers.Count >= batchSize)
                {
                    yield return batch;
                    batch = new GeneratedBatch();
                }
            }
        }
        if (batch.Dossiers.Count > 0) yield return batch;
    }

    private AgencyRef? PickCommune(double[] weights, double total)
    {
        if (province.Communes.Count == 0) return null;
        var r = _random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++) if ((r -= weights[i]) < 0) return province.Communes[i];
        return province.Communes[^1];
    }

    private T Pick<T>(IReadOnlyList<T> items, double total, Func<T, double> weight)
    {
        var r = _random.NextDouble() * total;
        foreach (var item in items) if ((r -= weight(item)) < 0) return item;
        return items[^1];
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    /// <summary>Counter receptions during office hours; online submissions mostly by day, some in the evening and at night.</summary>
    private DateTimeOffset ArrivalTime(DateOnly day, bool working, bool online)
    {
        double hour;
        if (working && (!online || _random.NextDouble() < 0.7))
        {
            var minutes = _random.NextDouble() * 450;   // 07:30–11:30 and 13:30–17:00: 240 + 210 minutes
            hour = minutes < 240 ? 7.5 + minutes / 60 : 13.5 + (minutes - 240) / 60;
        }
        else hour = _random.NextDouble() < 0.8 ? 17 + _random.NextDouble() * 6 : 6 + _random.NextDouble() * 11;
        var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), WorkingCalendar.VietnamOffset).AddHours(hour);
        return new DateTimeOffset(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero).ToOffset(WorkingCalendar.VietnamOffset);
    }

    private void Simulate(GeneratedBatch batch, DateTimeOffset received, ProcessPlan plan, AgencyRef receiving, AgencyRef? local, bool online)
    {
        var definition = plan.Procedure.Definition;
        var summary = plan.Procedure.Summary;
        var vnDay = received.ToOffset(WorkingCalendar.VietnamOffset).ToString("yyMMdd", Inv);
        var sequence = Counters[(receiving.Code, vnDay)] = Counters.GetValueOrDefault((receiving.Code, vnDay)) + 1;
        var name = VietnameseNames.Random(_random);
        var returnChannel = online && definition.OnlineLevel == OnlineLevel.Full && _random.NextDouble() < 0.5 ? ReturnChannel.Online
            : _random.NextDouble() < 0.08 ? ReturnChannel.Post : ReturnChannel.Counter;
        var start = plan.Start;
        var acting = Acting(plan, start, receiving, local);
        var d = new Dossier
        {
            Id = NewId(received),
            Code = $"{receiving.Code}-{vnDay}-{sequence:D4}",
            ProcedureCode = summary.Code, ProcedureVersion = summary.Version, ProcedureName = summary.Name, Field = definition.Field,
            ReceivingAgencyId = receiving.Id, AgencyPath = receiving.Path, LocalAgencyId = plan.ProvinceLevel ? local?.Id : null,
            CurrentAgencyId = acting.Id, CurrentAgencyPath = acting.Path,
            ApplicantName = name, ApplicantSearchName = VietnameseText.Fold(name), ApplicantIdNumber = CitizenNumber(),
            ApplicantPhone = _random.NextDouble() < 0.8 ? $"0{"389735"[_random.Next(6)]}{_random.Next(10_000_000, 100_000_000)}" : null,
            Channel = online ? DossierChannel.Online : DossierChannel.Counter, ReturnChannel = returnChannel,
            PostalAddress = returnChannel == ReturnChannel.Post ? $"Thôn {_random.Next(1, 15)}, {(local ?? receiving).ShortName ?? (local ?? receiving).Name}" : null,
            SubmittedAt = online ? received.UtcDateTime : null, CreatedBy = Actor(online ? "applicant" : "onestop-officer"),
            FeeAmount = definition.Fees.Count > 0 ? definition.Fees[0].Amount : 0,
            State = start.Code, Status = online ? 1 : start.Status, StepRole = start.Role,
            ReceivedAt = received.UtcDateTime, StepStartedAt = received.UtcDateTime, Version = 1,
        };
        var appointment = _calendar.Appointment(received, definition.ProcessingTime.ToProcessingTime());
        d.AppointmentAt = appointment.UtcDateTime;
        DateTimeOffset? stepDue = start.Time is { } st ? _calendar.AddWorkingHours(received, st.Hours) : null;
        d.StepDueAt = stepDue?.UtcDateTime;
        var history = new List<DossierEvent>(8);
        var parties = new List<DossierParty> { Party(d, receiving, PartyRole.Receiving) };
        void AddParty(AgencyRef agency, PartyRole role)
        {
            if (agency.Id != receiving.Id && !parties.Any(p => p.AgencyId == agency.Id && p.Role == role)) parties.Add(Party(d, agency, role));
        }
        if (acting.Id != receiving.Id) AddParty(acting, PartyRole.Acting);
        void Event(DateTimeOffset at, string action, string? fromState, string toState, AgencyRef agency, string? comment, bool endsStep, string actorRole)
        {
            var due = endsStep ? stepDue : null;
            history.Add(new DossierEvent
            {
                Id = NewId(at), DossierId = d.Id, Sequence = history.Count + 1, At = at.UtcDateTime, Actor = Actor(actorRole), Action = action,
                FromState = fromState, ToState = toState, Comment = comment, StepDueAt = due?.UtcDateTime,
                StepTimeliness = due is { } x ? DossierService.Classify(at.UtcDateTime, x.UtcDateTime) : null,
                AgencyId = agency.Id, AgencyName = agency.ShortName ?? agency.Name,
            });
        }

        Event(received, online ? DossierService.SubmitAction : DossierService.ReceiveAction, null, start.Code, acting, null, false, online ? "applicant" : "onestop-officer");
        var t = received;
        if (online)
        {
            // The officer accepts the online submission within the next working hours; the appointment counts from the submission.
            var accepted = _calendar.AddWorkingHours(_calendar.NextWorkingMoment(t), 0.1 + _random.NextDouble() * 3);
            if (accepted > _now) { Finish(batch, d, history, parties); return; }
            Event(accepted, EngineActions.Accept, start.Code, start.Code, acting, null, false, "onestop-officer");
            d.Status = start.Status;
            t = accepted;
        }

        var state = start;
        var supplemented = false;
        var sentBack = false;
        // A few dossiers are forgotten at one step and stay open and overdue; the registers of every province have some.
        var stuckAt = _random.NextDouble() < 0.004 ? plan.Forward.Keys.ElementAt(_random.Next(plan.Forward.Count)) : null;
        DateTimeOffset? clockStopped = null;
        double remaining = 0;
        while (!state.End)
        {
            if (state.Code == stuckAt) break;
            ProcessAction? action;
            string? comment = null;
            var roll = _random.NextDouble();
            if (state.Status == 5)
            {
                // A fifth of applicants asked for a supplement never come back.
                if (roll < 0.2) break;
                action = plan.Resubmit.GetValueOrDefault(state.Code);
            }
            else if (roll < 0.006 && state.Status != 6)
            {
                action = null;   // withdrawn by the applicant
                comment = "Công dân xin rút hồ sơ.";
            }
            else if (state.Code == start.Code && roll < 0.02 && plan.Refuse.TryGetValue(state.Code, out var atCounter))
            {
                action = atCounter;
                comment = "Hồ sơ không thuộc thẩm quyền giải quyết.";
            }
            else if (!supplemented && roll < 0.07 && plan.Supplement.TryGetValue(state.Code, out var ask))
            {
                action = ask;
                supplemented = true;
                comment = "Đề nghị bổ sung giấy tờ còn thiếu theo quy định.";
            }
            else if (!sentBack && roll < 0.10 && plan.SendBack.TryGetValue(state.Code, out var back))
            {
                action = back;
                sentBack = true;
                comment = "Đề nghị kiểm tra lại nội dung hồ sơ.";
            }
            else if (roll < 0.115 && state.Code != start.Code && plan.Refuse.TryGetValue(state.Code, out var no))
            {
                action = no;
                comment = "Hồ sơ không đủ điều kiện giải quyết.";
            }
            else action = plan.Forward.GetValueOrDefault(state.Code);
            if (action is null && comment is null) break;

            var next = action is null ? new ProcessState(EngineActions.WithdrawnState, "Rút hồ sơ", 7, End: true) : plan.States[action.To];
            var at = _calendar.AddWorkingHours(_calendar.NextWorkingMoment(t), StepHours(state));
            if (at > _now) break;
            var nextAgency = next.End ? Acting(plan, state, receiving, local) : Acting(plan, next, receiving, local);
            Event(at, action?.Code ?? EngineActions.Withdraw, state.Code, next.Code, nextAgency, comment, true,
                action is null || state.Status == 5 ? "applicant" : state.Role ?? "onestop-officer");
            if (!next.End) AddParty(nextAgency, PartyRole.Acting);

            // The clock stops while the applicant is awaited and restarts (or resumes) afterwards, as the engine does.
            var stops = next.Status is 5 or 6 && !next.End;
            if (stops && clockStopped is null)
            {
                clockStopped = at;
                remaining = appointment > at ? _calendar.WorkingTimeBetween(at, appointment).TotalHours : 0;
            }
            else if (!stops && clockStopped is not null)
            {
                appointment = state.Status == 5 && definition.AfterSupplement == SupplementRule.Restart
                    ? _calendar.Appointment(at, definition.ProcessingTime.ToProcessingTime())
                    : _calendar.AddWorkingHours(_calendar.NextWorkingMoment(at), remaining);
                clockStopped = null;
            }
            d.AppointmentAt = appointment.UtcDateTime;
            d.State = next.Code;
            d.Status = next.Status;
            d.StepRole = next.End ? null : next.Role;
            d.CurrentAgencyId = nextAgency.Id;
            d.CurrentAgencyPath = nextAgency.Path;
            d.StepStartedAt = at.UtcDateTime;
            stepDue = next.Time is { } nt && !next.End ? _calendar.AddWorkingHours(at, nt.Hours) : null;
            d.StepDueAt = stepDue?.UtcDateTime;
            if (next.Status is 9 or 10 && d.CompletedAt is null)
            {
                d.CompletedAt = at.UtcDateTime;
                d.Timeliness = DossierService.Classify(at.UtcDateTime, d.AppointmentAt);
            }
            if (next.Status == 10) d.ReturnedAt = at.UtcDateTime;
            if (next.End && next.Status is 3 or 7 or 8)
            {
                d.CompletedAt ??= at.UtcDateTime;
                d.Outcome = comment;
            }
            d.Version++;
            state = next;
            t = at;
        }
        d.ClockStoppedAt = clockStopped?.UtcDateTime;
        d.RemainingWorkingHours = clockStopped is null ? null : remaining;
        if (d.Status == 10 && _random.NextDouble() < 0.3)
        {
            // About a third of those who got their result rate the service, mostly satisfied.
            var rated = _calendar.AddWorkingHours(t, 0.5 + _random.NextDouble() * 16);
            if (rated <= _now)
            {
                d.Rating = _random.NextDouble() switch { < 0.7 => 5, < 0.9 => 4, < 0.97 => 3, _ => 2 };
                Event(rated, EngineActions.Rate, state.Code, state.Code, receiving, null, false, "applicant");
                d.Version++;
            }
        }
        Finish(batch, d, history, parties);
    }

    private static void Finish(GeneratedBatch batch, Dossier d, List<DossierEvent> history, List<DossierParty> parties)
    {
        batch.Dossiers.Add(d);
        batch.Events.AddRange(history);
        batch.Parties.AddRange(parties);
    }

    /// <summary>Working hours a step takes: most well inside their allotted time, ~6 % late; the applicant's own waits 1–8 days.</summary>
    private double StepHours(ProcessState state)
    {
        if (state.Time is not { } allotted) return 8 * (0.5 + _random.NextDouble() * 7.5);
        var factor = _random.NextDouble() < 0.06 ? 1.05 + _random.NextDouble() * 1.5 : 0.05 + Math.Pow(_random.NextDouble(), 1.5) * 0.9;
        return Math.Max(0.05, allotted.Hours * factor);
    }

    private static AgencyRef Acting(ProcessPlan plan, ProcessState state, AgencyRef receiving, AgencyRef? local)
    {
        var reference = state.Agency ?? "receiving";
        if (reference is "commune" or "every-commune") return receiving.Kind == AgencyKind.CommuneCommittee ? receiving : local ?? receiving;
        return reference == "receiving" ? receiving : plan.Resolved.GetValueOrDefault((reference, receiving.Id)) ?? receiving;
    }

    private static DossierParty Party(Dossier d, AgencyRef agency, PartyRole role) => new()
    {
        DossierId = d.Id, AgencyId = agency.Id, AgencyPath = agency.Path, Role = role,
        ReceivedAt = d.ReceivedAt, Code = d.Code, ApplicantIdNumber = d.ApplicantIdNumber, ApplicantSearchName = d.ApplicantSearchName,
    };

    private static string Actor(string role) => $"{DossierGenerator.Actor}:{role}";

    /// <summary>A version-7 UUID from the seeded generator: time-ordered like Ids.New(), but the same for the same seed.</summary>
    private Guid NewId(DateTimeOffset at)
    {
        Span<byte> b = stackalloc byte[16];
        _random.NextBytes(b);
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) b[i] = (byte)(ms >> (8 * (5 - i)));
        b[6] = (byte)((b[6] & 0x0F) | 0x70);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b, bigEndian: true);
    }

    /// <summary>A 12-digit citizen ID (CCCD): birth province (mostly Thanh Hóa, 038), century and sex, year of birth, serial.</summary>
    private string CitizenNumber()
    {
        var province = _random.NextDouble() < 0.85 ? 38 : 1 + _random.Next(96);
        var year = 1940 + _random.Next(85);
        var centuryAndSex = (year >= 2000 ? 2 : 0) + _random.Next(2);
        return $"{province:D3}{centuryAndSex}{year % 100:D2}{_random.Next(1_000_000):D6}";
    }
}

/// <summary>Vietnamese names with the surname frequencies of the population (Nguyễn ~31 %, Trần, Lê, Phạm …).</summary>
public static class VietnameseNames
{
    private static readonly (string Name, int Weight)[] Surnames =
        [("Nguyễn", 31), ("Trần", 11), ("Lê", 10), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4), ("Vũ", 4), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2),
         ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Lò", 1), ("Hà", 1), ("Mai", 1), ("Trịnh", 1), ("Lường", 1), ("Cầm", 1)];
    private static readonly string[] MaleMiddle = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Đình"];
    private static readonly string[] FemaleMiddle = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Phương"];
    private static readonly string[] Given =
        ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Lan", "Hương", "Hoa", "Linh", "Nam", "Phong", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
         "Tuấn", "Việt", "Yến", "Hà", "Long", "Mạnh", "Nga", "Oanh", "Phúc", "Quỳnh", "Thắng", "Toàn", "Vân", "Khánh", "Giang"];
    private static readonly int SurnameWeights = Surnames.Sum(s => s.Weight);

    public static string Random(Random random)
    {
        var r = random.Next(SurnameWeights);
        var surname = Surnames.First(s => (r -= s.Weight) < 0).Name;
        var middle = random.Next(2) == 0 ? MaleMiddle[random.Next(MaleMiddle.Length)] : FemaleMiddle[random.Next(FemaleMiddle.Length)];
        return $"{surname} {middle} {Given[random.Next(Given.Length)]}";
    }
}
