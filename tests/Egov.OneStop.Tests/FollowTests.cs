using Egov.OneStop.Portal;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Tests;

/// <summary>
/// Following a dossier from the portal: the applicant hands in a supplement and withdraws only his own dossier and only when
/// the rules allow; the status and the timeline in plain words; the public look-up with and without the second factor.
/// </summary>
public class FollowTests
{
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    private static GrantedCaller Citizen() => new(new CallerGrant(Roles.Citizen, Guid.Empty, ""));

    /// <summary>Submitted online by <paramref name="portal"/>, accepted, sent to the specialist, who asks for a supplement.</summary>
    private static async Task<string> AwaitingSupplementAsync(OneStopEnv env, DossierService portal)
    {
        var input = new ReceiveInput(BirthRegistration, env.Commune.Id, "Nguyễn Văn An", "038095001234", "0912345678", null);
        var code = (await portal.SubmitAsync(input, [new IncomingFile("to-khai.pdf", Pdf, 0)])).Summary.Code;
        var officer = env.As(Roles.OneStopOfficer, env.Commune);
        await officer.ActAsync(code, new ActInput(EngineActions.Accept), null);
        await officer.ActAsync(code, "chuyen_tham_dinh", "Ghi chú nội bộ: kiểm tra kỹ");
        await env.As(Roles.Specialist, env.Commune).ActAsync(code, "yeu_cau_bo_sung", "Bổ sung giấy chứng sinh bản chính");
        return code;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_applicant_hands_in_a_supplement_with_files_on_his_own_dossier_only_while_it_is_asked(DatabaseProvider provider)
    {
        // Wednesday 25/11/2026 09:00.
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var citizen = Citizen();
        var portal = env.AsCaller(citizen);
        var code = await AwaitingSupplementAsync(env, portal);

        var followed = await portal.FollowAsync(code);
        Assert.Equal("nop_bo_sung", followed.SupplementAction);
        Assert.Equal("Bổ sung giấy chứng sinh bản chính", followed.SupplementReason);
        Assert.Equal("Cần bổ sung giấy tờ", followed.Plain.Status.Vi);
        Assert.True(followed.Plain.Waiting);
        Assert.True(followed.MayWithdraw);

        // Someone else's dossier does not exist for another citizen; an official opens it on his own pages, not here.
        var stranger = env.AsCaller(Citizen());
        await Assert.ThrowsAsync<NotFoundException>(() => stranger.ActAsync(code, new ActInput("nop_bo_sung"), [new IncomingFile("a.pdf", Pdf)]));
        await Assert.ThrowsAsync<NotFoundException>(() => stranger.FollowAsync(code));
        await Assert.ThrowsAsync<NotFoundException>(() => env.As(Roles.OneStopOfficer, env.Commune).FollowAsync(code));

        // Online, the supplement brings files, checked by content; the applicant does not steer the hand-off.
        var none = await Assert.ThrowsAsync<DomainValidationException>(() => portal.ActAsync(code, new ActInput("nop_bo_sung"), []));
        Assert.Equal(("files", "required"), (none.Errors.All[0].Field, none.Errors.All[0].Code));
        var fake = await Assert.ThrowsAsync<DomainValidationException>(() => portal.ActAsync(code, new ActInput("nop_bo_sung"),
            [new IncomingFile("giay-chung-sinh.pdf", "MZ\u0090 not a PDF"u8.ToArray())]));
        Assert.Contains(fake.Errors.All, e => e.Field == "files[0]" && e.Code == "type");
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.ActAsync(code, new ActInput("nop_bo_sung", AgencyId: env.OtherCommune.Id),
            [new IncomingFile("giay-chung-sinh.pdf", Pdf)]));
        Assert.Equal(5, (await portal.GetAsync(code)).Summary.Status);

        // Monday 30/11 10:00: the supplement arrives, the clock restarts (one working day, to Tuesday 01/12).
        env.Clock.Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, Vn);
        var handedIn = await portal.ActAsync(code, new ActInput("nop_bo_sung", "Xin gửi bản chính"), [new IncomingFile("giay-chung-sinh.pdf", Pdf)]);
        Assert.Equal(("THAM_DINH", 4), (handedIn.Summary.State, handedIn.Summary.Status));
        Assert.False(handedIn.ClockStopped);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, Vn).UtcDateTime, handedIn.Summary.AppointmentAt);
        Assert.Equal(FilePurpose.Supplement, Assert.Single(handedIn.Files, f => f.FileName == "giay-chung-sinh.pdf").Purpose);

        // Not asked any more: not available again.
        var again = await Assert.ThrowsAsync<DomainValidationException>(() => portal.ActAsync(code, new ActInput("nop_bo_sung"), [new IncomingFile("b.pdf", Pdf)]));
        Assert.Equal("action", again.Errors.All[0].Field);
        Assert.Null((await portal.FollowAsync(code)).SupplementAction);
        // The officers' own steps stay theirs.
        await Assert.ThrowsAsync<ForbiddenException>(() => portal.ActAsync(code, new ActInput("trinh_ky"), null));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_applicant_withdraws_only_his_own_open_dossier(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var portal = env.AsCaller(Citizen());
        var officer = env.As(Roles.OneStopOfficer, env.Commune);

        // A counter dossier has no applicant account: nobody withdraws it from the portal.
        var counter = (await officer.ReceiveAsync(new ReceiveInput(BirthRegistration, env.Commune.Id, "Nguyễn Văn An", "038095001234", "0912345678", null,
            ReceivedDocuments: [0]))).Summary.Code;
        await Assert.ThrowsAsync<NotFoundException>(() => portal.ActAsync(counter, new ActInput(EngineActions.Withdraw, "Không cần nữa"), null));

        var code = await AwaitingSupplementAsync(env, portal);
        await Assert.ThrowsAsync<NotFoundException>(() => env.AsCaller(Citizen()).ActAsync(code, new ActInput(EngineActions.Withdraw, "Rút giúp"), null));
        var noReason = await Assert.ThrowsAsync<DomainValidationException>(() => portal.ActAsync(code, new ActInput(EngineActions.Withdraw), null));
        Assert.Equal("comment", noReason.Errors.All[0].Field);
        var withdrawn = await portal.ActAsync(code, new ActInput(EngineActions.Withdraw, "Đã làm ở nơi khác"), null);
        Assert.Equal(7, withdrawn.Summary.Status);
        var after = await portal.FollowAsync(code);
        Assert.False(after.MayWithdraw);
        Assert.Equal("Đã rút hồ sơ", after.Plain.Status.Vi);
        Assert.Equal("Đã làm ở nơi khác", after.Timeline[^1].Note);
        var twice = await Assert.ThrowsAsync<DomainValidationException>(() => portal.ActAsync(code, new ActInput(EngineActions.Withdraw, "Lần nữa"), null));
        Assert.Equal("action", twice.Errors.All[0].Field);

        // Once the result is ready, withdrawing is too late.
        var second = (await portal.SubmitAsync(new ReceiveInput(BirthRegistration, env.Commune.Id, "Nguyễn Văn An", "038095001234", "0912345678", null),
            [new IncomingFile("to-khai.pdf", Pdf, 0)])).Summary.Code;
        await officer.ActAsync(second, new ActInput(EngineActions.Accept), null);
        await officer.ActAsync(second, "chuyen_tham_dinh", null);
        await env.As(Roles.Specialist, env.Commune).ActAsync(second, "trinh_ky", null);
        var done = await env.As(Roles.Leader, env.Commune).ActAsync(second, "ky_duyet", null);
        Assert.Equal(9, done.Summary.Status);
        Assert.Equal("Có kết quả, chờ nhận", (await portal.FollowAsync(second)).Plain.Status.Vi);
        var late = await Assert.ThrowsAsync<DomainValidationException>(() => portal.ActAsync(second, new ActInput(EngineActions.Withdraw, "Muộn"), null));
        Assert.Equal("action", late.Errors.All[0].Field);

        var mine = await portal.MyDossiersAsync(null, null);
        Assert.Equal([second, code], mine.Items.Select(d => d.Code));
        Assert.Equal(0, (await env.AsCaller(Citizen()).MyDossiersAsync(null, null)).Total);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_timeline_speaks_plainly_and_keeps_internal_comments_internal(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var portal = env.AsCaller(Citizen());
        var code = await AwaitingSupplementAsync(env, portal);
        var timeline = (await portal.FollowAsync(code)).Timeline;
        Assert.Equal(["Nộp hồ sơ trực tuyến", "Hồ sơ được tiếp nhận", "Đang giải quyết: Công chức Tư pháp - Hộ tịch kiểm tra, ghi Sổ hộ tịch",
            "Yêu cầu bổ sung giấy tờ"], timeline.Select(s => s.Step.Vi));
        Assert.DoesNotContain(timeline, s => s.Note?.Contains("nội bộ") == true);
        Assert.Equal("Bổ sung giấy chứng sinh bản chính", timeline[^1].Note);
        Assert.All(timeline, s => Assert.NotNull(s.AgencyName));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dossier_stops_checking_second_factors_after_five_wrong_guesses_from_anyone_for_an_hour(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var code = await AwaitingSupplementAsync(env, env.AsCaller(Citizen()));
        // Guesses from five different people (addresses): the per-address rate limit would never see them together.
        for (var i = 0; i < DossierService.LookupGuessesAllowed; i++)
        {
            var guess = (await env.AsCaller(new SystemCaller($"anonymous-{i}")).LookUpAsync(code, $"000{i}"))!;
            Assert.Equal((true, false), (guess.FactorRejected, guess.Locked));
        }
        var right = (await env.AsCaller(new SystemCaller("anonymous-6")).LookUpAsync(code, "1234"))!;
        Assert.Equal((false, true, null), (right.Revealed, right.Locked, right.Timeline));
        Assert.Equal(code, right.Code);                      // the public part still answers
        var other = await AwaitingSupplementAsync(env, env.AsCaller(Citizen()));
        Assert.True((await env.AsCaller(new SystemCaller("anonymous")).LookUpAsync(other, "1234"))!.Revealed);   // only that dossier

        env.Clock.Now += DossierService.LookupGuessWindow + TimeSpan.FromMinutes(1);
        Assert.True((await env.AsCaller(new SystemCaller("anonymous")).LookUpAsync(code, "1234"))!.Revealed);

        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        var id = (await db.Set<Dossier>().SingleAsync(d => d.Code == code)).Id.ToString();
        Assert.Equal(1, await db.Set<Egov.Audit.AuditEntry>().CountAsync(e => e.EntityId == id && e.Action == DossierService.LookupLockedAction));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_public_look_up_reveals_the_timeline_only_with_the_second_factor_and_audits_it(DatabaseProvider provider)
    {
        await using var env = await OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn));
        var code = await AwaitingSupplementAsync(env, env.AsCaller(Citizen()));
        var anyone = env.AsCaller(new SystemCaller("anonymous"));

        var basic = (await anyone.LookUpAsync(" " + code.ToLowerInvariant() + " ", null))!;
        Assert.Equal((code, "Đăng ký khai sinh", false, false), (basic.Code, basic.ProcedureName, basic.Revealed, basic.FactorRejected));
        Assert.Null(basic.Timeline);
        Assert.Equal("Cần bổ sung giấy tờ", basic.Plain.Status.Vi);

        var byId = (await anyone.LookUpAsync(code, "1234"))!;       // 038095001234
        Assert.True(byId.Revealed);
        Assert.Contains(byId.Timeline!, s => s.Note == "Bổ sung giấy chứng sinh bản chính");
        var byPhone = (await anyone.LookUpAsync(code, "5678"))!;    // 0912345678
        Assert.True(byPhone.Revealed);
        var wrong = (await anyone.LookUpAsync(code, "0000"))!;
        Assert.Equal((false, true), (wrong.Revealed, wrong.FactorRejected));
        Assert.Null(wrong.Timeline);

        Assert.Null(await anyone.LookUpAsync("000.01.40.H56-991231-9999", null));
        var format = await Assert.ThrowsAsync<DomainValidationException>(() => anyone.LookUpAsync("ho-so-cua-toi", "12a4"));
        Assert.Equal(["code", "secondFactor"], format.Errors.All.Select(e => e.Field));

        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        var id = (await db.Set<Dossier>().SingleAsync(d => d.Code == code)).Id.ToString();
        var reads = await db.Set<Egov.Audit.AuditEntry>().Where(e => e.EntityId == id && e.Action == Egov.Audit.AuditActions.Read
            && e.Details == "public look-up with second factor").CountAsync();
        Assert.Equal(2, reads);
        Assert.Equal(1, await db.Set<Egov.Audit.AuditEntry>().CountAsync(e => e.EntityId == id && e.Action == "look-up-refused"));
    }

    [Fact]
    public void Statuses_read_as_the_applicant_says_them()
    {
        var due = new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);
        Assert.Equal("Đang giải quyết", CitizenView.Status(4, false, due, null, ReturnChannel.Online).Status.Vi);
        Assert.Contains("01/12/2026", CitizenView.Status(4, false, due, null, ReturnChannel.Online).Expected.Vi);
        Assert.Equal("Cần bổ sung giấy tờ — hạn 01/12/2026", CitizenView.Status(5, true, due, due, ReturnChannel.Online).Status.Vi);
        Assert.Contains("bộ phận một cửa", CitizenView.Status(9, false, due, null, ReturnChannel.Counter).Expected.Vi);
        Assert.Contains("bưu chính", CitizenView.Status(9, false, due, null, ReturnChannel.Post).Expected.Vi);
        Assert.Equal("1234", CitizenView.LastFour("0380 9500 1234"));
        Assert.Null(CitizenView.LastFour("12"));
    }
}
