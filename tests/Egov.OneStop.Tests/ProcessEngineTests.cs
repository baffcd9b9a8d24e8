using Egov.Calendar.Module;
using Egov.Directory.Agencies;
using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Validation;
using Egov.Procedures;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Tests;

/// <summary>The process engine: every seeded procedure walked, the clock around supplements, hand-offs, opinions, online life, idempotency.</summary>
public class ProcessEngineTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private const string HousePermit = "1.009929.000.00.00.H56";          // commune, 15 working days, resume after supplement
    private const string LandRegistration = "1.009927.000.00.00.H56";    // commune → department of agriculture and environment
    private const string ReligiousEvent = "1.009994.000.00.00.H56";      // service centre, opinion of the commune
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private static ReceiveInput Input(string procedure, Guid agency, params int[] documents) =>
        new(procedure, agency, "Nguyễn Văn An", "038095001234", "0912345678", null, ReceivedDocuments: documents.Length > 0 ? documents : [0]);

    /// <summary>
    /// For every action of every seeded procedure: the shortest way from the start to it, the action, then the shortest
    /// way to an end. Every walk must end in a final state with its history complete.
    /// </summary>
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_action_path_of_every_seeded_procedure_reaches_an_end(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var centre = await env.AgencyAsync("000.00.30.H56");
        var system = env.AsSystem();
        var catalogue = env.Scope().ServiceProvider.GetRequiredService<ProcedureService>();
        var all = await catalogue.ListAsync(new ProcedureQuery(PageSize: 200));
        Assert.True(all.Total >= 40);
        var walks = 0;
        foreach (var summary in all.Items)
        {
            var definition = (await catalogue.GetAsync(summary.Code, null)).Definition;
            var process = definition.Process;
            var agency = definition.Agencies.Contains("every-commune") ? env.Commune.Id : centre.Id;
            foreach (var action in process.Actions)
            {
                var route = PathTo(process, process.Start, action.From).Append(action).Concat(PathToEnd(process, action.To)).ToList();
                var dossier = await system.ReceiveAsync(Input(summary.Code, agency, [.. Enumerable.Range(0, definition.Documents.Count)]));
                foreach (var step in route)
                {
                    var current = await system.GetAsync(dossier.Summary.Code);
                    // Opinions asked at this state are given before the dossier moves on.
                    while (current.Actions.Any(a => a.Code == EngineActions.Opinion))
                        current = await system.ActAsync(current.Summary.Code, new ActInput(EngineActions.Opinion, "Đồng ý", Agrees: true), null);
                    dossier = await system.ActAsync(dossier.Summary.Code, new ActInput(step.Code, "Ý kiến xử lý", AgencyId: env.Commune.Id), null);
                }
                var final = process.States.First(s => s.Code == dossier.Summary.State);
                Assert.True(final.End, $"{summary.Code}: {action.Code} ended in {final.Code}");
                Assert.NotNull(dossier.Summary.CompletedAt);
                Assert.Equal(route.Count + 1, dossier.History.Count(h => h.Action != EngineActions.Opinion));
                walks++;
            }
        }
        Assert.True(walks > 400, $"{walks} walks");
    }

    private static IEnumerable<ProcessAction> PathTo(ProcessDefinition process, string from, string to)
    {
        var previous = new Dictionary<string, ProcessAction?> { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && !previous.ContainsKey(to))
        {
            var state = queue.Dequeue();
            foreach (var a in process.Actions.Where(a => a.From == state && !previous.ContainsKey(a.To)))
            {
                previous[a.To] = a;
                queue.Enqueue(a.To);
            }
        }
        var path = new List<ProcessAction>();
        if (!previous.ContainsKey(to)) return path;
        for (var s = to; previous[s] is { } a; s = a.From) path.Insert(0, a);
        return path;
    }

    private static IEnumerable<ProcessAction> PathToEnd(ProcessDefinition process, string from)
    {
        // Prefer the happy end (result returned) over a refusal.
        var ends = process.States.Where(s => s.End).OrderByDescending(s => s.Status).ToList();
        foreach (var end in ends)
        {
            if (end.Code == from) return [];
            var path = PathTo(process, from, end.Code).ToList();
            if (path.Count > 0) return path;
        }
        throw new InvalidOperationException($"No end reachable from {from}");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_supplement_stops_the_clock_and_restarts_it_from_zero(DatabaseProvider provider)
    {
        // Friday 27/11/2026 14:00: one working day → Monday 30/11.
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 27, 14, 0, 0, Vn));
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var specialist = env.As(Roles.Specialist, env.Commune);
        var code = (await officer.ReceiveAsync(Input(BirthRegistration, env.Commune.Id))).Summary.Code;
        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, Vn);
        var waiting = await specialist.ActAsync(code, "yeu_cau_bo_sung", "Bổ sung giấy chứng sinh");
        Assert.Equal(5, waiting.Summary.Status);
        Assert.True(waiting.ClockStopped);

        // A week later the dossier is not overdue: the clock is stopped while the applicant is awaited.
        env.Clock.Now = new DateTimeOffset(2026, 12, 4, 9, 0, 0, Vn);
        Assert.Equal(0, (await officer.ListAsync(new DossierQuery(Overdue: true))).Total);

        // The supplement arrives on Monday 07/12 at 10:00: one full working day again, to Tuesday 08/12.
        env.Clock.Now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, Vn);
        var resumed = await officer.ActAsync(code, new ActInput("nop_bo_sung"), [new IncomingFile("giay-chung-sinh.pdf", Pdf)]);
        Assert.False(resumed.ClockStopped);
        Assert.Equal(FilePurpose.Supplement, Assert.Single(resumed.Files).Purpose);
        Assert.Equal(new DateOnly(2026, 12, 8), VnDay(resumed.Summary.AppointmentAt));
        Assert.Equal(("THAM_DINH", 4), (resumed.Summary.State, resumed.Summary.Status));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_resumed_clock_keeps_the_working_time_left_across_Tet(DatabaseProvider provider)
    {
        // Monday 25/01/2027: 15 working days for a house building permit.
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2027, 1, 25, 8, 0, 0, Vn));
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var specialist = env.As(Roles.Specialist, env.Commune);
        var received = await officer.ReceiveAsync(Input(HousePermit, env.Commune.Id, 0, 1, 2));
        var code = received.Summary.Code;
        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        // Two working days later (Wednesday 27/01 08:00) the specialist asks for more: 13 working days are left.
        env.Clock.Now = new DateTimeOffset(2027, 1, 27, 8, 0, 0, Vn);
        await specialist.ActAsync(code, "yeu_cau_bo_sung", "Bổ sung bản vẽ");
        // The applicant comes back after Tết (Tết Đinh Mùi falls on 06/02/2027), on Tuesday 16/02 at 08:00.
        env.Clock.Now = new DateTimeOffset(2027, 2, 16, 8, 0, 0, Vn);
        var resumed = await officer.ActAsync(code, "nop_bo_sung", null);
        var working = await env.Scope().ServiceProvider.GetRequiredService<CalendarService>().WorkingCalendarAsync(env.Commune.Id);
        Assert.Equal(working.AddWorkingDays(env.Clock.Now, 13).UtcDateTime, resumed.Summary.AppointmentAt);
        Assert.True(resumed.Summary.AppointmentAt > received.Summary.AppointmentAt);
        // Restarting would have given 15 days again: resuming gives about two fewer (the two days already used).
        var saved = working.WorkingTimeBetween(new DateTimeOffset(resumed.Summary.AppointmentAt, TimeSpan.Zero), working.AddWorkingDays(env.Clock.Now, 15));
        Assert.InRange(saved.TotalHours, 15, 16);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_extension_gives_a_new_date_but_the_dossier_stays_late(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var leader = env.As(Roles.Leader, env.Commune);
        var code = (await officer.ReceiveAsync(Input(BirthRegistration, env.Commune.Id))).Summary.Code;
        var first = (await officer.GetAsync(code)).Summary.AppointmentAt;

        var noReason = await Assert.ThrowsAsync<DomainValidationException>(() => leader.ActAsync(code,
            new ActInput(EngineActions.Extend, NewAppointmentAt: new DateTime(2026, 11, 30, 10, 0, 0)), null));
        Assert.Equal("comment", noReason.Errors.All[0].Field);
        var earlier = await Assert.ThrowsAsync<DomainValidationException>(() => leader.ActAsync(code,
            new ActInput(EngineActions.Extend, "Chờ xác minh", NewAppointmentAt: new DateTime(2026, 11, 20, 10, 0, 0)), null));
        Assert.Equal("newAppointmentAt", earlier.Errors.All[0].Field);
        await Assert.ThrowsAsync<ForbiddenException>(() => env.As(Roles.Specialist, env.Commune).ActAsync(code,
            new ActInput(EngineActions.Extend, "Chờ xác minh", NewAppointmentAt: new DateTime(2026, 11, 30, 10, 0, 0)), null));

        var extended = await leader.ActAsync(code, new ActInput(EngineActions.Extend, "Chờ xác minh nơi cư trú", NewAppointmentAt: new DateTime(2026, 11, 30, 10, 0, 0)), null);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Vn).UtcDateTime, extended.Summary.AppointmentAt);
        Assert.Equal(first, extended.OriginalAppointmentAt);
        Assert.Equal(1, extended.Extensions);

        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        await env.As(Roles.Specialist, env.Commune).ActAsync(code, "trinh_ky", null);
        var done = await leader.ActAsync(code, "ky_duyet", null);   // 25/11, well before the new date
        Assert.Equal(Timeliness.Late, done.Summary.Timeliness);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_citizen_submits_online_follows_withdraws_and_files_are_checked_by_content(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 28, 21, 0, 0, Vn)); // Saturday evening
        var citizen = new GrantedCaller(new CallerGrant(Roles.Citizen, Guid.Empty, ""));
        var portal = env.AsCaller(citizen);
        var input = Input(BirthRegistration, env.Commune.Id) with { ReceivedDocuments = null };

        var missing = await Assert.ThrowsAsync<DomainValidationException>(() => portal.SubmitAsync(input, []));
        Assert.Contains("Tờ khai đăng ký khai sinh", Assert.Single(missing.Errors.All, e => e.Field == "files").MessageVi);
        var disguised = await Assert.ThrowsAsync<DomainValidationException>(() => portal.SubmitAsync(input,
            [new IncomingFile("to-khai.pdf", "MZ\u0090 this is not a PDF"u8.ToArray(), 0)]));
        Assert.Contains(disguised.Errors.All, e => e.Field == "files[0]" && e.Code == "type");
        var traversal = await portal.SubmitAsync(input, [new IncomingFile("../../etc/to-khai.pdf", Pdf, 0)]);
        Assert.Equal(1, traversal.Summary.Status);
        Assert.Equal(DossierChannel.Online, traversal.Summary.Channel);
        Assert.Equal("to-khai.pdf", Assert.Single(traversal.Files).FileName);
        // Submitted on Saturday evening: the working day counts from Monday morning, so the result is due on Monday.
        Assert.Equal(new DateOnly(2026, 11, 30), VnDay(traversal.Summary.AppointmentAt));

        var code = traversal.Summary.Code;
        Assert.Equal(code, (await portal.GetAsync(code)).Summary.Code);
        Assert.Equal(Pdf, (await portal.GetFileAsync(code, traversal.Files[0].Id)).Content);
        // The audit trail keeps the file's name and SHA-256, never its bytes.
        var details = await env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>().Set<Egov.Audit.AuditEntry>()
            .Where(e => e.EntityId == traversal.Summary.Id.ToString() && e.Action == Egov.Audit.AuditActions.Create).Select(e => e.Details).SingleAsync();
        Assert.Contains("to-khai.pdf", details);
        Assert.DoesNotContain(Convert.ToBase64String(Pdf), details);
        await Assert.ThrowsAsync<NotFoundException>(() => env.AsCaller(new GrantedCaller(new CallerGrant(Roles.Citizen, Guid.Empty, ""))).GetAsync(code));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.ActAsync(code, new ActInput(EngineActions.Accept), null));
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.ReceiveAsync(Input(BirthRegistration, env.Commune.Id)));

        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var notYet = await Assert.ThrowsAsync<DomainValidationException>(() => officer.ActAsync(code, "chuyen_tham_dinh", null));
        Assert.Equal("action", notYet.Errors.All[0].Field);
        env.Clock.Now = new DateTimeOffset(2026, 11, 30, 8, 5, 0, Vn);
        var accepted = await officer.ActAsync(code, new ActInput(EngineActions.Accept), null);
        Assert.Equal(2, accepted.Summary.Status);

        Assert.Contains((await portal.GetAsync(code)).Actions, a => a.Code == EngineActions.Withdraw);
        var withdrawn = await portal.ActAsync(code, new ActInput(EngineActions.Withdraw, "Không còn nhu cầu"), null);
        Assert.Equal((EngineActions.WithdrawnState, 7), (withdrawn.Summary.State, withdrawn.Summary.Status));
        Assert.Equal("Không còn nhu cầu", withdrawn.Outcome);
        Assert.Empty(withdrawn.Actions);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_commune_hands_a_land_dossier_to_the_department_and_back(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var department = await env.AgencyAsync("000.00.06.H56");
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var communeSpecialist = env.As(Roles.Specialist, env.Commune);
        var departmentSpecialist = env.As(Roles.Specialist, department);
        var code = (await officer.ReceiveAsync(Input(LandRegistration, env.Commune.Id, 0, 1))).Summary.Code;
        await Assert.ThrowsAsync<NotFoundException>(() => departmentSpecialist.GetAsync(code));

        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        var handed = await communeSpecialist.ActAsync(code, "chuyen_lien_thong", "Chuyển Văn phòng đăng ký đất đai");
        Assert.Equal(department.Id, handed.Summary.CurrentAgencyId);
        Assert.Equal("Sở Nông nghiệp và Môi trường", handed.History[^1].AgencyName);
        Assert.Equal(code, Assert.Single((await departmentSpecialist.ListAsync(new DossierQuery(Mine: true))).Items).Code);
        Assert.Equal(0, (await communeSpecialist.ListAsync(new DossierQuery(Mine: true))).Total);
        await Assert.ThrowsAsync<ForbiddenException>(() => communeSpecialist.ActAsync(code, "hoan_thanh_lien_thong", null));

        var back = await departmentSpecialist.ActAsync(code, "hoan_thanh_lien_thong", "Đã cập nhật hồ sơ địa chính");
        Assert.Equal(("PHE_DUYET", (Guid?)env.Commune.Id), (back.Summary.State, back.Summary.CurrentAgencyId));
        // The department still sees the dossier it worked on.
        Assert.Equal(code, (await departmentSpecialist.GetAsync(code)).Summary.Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Parallel_opinions_are_awaited_before_the_dossier_moves_on(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var centre = await env.AgencyAsync("000.00.30.H56");
        var department = await env.AgencyAsync("000.00.12.H56");
        var counter = env.As(Roles.OneStopOfficer, centre);
        var specialist = env.As(Roles.Specialist, department);
        var commune = env.As(Roles.Specialist, env.Commune);
        var notHere = await Assert.ThrowsAsync<DomainValidationException>(() => env.As(Roles.OneStopOfficer, env.Commune)
            .ReceiveAsync(Input(ReligiousEvent, env.Commune.Id)));
        Assert.Equal("receivingAgencyId", notHere.Errors.All[0].Field);

        var code = (await counter.ReceiveAsync(Input(ReligiousEvent, centre.Id))).Summary.Code;
        await counter.ActAsync(code, "chuyen_tham_dinh", null);
        var noCommune = await Assert.ThrowsAsync<DomainValidationException>(() => specialist.ActAsync(code, new ActInput("gui_lay_y_kien"), null));
        Assert.Equal("agencyId", noCommune.Errors.All[0].Field);
        var asked = await specialist.ActAsync(code, new ActInput("gui_lay_y_kien", AgencyId: env.Commune.Id), null);
        Assert.Equal(env.Commune.Id, Assert.Single(asked.Opinions).AgencyId);

        var early = await Assert.ThrowsAsync<DomainValidationException>(() => specialist.ActAsync(code, "tong_hop_y_kien", null));
        Assert.Contains("còn chờ ý kiến", early.Errors.All[0].MessageVi);
        Assert.Equal(code, Assert.Single((await commune.ListAsync(new DossierQuery(Mine: true))).Items).Code);
        var answered = await commune.ActAsync(code, new ActInput(EngineActions.Opinion, "Nhất trí, địa điểm phù hợp", Agrees: true), null);
        Assert.True(Assert.Single(answered.Opinions).Agrees);
        var moved = await specialist.ActAsync(code, "tong_hop_y_kien", null);
        Assert.Equal("PHE_DUYET", moved.Summary.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Retried_requests_with_the_same_key_do_nothing_twice(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var grant = new GrantedCaller(new CallerGrant(Roles.OneStopOfficer, env.Commune.Id, env.Commune.Path));
        var input = Input(BirthRegistration, env.Commune.Id) with { IdempotencyKey = "3f0c9d1e-retry" };
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => env.AsCaller(grant).ReceiveAsync(input))));
        Assert.Single(results.Select(r => r.Summary.Code).Distinct());
        Assert.Equal(3, results.Count(r => r.Replayed));
        var next = await env.AsCaller(grant).ReceiveAsync(Input(BirthRegistration, env.Commune.Id));
        Assert.EndsWith("-0002", next.Summary.Code);

        var code = results[0].Summary.Code;
        var act = new ActInput("chuyen_tham_dinh", IdempotencyKey: "act-1");
        var first = await env.AsCaller(grant).ActAsync(code, act, null);
        var again = await env.AsCaller(grant).ActAsync(code, act, null);
        Assert.True(again.Replayed);
        Assert.Equal(first.Summary.Version, again.Summary.Version);
        Assert.Equal(2, again.History.Count);
        Assert.Throws<DomainValidationException>(() => IdempotencyKeys.Check(new string('k', 101)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_leader_assigns_the_step_to_a_person_and_the_dossier_leaves_the_shared_queue(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var code = (await officer.ReceiveAsync(Input(BirthRegistration, env.Commune.Id))).Summary.Code;
        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        var leader = env.As(Roles.Leader, env.Commune);
        var candidates = await leader.AssigneesAsync(code);
        var person = Assert.Single(candidates, c => c.AgencyPath == env.Commune.Path);
        Assert.Equal(Roles.Specialist, person.Role);

        var wrong = await Assert.ThrowsAsync<DomainValidationException>(() => leader.ActAsync(code, new ActInput(EngineActions.Assign, AssigneeId: Guid.NewGuid()), null));
        Assert.Equal("assigneeId", wrong.Errors.All[0].Field);
        var assigned = await leader.ActAsync(code, new ActInput(EngineActions.Assign, AssigneeId: person.UserId), null);
        Assert.Equal(person.FullName, assigned.Summary.AssigneeName);
        Assert.Equal(0, (await env.As(Roles.Specialist, env.Commune).ListAsync(new DossierQuery(Mine: true))).Total);
        var assignee = new GrantedCallerWithId(person.UserId, new CallerGrant(Roles.Specialist, env.Commune.Id, env.Commune.Path));
        Assert.Equal(code, Assert.Single((await env.AsCaller(assignee).ListAsync(new DossierQuery(Mine: true))).Items).Code);
    }

    private static DateOnly VnDay(DateTime utc) => DateOnly.FromDateTime(new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(Vn).DateTime);

    private sealed class GrantedCallerWithId(Guid id, params CallerGrant[] grants) : ICallerContext
    {
        public Guid? UserId => id;
        public string Actor => id.ToString();
        public IReadOnlyList<CallerGrant> Grants => grants;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Paying_the_fee_while_the_dossier_waits_for_it_moves_the_dossier_on(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var system = env.AsSystem();
        const string land = "1.009927.000.00.00.H56";   // land registration: after signing, CHO_NVTC (status 6) until the fees are paid
        var dossier = await system.ReceiveAsync(Input(land, env.Commune.Id, 0, 1, 2, 3));
        Assert.Equal(25_000, dossier.FeeAmount);
        var code = dossier.Summary.Code;
        foreach (var action in new[] { "chuyen_tham_dinh", "chuyen_lien_thong", "hoan_thanh_lien_thong", "ky_duyet" })
            dossier = await system.ActAsync(code, new ActInput(action, "Ý kiến xử lý", AgencyId: env.Commune.Id), null);
        Assert.Equal(("CHO_NVTC", 6), (dossier.Summary.State, dossier.Summary.Status));

        dossier = await system.ActAsync(code, new ActInput(EngineActions.FeePaid, "Đã nhận thanh toán", FeeReference: "FT2611250001"), null);
        Assert.NotNull(dossier.FeePaidAt);
        Assert.Equal(("TRA_KET_QUA", 9), (dossier.Summary.State, dossier.Summary.Status));
        var last = dossier.History.TakeLast(2).ToList();
        Assert.Equal((EngineActions.FeePaid, "CHO_NVTC"), (last[0].Action, last[0].ToState));
        Assert.Equal(("hoan_thanh_nvtc", "TRA_KET_QUA"), (last[1].Action, last[1].ToState));

        // Paid earlier, before any wait for the fees, the payment only records itself.
        var early = await system.ReceiveAsync(Input(land, env.Commune.Id, 0, 1, 2, 3));
        early = await system.ActAsync(early.Summary.Code, new ActInput(EngineActions.FeePaid, null, FeeReference: "FT2611250002"), null);
        Assert.Equal("TIEP_NHAN", early.Summary.State);
        Assert.NotNull(early.FeePaidAt);
    }

}
