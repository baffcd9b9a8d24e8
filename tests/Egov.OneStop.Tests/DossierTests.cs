using Egov.Calendar;
using Egov.Calendar.Module;
using Egov.Directory.Agencies;
using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Tests;

/// <summary>Dossiers received at a commune's one-stop counter and walked through the birth-registration process, on each database.</summary>
public class DossierTests
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private const string CommuneCode = OneStopEnv.CommuneCode;
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_birth_registration_is_received_walked_to_the_end_and_its_history_is_kept(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var received = await officer.ReceiveAsync(Input());
        Assert.Equal($"{CommuneCode}-261125-0001", received.Summary.Code);
        Assert.Matches(@"^\d{3}\.\d{2}\.\d{2}\.H56-\d{6}-\d{4}$", received.Summary.Code);
        var working = await env.Scope().ServiceProvider.GetRequiredService<CalendarService>().WorkingCalendarAsync(env.Commune.Id);
        var appointment = working.Appointment(env.Clock.Now, new ProcessingTime(1, TimeUnit.WorkingDays));
        Assert.Equal(appointment.UtcDateTime, received.Summary.AppointmentAt);
        Assert.Equal(("TIEP_NHAN", 2), (received.Summary.State, received.Summary.Status));
        Assert.Equal(working.AddWorkingHours(env.Clock.Now, 1).UtcDateTime, received.Summary.StepDueAt);
        Assert.Contains(received.Actions, a => a.Code == "chuyen_tham_dinh");
        var code = received.Summary.Code;

        env.Clock.Now = new DateTimeOffset(2026, 11, 25, 8, 30, 0, Vn);
        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        env.Clock.Now = new DateTimeOffset(2026, 11, 26, 8, 0, 0, Vn);   // the 4-hour review was due the day before
        var reviewed = await env.As(Roles.Specialist, env.Commune).ActAsync(code, "trinh_ky", "Đủ điều kiện");
        Assert.Equal("PHE_DUYET", reviewed.Summary.State);
        env.Clock.Now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, Vn);
        var signed = await env.As(Roles.Leader, env.Commune).ActAsync(code, "ky_duyet", null);
        Assert.Equal(9, signed.Summary.Status);
        Assert.Equal(env.Clock.Now.UtcDateTime, signed.Summary.CompletedAt);
        Assert.Equal(Timeliness.OnTime, signed.Summary.Timeliness);
        env.Clock.Now = new DateTimeOffset(2026, 11, 26, 9, 30, 0, Vn);
        var returned = await officer.ActAsync(code, "tra_ket_qua", null);
        Assert.Equal(("DA_TRA", 10), (returned.Summary.State, returned.Summary.Status));
        Assert.Null(returned.Summary.StepDueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, Vn).UtcDateTime, returned.Summary.CompletedAt);
        Assert.Equal(["danh_gia"], returned.Actions.Select(a => a.Code));

        var view = await officer.GetAsync(code);
        Assert.Equal(["receive", "chuyen_tham_dinh", "trinh_ky", "ky_duyet", "tra_ket_qua"], view.History.Select(h => h.Action));
        Assert.Equal([1, 2, 3, 4, 5], view.History.Select(h => h.Sequence));
        Assert.Equal(new Timeliness?[] { null, Timeliness.OnTime, Timeliness.Late, Timeliness.OnTime, Timeliness.OnTime },
            view.History.Select(h => h.StepTimeliness));
        Assert.Equal("Đủ điều kiện", view.History[2].Comment);
        Assert.Equal("038095001234", view.ApplicantIdNumber);

        var list = await officer.ListAsync(new DossierQuery(Search: "nguyen van an"));
        Assert.Equal(code, Assert.Single(list.Items).Code);

        // The audit trail records the creation and the read, never the applicant's personal data.
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        var trail = await db.Set<Egov.Audit.AuditEntry>().AsNoTracking()
            .Where(e => e.EntityType == nameof(Dossier) && e.EntityId == view.Summary.Id.ToString()).ToListAsync();
        Assert.Contains(trail, e => e.Action == Egov.Audit.AuditActions.Create);
        Assert.Contains(trail, e => e.Action == Egov.Audit.AuditActions.Read);
        Assert.DoesNotContain(trail, e => (e.Details ?? "").Contains("038095001234") || (e.Details ?? "").Contains("0912345678"));
        // One entry per reception and per action: the dossier's history, checklist and parties are written into it.
        var created = Assert.Single(trail, e => e.Action == Egov.Audit.AuditActions.Create);
        Assert.Contains("\"DossierEvent\"", created.Details);
        Assert.Contains("\"DossierDocument\"", created.Details);
        Assert.Contains("\"DossierParty\"", created.Details);
        Assert.Equal(4, trail.Count(e => e.Action == Egov.Audit.AuditActions.Update && e.Details!.Contains("\"DossierEvent\"")));
        Assert.False(await db.Set<Egov.Audit.AuditEntry>().AnyAsync(e => e.EntityType == nameof(DossierEvent) || e.EntityType == nameof(DossierDocument)));
        Assert.True((await env.Scope().ServiceProvider.GetRequiredService<Egov.Audit.AuditLog>().VerifyAsync()).Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scope_roles_actions_comments_and_versions_are_enforced(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var code = (await officer.ReceiveAsync(Input())).Summary.Code;

        var stranger = env.As(Roles.OneStopOfficer, env.OtherCommune);
        await Assert.ThrowsAsync<NotFoundException>(() => stranger.GetAsync(code));
        await Assert.ThrowsAsync<NotFoundException>(() => stranger.ActAsync(code, "chuyen_tham_dinh", null));
        Assert.Equal(0, (await stranger.ListAsync(new DossierQuery())).Total);
        await Assert.ThrowsAsync<ForbiddenException>(() => stranger.ReceiveAsync(Input()));

        await Assert.ThrowsAsync<ForbiddenException>(() => env.As(Roles.Specialist, env.Commune).ActAsync(code, "chuyen_tham_dinh", null));
        var wrongState = await Assert.ThrowsAsync<DomainValidationException>(() => officer.ActAsync(code, "tra_ket_qua", null));
        Assert.Equal("action", Assert.Single(wrongState.Errors.All).Field);
        var noComment = await Assert.ThrowsAsync<DomainValidationException>(() => officer.ActAsync(code, "tu_choi_tiep_nhan", " "));
        Assert.Equal("comment", Assert.Single(noComment.Errors.All).Field);

        await Assert.ThrowsAsync<ConflictException>(() => officer.ActAsync(code, "chuyen_tham_dinh", null, expectedVersion: 7));
        var moved = await officer.ActAsync(code, "chuyen_tham_dinh", null, expectedVersion: 1);
        Assert.Equal(2, moved.Summary.Version);
        await Assert.ThrowsAsync<ConflictException>(() => env.As(Roles.Specialist, env.Commune).ActAsync(code, "trinh_ky", null, expectedVersion: 1));

        var mine = await env.As(Roles.Specialist, env.Commune).ListAsync(new DossierQuery(Mine: true));
        Assert.Equal(code, Assert.Single(mine.Items).Code);
        Assert.Equal(0, (await officer.ListAsync(new DossierQuery(Mine: true))).Total);
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 8, 0, 0, Vn);
        Assert.Equal(code, Assert.Single((await officer.ListAsync(new DossierQuery(Overdue: true))).Items).Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_applicant_data_names_each_field(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var bad = await Assert.ThrowsAsync<DomainValidationException>(() => officer.ReceiveAsync(
            new ReceiveInput("1.999999.000.00.00.H56", env.Commune.Id, new string('x', 201), "12345", "0123", "not-an-email")));
        Assert.Equal(new[] { "applicantEmail", "applicantIdNumber", "applicantName", "applicantPhone", "procedureCode" },
            bad.Errors.All.Select(e => e.Field).Order(StringComparer.Ordinal));
        // A company's tax code is accepted as the id number.
        var company = await officer.ReceiveAsync(Input() with { ApplicantIdNumber = "0100109106" });
        Assert.Equal("0100109106", company.ApplicantIdNumber);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Fifty_concurrent_receptions_get_gapless_distinct_codes(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var grant = new CallerGrant(Roles.OneStopOfficer, env.Commune.Id, env.Commune.Path);
        var codes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var scope = env.Services.CreateScopeAs(new GrantedCaller(grant));
            return (await scope.ServiceProvider.GetRequiredService<DossierService>().ReceiveAsync(Input())).Summary.Code;
        })));
        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"{CommuneCode}-261125-{n:D4}"), codes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_hand_offs_of_one_dossier_let_exactly_one_through(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var grant = new CallerGrant(Roles.OneStopOfficer, env.Commune.Id, env.Commune.Path);
        var code = (await env.As(Roles.OneStopOfficer, env.Commune).ReceiveAsync(Input())).Summary.Code;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () =>
        {
            await using var scope = env.Services.CreateScopeAs(new GrantedCaller(grant));
            try { await scope.ServiceProvider.GetRequiredService<DossierService>().ActAsync(code, "chuyen_tham_dinh", null); return "ok"; }
            catch (ConflictException) { return "conflict"; }
            catch (DomainValidationException e) when (e.Errors.All[0].Field == "action") { return "moved"; }
        })));
        Assert.Single(outcomes, o => o == "ok");
        var view = await env.As(Roles.OneStopOfficer, env.Commune).GetAsync(code);
        Assert.Equal(2, view.History.Count);
        Assert.Equal(("THAM_DINH", 2), (view.Summary.State, view.Summary.Version));
    }

    [Fact]
    public void Timeliness_compares_days_in_Vietnam_time()
    {
        var due = new DateTimeOffset(2026, 11, 26, 10, 0, 0, Vn).UtcDateTime;
        Assert.Equal(Timeliness.Early, DossierService.Classify(new DateTimeOffset(2026, 11, 25, 23, 59, 0, Vn).UtcDateTime, due));
        Assert.Equal(Timeliness.OnTime, DossierService.Classify(new DateTimeOffset(2026, 11, 26, 16, 0, 0, Vn).UtcDateTime, due));
        Assert.Equal(Timeliness.Late, DossierService.Classify(new DateTimeOffset(2026, 11, 27, 0, 1, 0, Vn).UtcDateTime, due));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_filters_by_deadlines_received_days_procedure_field_and_id_number(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var early = (await officer.ReceiveAsync(Input())).Summary.Code;
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 8, 0, 0, Vn);
        var late = (await officer.ReceiveAsync(Input() with { ApplicantName = "Trần Thị Bình", ApplicantIdNumber = "038188004321" })).Summary.Code;
        env.Clock.Now = new DateTimeOffset(2026, 11, 27, 8, 30, 0, Vn);

        async Task<string[]> Codes(DossierQuery q) => [.. (await officer.ListAsync(q)).Items.Select(d => d.Code)];
        Assert.Equal([early], await Codes(new DossierQuery(Overdue: true)));
        Assert.Equal([late], await Codes(new DossierQuery(DueWithinDays: 2)));
        Assert.Empty(await Codes(new DossierQuery(DueWithinDays: 0)));
        Assert.Equal([late], await Codes(new DossierQuery(ReceivedFrom: new DateOnly(2026, 11, 27))));
        Assert.Equal([early], await Codes(new DossierQuery(ReceivedTo: new DateOnly(2026, 11, 25))));
        Assert.Empty(await Codes(new DossierQuery(ReceivedFrom: new DateOnly(2026, 11, 26), ReceivedTo: new DateOnly(2026, 11, 26))));
        Assert.Equal([late], await Codes(new DossierQuery(Search: "0381 8800 4321")));
        Assert.Equal([early], await Codes(new DossierQuery(IdNumber: "038095001234")));
        Assert.Equal([late, early], await Codes(new DossierQuery(ProcedureCode: BirthRegistration)));
        Assert.Equal([late, early], await Codes(new DossierQuery(Field: "HT")));
        Assert.Empty(await Codes(new DossierQuery(Field: "DD")));
        Assert.Equal([early, late], await Codes(new DossierQuery(MostUrgentFirst: true)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sub_tree_search_reads_the_parties_search_keys_and_counts_a_dossier_with_two_parties_there_once(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn));
        _agency = env.Commune.Id;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var an = (await officer.ReceiveAsync(Input())).Summary;
        env.Clock.Now = env.Clock.Now.AddMinutes(5);
        var dung = (await officer.ReceiveAsync(Input() with { ApplicantName = "Đặng Thị Dung", ApplicantIdNumber = "038188004321" })).Summary;
        // The commune takes part twice in An's dossier (as receiver and, say, asked for its opinion): listed once.
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        db.Add(new DossierParty { DossierId = an.Id, AgencyId = env.Commune.Id, AgencyPath = env.Commune.Path, Role = PartyRole.Opinion,
            ReceivedAt = an.ReceivedAt, Code = an.Code, ApplicantIdNumber = "038095001234", ApplicantSearchName = "nguyen van an" });
        await db.SaveChangesAsync();

        // The page's codes and the total, as the list shows them.
        async Task<string> List(DossierQuery q)
        {
            var page = await officer.ListAsync(q);
            return $"{string.Join(" ", page.Items.Select(d => d.Code))} / {page.Total}";
        }
        Assert.Equal($"{dung.Code} {an.Code} / 2", await List(new DossierQuery()));
        Assert.Equal($"{dung.Code} / 1", await List(new DossierQuery(Search: "dang thi")));     // đ folded to d
        Assert.Equal($"{dung.Code} / 1", await List(new DossierQuery(Search: "Đặng")));
        Assert.Equal($"{an.Code} / 1", await List(new DossierQuery(Search: "NGUYEN")));
        Assert.Equal($"{an.Code} / 1", await List(new DossierQuery(Search: an.Code.ToLowerInvariant())));
        Assert.Equal($"{an.Code} / 1", await List(new DossierQuery(Search: "nguyen", State: "TIEP_NHAN")));
        Assert.Equal($"{dung.Code} / 2", await List(new DossierQuery(PageSize: 1)));
        Assert.Equal($"{an.Code} / 2", await List(new DossierQuery(Page: 2, PageSize: 1)));
        // A search's matches paged newest first, counted even on a page past the last; an ID number typed with spaces.
        Assert.Equal($"{dung.Code} / 2", await List(new DossierQuery(Search: "n", PageSize: 1)));
        Assert.Equal($"{an.Code} / 2", await List(new DossierQuery(Search: "n", Page: 2, PageSize: 1)));
        Assert.Equal(" / 2", await List(new DossierQuery(Search: "n", Page: 3, PageSize: 1)));
        Assert.Equal($"{dung.Code} / 1", await List(new DossierQuery(Search: "0381 8800 4321")));
        Assert.Equal(" / 0", await List(new DossierQuery(Search: "tran")));
        // Another commune's officer finds neither.
        var neighbour = env.As(Roles.OneStopOfficer, env.OtherCommune);
        Assert.Empty((await neighbour.ListAsync(new DossierQuery(Search: "nguyen"))).Items);
        Assert.Empty((await neighbour.ListAsync(new DossierQuery())).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_form_reprinted_later_is_the_one_issued_on_its_day_in_the_set_of_that_day(DatabaseProvider provider)
    {
        // Received in June 2025 (Circular 01/2018), asked for a supplement in July 2025 (Circular 03/2025), printed again in 2026.
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2025, 6, 20, 9, 0, 0, Vn));
        _agency = env.Commune.Id;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        var code = (await officer.ReceiveAsync(Input())).Summary.Code;
        env.Clock.Now = new DateTimeOffset(2025, 7, 2, 10, 0, 0, Vn);
        await officer.ActAsync(code, "chuyen_tham_dinh", null);
        await env.As(Roles.Specialist, env.Commune).ActAsync(code, "yeu_cau_bo_sung", "Thiếu bản sao giấy chứng sinh");
        env.Clock.Now = new DateTimeOffset(2026, 11, 25, 8, 0, 0, Vn);

        using (var receipt = new FormTests.TempPdf((await officer.FormAsync(code, "receipt")).Content, "reprinted-receipt"))
        {
            var text = receipt.Text();
            Assert.Contains("01/2018/TT-VPCP", text);
            Assert.Contains("ngày 20 tháng 06 năm 2025", text);
            Assert.DoesNotContain("năm 2026", text);
        }
        using var supplement = new FormTests.TempPdf((await officer.FormAsync(code, "supplement")).Content, "reprinted-supplement");
        Assert.Contains("03/2025/TT-VPCP", supplement.Text());
        Assert.Contains("ngày 02 tháng 07 năm 2025", supplement.Text());
    }

    private ReceiveInput Input() => new(BirthRegistration, _agency, "Nguyễn Văn An", "038095001234", "0912345678", "an@example.vn", ReceivedDocuments: [0]);

    private Guid _agency;
}
