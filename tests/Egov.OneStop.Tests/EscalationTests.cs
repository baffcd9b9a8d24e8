using Egov.Directory.Agencies;
using Egov.OneStop.Escalation;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Egov.Platform.Notifications;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Tests;

/// <summary>Escalation rules applied by the escalation job to overdue steps, with a clock the test moves, on each database.</summary>
public class EscalationTests
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private const string MarriageRegistration = "1.000894.000.00.00.H56";
    private const string CommuneCode = "000.01.40.H56";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_overdue_step_notifies_the_leader_once_and_moves_to_the_leader_after_16_working_hours(DatabaseProvider provider)
    {
        // Wednesday 25/11/2026 08:00: the reception step (1 working hour) is due at 09:00.
        await using var env = await Env.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var rules = await env.Rules(env.Admin).ListAsync();
        Assert.Equal(["buoc-qua-han-bao-lanh-dao", "qua-han-16-gio-chuyen-lanh-dao"], rules.Select(r => r.Code));
        var code = await env.ReceiveAsync(BirthRegistration);

        env.Clock.Now = new DateTimeOffset(2026, 11, 25, 8, 59, 0, Vn);
        Assert.Equal(new EscalationRunResult(0, 0, 0), await env.RunJobAsync());

        env.Clock.Now = new DateTimeOffset(2026, 11, 25, 9, 30, 0, Vn);
        Assert.Equal(new EscalationRunResult(1, 1, 0), await env.RunJobAsync());
        var leader = env.Notices(Roles.Leader, env.Commune);
        var notice = Assert.Single((await leader.ListMineAsync()).Items);
        Assert.Contains(code, notice.Title);
        Assert.Contains("Tiếp nhận hồ sơ", notice.Title);
        Assert.Equal($"/dossiers/{code}", notice.Link);
        Assert.Contains("0.5 giờ làm việc", notice.Body);
        Assert.DoesNotContain("Nguyễn Văn An", notice.Body);   // no personal data in notices
        Assert.Equal(1, await leader.CountUnreadAsync());
        Assert.Equal(0, await env.Notices(Roles.Specialist, env.Commune).CountUnreadAsync());

        // Running again (or on another node) creates nothing new.
        Assert.Equal(new EscalationRunResult(1, 0, 0), await env.RunJobAsync());
        await env.RunRegisteredJobAsync();
        Assert.Single((await leader.ListMineAsync()).Items);

        // Friday 09:00 is 6 + 7.5 + 1.5 = 15 working hours late: not yet.
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 9, 0, 0, Vn);
        Assert.Equal(0, (await env.RunJobAsync()).Reassigned);
        Assert.Equal(Roles.OneStopOfficer, (await env.DossierAsync(code)).StepRole);

        // 10:30 is 16.5 working hours late: the step moves to the leader, with an entry in the history.
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 10, 30, 0, Vn);
        Assert.Equal(new EscalationRunResult(1, 0, 1), await env.RunJobAsync());
        var dossier = await env.DossierAsync(code);
        Assert.Equal((Roles.Leader, 2, "TIEP_NHAN"), (dossier.StepRole, dossier.Version, dossier.State));
        var view = await env.Dossiers(env.Admin).GetAsync(code);
        var escalated = view.History[^1];
        Assert.Equal(("escalate", "system", "TIEP_NHAN", "TIEP_NHAN"), (escalated.Action, escalated.Actor, escalated.FromState, escalated.ToState));
        Assert.Contains("qua-han-16-gio-chuyen-lanh-dao", escalated.Comment);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn).UtcDateTime, view.Summary.StepStartedAt);
        Assert.Contains(code, (await env.Dossiers(new GrantedCaller(new CallerGrant(Roles.Leader, env.Commune.Id, env.Commune.Path)))
            .ListAsync(new DossierQuery(Mine: true))).Items.Select(i => i.Code));

        Assert.Equal(new EscalationRunResult(1, 0, 0), await env.RunJobAsync());
        Assert.Equal(2, (await env.Dossiers(env.Admin).GetAsync(code)).History.Count);

        // The leader now holds the step: the step's actions are offered to the leader and taken by the leader, though the
        // process gives them to the one-stop officer. The next step is a new step: the rules apply to it afresh.
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 10, 40, 0, Vn);
        var holder = env.Dossiers(new GrantedCaller(new CallerGrant(Roles.Leader, env.Commune.Id, env.Commune.Path)));
        Assert.Contains("chuyen_tham_dinh", (await holder.GetAsync(code)).Actions.Select(a => a.Code));
        Assert.Equal("THAM_DINH", (await holder.ActAsync(code, "chuyen_tham_dinh", null)).Summary.State);
        Assert.DoesNotContain("trinh_ky", (await holder.GetAsync(code)).Actions.Select(a => a.Code));   // the next step is the specialist's again
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 16, 50, 0, Vn);   // the 4-hour review was due at 16:40
        Assert.Equal(new EscalationRunResult(1, 1, 0), await env.RunJobAsync());
        Assert.Equal(2, await leader.CountUnreadAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Passes_running_at_once_on_several_nodes_apply_each_rule_once(DatabaseProvider provider)
    {
        await using var env = await Env.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var codes = new List<string>();
        for (var i = 0; i < 3; i++) codes.Add(await env.ReceiveAsync(BirthRegistration));
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 16, 0, 0, Vn);   // past both default rules

        // As if the lease had failed: four passes at the same moment, each with its own DbContext.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(env.RunJobAsync)));
        Assert.Equal(3, results.Sum(r => r.Notified));
        Assert.Equal(3, results.Sum(r => r.Reassigned));
        Assert.Equal(3, (await env.Notices(Roles.Leader, env.Commune).ListMineAsync()).Total);
        foreach (var code in codes)
        {
            var history = (await env.Dossiers(env.Admin).GetAsync(code)).History;
            Assert.Single(history, h => h.Action == "escalate");
            Assert.Equal(2, (await env.DossierAsync(code)).Version);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_weekend_does_not_count_as_overdue_time(DatabaseProvider provider)
    {
        // Friday 27/11/2026 16:00: the reception step is due at 17:00, the end of the working day.
        await using var env = await Env.StartAsync(provider, new DateTimeOffset(2026, 11, 27, 16, 0, 0, Vn));
        var code = await env.ReceiveAsync(BirthRegistration);

        // Monday 09:00 is 64 hours later but only 1.5 working hours late: the leader is told, nothing is moved.
        env.Clock.Now = new DateTimeOffset(2026, 11, 30, 9, 0, 0, Vn);
        Assert.Equal(new EscalationRunResult(1, 1, 0), await env.RunJobAsync());
        Assert.Contains("1.5 giờ làm việc", Assert.Single((await env.Notices(Roles.Leader, env.Commune).ListMineAsync()).Items).Body);
        Assert.Equal(Roles.OneStopOfficer, (await env.DossierAsync(code)).StepRole);

        // Wednesday 09:30 is 7.5 + 7.5 + 2 = 17 working hours late.
        env.Clock.Now = new DateTimeOffset(2026, 12, 2, 9, 30, 0, Vn);
        Assert.Equal(1, (await env.RunJobAsync()).Reassigned);
        Assert.Equal(Roles.Leader, (await env.DossierAsync(code)).StepRole);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rule_for_one_procedure_leaves_the_others_alone_and_inactive_rules_do_nothing(DatabaseProvider provider)
    {
        await using var env = await Env.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var rules = env.Rules(env.Admin);
        foreach (var r in await rules.ListAsync()) await rules.DeactivateAsync(r.Code);
        var created = await rules.CreateAsync(new EscalationRuleInput("ket-hon-bao-chuyen-vien", "Kết hôn quá hạn → báo chuyên viên", 0,
            EscalationAction.Notify, Roles.Specialist, MarriageRegistration));
        Assert.True(created.IsActive);
        var birth = await env.ReceiveAsync(BirthRegistration);
        var marriage = await env.ReceiveAsync(MarriageRegistration);

        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 16, 0, 0, Vn);
        Assert.Equal(new EscalationRunResult(2, 1, 0), await env.RunJobAsync());
        var notice = Assert.Single((await env.Notices(Roles.Specialist, env.Commune).ListMineAsync()).Items);
        Assert.Contains(marriage, notice.Title);
        Assert.DoesNotContain(birth, notice.Title);
        Assert.Equal(0, await env.Notices(Roles.Leader, env.Commune).CountUnreadAsync());
        Assert.Equal(Roles.OneStopOfficer, (await env.DossierAsync(birth)).StepRole);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Invalid_rules_are_refused_with_specific_Vietnamese_errors(DatabaseProvider provider)
    {
        await using var env = await Env.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var rules = env.Rules(env.Admin);
        var bad = await Assert.ThrowsAsync<DomainValidationException>(() => rules.CreateAsync(
            new EscalationRuleInput("Quá Hạn!", " ", -1, null, Roles.Citizen, "1.999999.000.00.00.H56")));
        var errors = bad.Errors.All.ToDictionary(e => e.Field);
        Assert.Equal(["action", "code", "name", "overdueWorkingHours", "procedureCode", "targetRole"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("format", "Mã quy tắc chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ: qua-han-8-gio)."),
            (errors["code"].Code, errors["code"].MessageVi));
        Assert.Equal("Tên quy tắc là bắt buộc.", errors["name"].MessageVi);
        Assert.Equal("Số giờ làm việc quá hạn phải từ 0 đến 2000.", errors["overdueWorkingHours"].MessageVi);
        Assert.Equal("Hành động (Notify: báo, Reassign: chuyển) là bắt buộc.", errors["action"].MessageVi);
        Assert.StartsWith("\"citizen\" không phải vai trò của cán bộ", errors["targetRole"].MessageVi);
        Assert.Equal("Không có thủ tục mã \"1.999999.000.00.00.H56\".", errors["procedureCode"].MessageVi);

        var duplicate = await Assert.ThrowsAsync<DomainValidationException>(() => rules.CreateAsync(
            new EscalationRuleInput("buoc-qua-han-bao-lanh-dao", "Trùng", 1, EscalationAction.Notify, Roles.Leader, null)));
        Assert.Equal(("code", "duplicate"), (duplicate.Errors.All[0].Field, duplicate.Errors.All[0].Code));
        var rename = await Assert.ThrowsAsync<DomainValidationException>(() => rules.UpdateAsync("buoc-qua-han-bao-lanh-dao",
            new EscalationRuleInput("doi-ma", "Đổi mã", 1, EscalationAction.Notify, Roles.Leader, null)));
        Assert.Equal("immutable", rename.Errors.All[0].Code);
        var updated = await rules.UpdateAsync("buoc-qua-han-bao-lanh-dao",
            new EscalationRuleInput(null, "Quá hạn 2 giờ → báo lãnh đạo", 2, EscalationAction.Notify, Roles.Leader, null));
        Assert.Equal((2d, "Quá hạn 2 giờ → báo lãnh đạo"), (updated.OverdueWorkingHours, updated.Name));

        var leader = new GrantedCaller(new CallerGrant(Roles.Leader, env.Commune.Id, env.Commune.Path));
        Assert.Equal(2, (await env.Rules(leader).ListAsync()).Count);
        await Assert.ThrowsAsync<ForbiddenException>(() => env.Rules(leader).DeactivateAsync("buoc-qua-han-bao-lanh-dao"));
        // Seeding again adds nothing.
        await using var scope = env.Scope();
        Assert.Equal(0, await EscalationRuleService.SeedDefaultsAsync(scope.ServiceProvider.GetRequiredService<EgovDbContext>(), env.Clock));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rule_that_never_fired_is_deleted_one_that_fired_can_only_be_deactivated(DatabaseProvider provider)
    {
        await using var env = await Env.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        var rules = env.Rules(env.Admin);
        await rules.CreateAsync(new EscalationRuleInput("qua-han-40-gio", "Quá hạn 40 giờ → báo lãnh đạo", 40, EscalationAction.Notify, Roles.Leader, null));
        await env.ReceiveAsync(BirthRegistration);
        env.Clock.Now = new DateTimeOffset(2026, 11, 25, 9, 30, 0, Vn);
        Assert.Equal(1, (await env.RunJobAsync()).Notified);   // the 0-hour default fired, the 40-hour rule did not

        await Assert.ThrowsAsync<ForbiddenException>(() => env.Rules(new GrantedCaller(new CallerGrant(Roles.AgencyAdmin, env.Commune.Id, env.Commune.Path)))
            .DeleteAsync("qua-han-40-gio"));
        var fired = await Assert.ThrowsAsync<ConflictException>(() => env.Rules(env.Admin).DeleteAsync("buoc-qua-han-bao-lanh-dao"));
        Assert.Contains("hãy ngừng áp dụng", fired.MessageVi);
        await env.Rules(env.Admin).DeleteAsync("qua-han-40-gio");
        Assert.Equal(["buoc-qua-han-bao-lanh-dao", "qua-han-16-gio-chuyen-lanh-dao"], (await env.Rules(env.Admin).ListAsync()).Select(r => r.Code));
        await Assert.ThrowsAsync<NotFoundException>(() => env.Rules(env.Admin).DeleteAsync("qua-han-40-gio"));
    }

    /// <summary>A seeded database with the host's services and a clock the test sets.</summary>
    private sealed class Env : IAsyncDisposable
    {
        private readonly TestDatabase _database;
        private readonly List<AsyncServiceScope> _scopes = [];
        public ServiceProvider Services { get; }
        public ManualClock Clock { get; }
        public AgencyView Commune { get; private set; } = null!;
        public ICallerContext Admin { get; } = new SystemCaller("test-admin");

        private Env(TestDatabase database, ManualClock clock)
        {
            (_database, Clock) = (database, clock);
            Services = database.BuildServices((services, _) => services.AddSingleton<TimeProvider>(clock));
        }

        public static async Task<Env> StartAsync(DatabaseProvider provider, DateTimeOffset now)
        {
            var env = new Env((await TestDatabase.CreateSeededAsync(provider)).db, new ManualClock(now));
            env.Commune = (await env.Scope().ServiceProvider.GetRequiredService<AgencyService>().FindByCodeAsync(CommuneCode))!;
            return env;
        }

        public AsyncServiceScope Scope(ICallerContext? caller = null)
        {
            var scope = Services.CreateScopeAs(caller ?? new SystemCaller("test"));
            _scopes.Add(scope);
            return scope;
        }

        public EscalationRuleService Rules(ICallerContext caller) => Scope(caller).ServiceProvider.GetRequiredService<EscalationRuleService>();
        public DossierService Dossiers(ICallerContext caller) => Scope(caller).ServiceProvider.GetRequiredService<DossierService>();

        public NotificationService Notices(string role, AgencyView agency) =>
            Scope(new GrantedCaller(new CallerGrant(role, agency.Id, agency.Path))).ServiceProvider.GetRequiredService<NotificationService>();

        public async Task<string> ReceiveAsync(string procedure)
        {
            var officer = Dossiers(new GrantedCaller(new CallerGrant(Roles.OneStopOfficer, Commune.Id, Commune.Path)));
            var documents = (await Scope().ServiceProvider.GetRequiredService<Egov.Procedures.ProcedureService>().GetAsync(procedure, null)).Definition.Documents;
            var all = Enumerable.Range(0, documents.Count).ToList();
            return (await officer.ReceiveAsync(new ReceiveInput(procedure, Commune.Id, "Nguyễn Văn An", "038095001234", null, null, ReceivedDocuments: all))).Summary.Code;
        }

        /// <summary>One escalation pass in a fresh scope acting as the system, as the jobs host runs it.</summary>
        public async Task<EscalationRunResult> RunJobAsync()
        {
            await using var scope = Services.CreateScopeAs(new SystemCaller("job:" + EscalationJob.JobName));
            return await scope.ServiceProvider.GetRequiredService<EscalationRunner>().RunAsync();
        }

        /// <summary>The registered job itself (what RecurringJobsHost calls).</summary>
        public async Task RunRegisteredJobAsync()
        {
            var job = Services.GetServices<IRecurringJob>().Single(j => j.Name == EscalationJob.JobName);
            Assert.Equal(TimeSpan.FromMinutes(1), job.Interval);
            await using var scope = Services.CreateScopeAs(new SystemCaller("job:" + job.Name));
            await job.RunAsync(scope.ServiceProvider, CancellationToken.None);
        }

        public async Task<Dossier> DossierAsync(string code)
        {
            await using var scope = Services.CreateScopeAs(new SystemCaller("test"));
            var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AsNoTracking(db.Set<Dossier>()), d => d.Code == code);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var s in _scopes) await s.DisposeAsync();
            await Services.DisposeAsync();
            await _database.DisposeAsync();
        }
    }
}
