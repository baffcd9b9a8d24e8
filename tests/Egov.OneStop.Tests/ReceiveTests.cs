using Egov.Audit;
using Egov.Hosting;
using Egov.Identity;
using Egov.OneStop.Delivery;
using Egov.OneStop.Notifications;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Files;
using Egov.Platform.Jobs;
using Egov.Platform.Messaging;
using Egov.Platform.Validation;
using Egov.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace Egov.OneStop.Tests;

/// <summary>
/// Issue 5 "Receive": the way of return with a delivery address checked against the Directory, and the applicant's messages —
/// queued with the dossier change, only with consent, sent by e-mail through a real SMTP conversation and by SMS to the
/// development sink, retried with backoff, never twice when two nodes send.
/// </summary>
public class ReceiveTests
{
    private const string Birth = "1.001193.000.00.00.H56";
    private const string Email = "an.nguyen@example.vn";
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

    // ---- rules without a database ----

    private static readonly CommuneOption[] ThanhHoa =
    [
        new("16024", "Phường Hàm Rồng", "38", "Tỉnh Thanh Hóa"), new("16027", "Phường Hạc Thành", "38", "Tỉnh Thanh Hóa"),
        new("16100", "Xã Đông Tiến", "38", "Tỉnh Thanh Hóa"), new("16101", "Phường Đông Tiến", "38", "Tỉnh Thanh Hóa"),
    ];

    [Fact]
    public void A_delivery_address_names_each_bad_field_in_Vietnamese_and_finds_the_commune_with_or_without_diacritics()
    {
        var errors = new ValidationErrors();
        Assert.Null(DeliveryAddressRules.Check(new DeliveryAddressInput(" ", "0912", "x", "38", "Hàm Rông Xyz"), ThanhHoa, errors));
        Assert.Equal(["postalRecipientName", "postalPhone", "postalLine", "postalCommune"], errors.All.Select(e => e.Field));
        Assert.Equal("Họ tên người nhận là bắt buộc.", errors.All[0].MessageVi);
        Assert.StartsWith("Số điện thoại \"0912\" không hợp lệ", errors.All[1].MessageVi);
        Assert.Contains("Không tìm thấy xã, phường \"Hàm Rông Xyz\" trong Tỉnh Thanh Hóa", errors.All[3].MessageVi);

        var noProvince = new ValidationErrors();
        DeliveryAddressRules.Check(new DeliveryAddressInput("An", "0912345678", "12 Lê Lợi", null, "Hàm Rồng"), [], noProvince);
        Assert.Equal(("postalProvinceCode", "Hãy chọn tỉnh, thành phố."), (noProvince.All.Single().Field, noProvince.All.Single().MessageVi));
        var ambiguous = new ValidationErrors();
        DeliveryAddressRules.Check(new DeliveryAddressInput("An", "0912345678", "12 Lê Lợi", "38", "dong tien"), ThanhHoa, ambiguous);
        Assert.Equal("ambiguous", ambiguous.All.Single().Code);

        foreach (var typed in new[] { "ham rong", "Phường Hàm Rồng", "PHUONG  HAM RONG", "16024" })
        {
            var ok = DeliveryAddressRules.Check(new DeliveryAddressInput("Nguyễn Thị An", "+84 912 345 678", "12 Lê Lợi", "38", typed), ThanhHoa, new ValidationErrors());
            Assert.Equal(new DeliveryAddress("Nguyễn Thị An", "0912345678", "12 Lê Lợi", "16024", "Phường Hàm Rồng, Tỉnh Thanh Hóa"), ok);
        }
        Assert.Equal("12 Lê Lợi, Phường Hàm Rồng, Tỉnh Thanh Hóa", new DeliveryAddress("A", "0912345678", "12 Lê Lợi", "16024", "Phường Hàm Rồng, Tỉnh Thanh Hóa").Full);
    }

    [Fact]
    public void Each_step_the_applicant_cares_about_has_its_message_and_internal_hand_offs_have_none()
    {
        var d = new Dossier
        {
            Code = "000.01.40.H56-261125-0001", ProcedureName = "Đăng ký khai sinh", ApplicantName = "Nguyễn Thị An", State = "THAM_DINH", Status = 4,
            AppointmentAt = new DateTime(2026, 11, 27, 9, 0, 0, DateTimeKind.Utc), FeeAmount = 8000,
        };
        DossierEvent E(string action, string from, string to) => new() { Action = action, FromState = from, ToState = to };
        Assert.Null(DossierMessages.KindOf(E("chuyen_tham_dinh", "TIEP_NHAN", "THAM_DINH"), d));
        Assert.Null(DossierMessages.KindOf(E(EngineActions.Assign, "THAM_DINH", "THAM_DINH"), d));
        Assert.Equal(DossierMessageKind.Received, DossierMessages.KindOf(E(EngineActions.Accept, "TIEP_NHAN", "TIEP_NHAN"), d));
        Assert.Equal(DossierMessageKind.Delayed, DossierMessages.KindOf(E(EngineActions.Extend, "THAM_DINH", "THAM_DINH"), d));
        foreach (var (status, kind) in new[] { (3, DossierMessageKind.Refused), (5, DossierMessageKind.Supplement), (6, DossierMessageKind.Fee),
                     (9, DossierMessageKind.ResultReady), (10, DossierMessageKind.Returned) })
        {
            d.Status = status;
            d.State = "S" + status;
            Assert.Equal(kind, DossierMessages.KindOf(E("x", "THAM_DINH", d.State), d));
        }

        var received = DossierMessages.Compose(DossierMessageKind.Received, d, null, "https://dichvucong.example.vn/");
        Assert.Equal("Hồ sơ 000.01.40.H56-261125-0001 đã được tiếp nhận", received.Subject);
        Assert.Contains("Ngày hẹn trả kết quả: 16:00 27/11/2026", received.EmailBody);
        Assert.Contains("Phí, lệ phí: 8.000 đồng; ông/bà có thể thanh toán trực tuyến tại https://dichvucong.example.vn/portal/dossiers/000.01.40.H56-261125-0001/pay", received.EmailBody);
        d.ReturnChannel = ReturnChannel.Counter;
        Assert.Contains("Mời ông/bà đến bộ phận một cửa", DossierMessages.Compose(DossierMessageKind.ResultReady, d, null, "").EmailBody);
        Assert.Contains("Lý do: Thiếu giấy chứng sinh", DossierMessages.Compose(DossierMessageKind.Refused, d, "Thiếu giấy chứng sinh", "").EmailBody);
        // SMS without diacritics: 160 characters a message instead of 70.
        Assert.Equal("Ho so 000.01.40.H56-261125-0001 da duoc tiep nhan. Hen tra ket qua: 16:00 27/11/2026.", Outbox.SmsText(received.SmsText));
        Assert.Equal("Dang ky khai sinh DONG", Outbox.SmsText("Đăng ký khai sinh ĐÔNG"));
    }

    [Fact]
    public void Retries_back_off_from_half_a_minute_to_an_hour()
    {
        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600], Enumerable.Range(1, 9).Select(a => (int)RetrySchedule.After(a).TotalSeconds));
    }

    // ---- on both databases ----

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_applicant_changes_the_way_of_return_until_the_result_is_ready_and_officers_see_it(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var env = await StartAsync(provider, smtp);
        var citizen = await CitizenAsync(env);
        var code = await SubmittedAndAcceptedAsync(env, citizen);
        var mine = env.AsCaller(citizen);

        var bad = await Assert.ThrowsAsync<DomainValidationException>(() => mine.ActAsync(code,
            new ActInput(EngineActions.ChangeDelivery, ReturnChannel: ReturnChannel.Post) { Postal = new("Nguyễn Thị An", "0912", "12 Lê Lợi", "38", "Hàm Xyz") }, null));
        Assert.Equal(["postalPhone", "postalCommune"], bad.Errors.All.Select(e => e.Field));
        Assert.Equal(ReturnChannel.Online, (await mine.GetAsync(code)).ReturnChannel);   // nothing saved

        var changed = await env.AsCaller(citizen).ActAsync(code,
            new ActInput(EngineActions.ChangeDelivery, ReturnChannel: ReturnChannel.Post) { Postal = new("Nguyễn Thị An", "0912 345 678", "12 Lê Lợi", "38", "ham rong") }, null);
        Assert.Equal(ReturnChannel.Post, changed.ReturnChannel);
        var post = changed.Delivery!;
        Assert.Equal(("Nguyễn Thị An", "0912345678", "12 Lê Lợi", "Phường Hàm Rồng, Tỉnh Thanh Hoá"), (post.RecipientName, post.Phone, post.Line, post.CommuneName));
        Assert.Matches(@"^\d{5}$", post.CommuneCode);
        Assert.Equal("Nhận kết quả qua dịch vụ bưu chính", changed.History[^1].Comment);
        // The officer of the receiving agency sees it; another citizen cannot change it.
        var officerView = await env.As(Roles.OneStopOfficer, env.Commune).GetAsync(code);
        Assert.Equal("12 Lê Lợi, Phường Hàm Rồng, Tỉnh Thanh Hoá", officerView.PostalAddress);
        await Assert.ThrowsAsync<NotFoundException>(() => env.AsCaller(new CitizenCaller(Guid.NewGuid())).ActAsync(code,
            new ActInput(EngineActions.ChangeDelivery, ReturnChannel: ReturnChannel.Counter), null));

        // The trail records the change, not the address.
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        var trail = await db.Set<AuditEntry>().Where(e => e.EntityType == nameof(Dossier)).Select(e => e.Details).ToListAsync();
        Assert.Contains(trail, t => t != null && t.Contains("PostalCommuneCode"));
        Assert.DoesNotContain(trail, t => t != null && (t.Contains("Lê Lợi") || t.Contains("0912345678") || t.Contains("Hàm Rồng, Tỉnh")));

        // Back to the counter: the address is dropped. Once the result is ready, no more changes.
        var counter = await env.AsCaller(citizen).ActAsync(code, new ActInput(EngineActions.ChangeDelivery, ReturnChannel: ReturnChannel.Counter), null);
        Assert.Equal((ReturnChannel.Counter, null), (counter.ReturnChannel, counter.Delivery));
        await ResultReadyAsync(env, code);
        var late = await Assert.ThrowsAsync<DomainValidationException>(() => env.AsCaller(citizen).ActAsync(code,
            new ActInput(EngineActions.ChangeDelivery, ReturnChannel: ReturnChannel.Online), null));
        Assert.Equal("notAvailable", late.Errors.All.Single().Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_applicant_without_an_account_who_agrees_at_the_counter_is_told_at_the_addresses_given(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var env = await StartAsync(provider, smtp);
        var counter = env.As(Roles.OneStopOfficer, env.Commune);
        ReceiveInput Counter(bool agrees) => new("1.001193.000.00.00.H56", env.Commune.Id, "Trần Văn Quầy", "038090004411", "0987 654 321", "tran.quay@example.vn",
            ReceivedDocuments: [0, 1]) { NotifyApplicant = agrees };

        await counter.ReceiveAsync(Counter(agrees: false));
        Assert.Equal(0, await Queued(env).CountAsync());

        var code = (await counter.ReceiveAsync(Counter(agrees: true))).Summary.Code;
        var queued = await Queued(env).OrderBy(m => m.Channel).ToListAsync();
        Assert.Equal([(MessageChannel.Email, "tran.quay@example.vn"), (MessageChannel.Sms, "0987654321")], queued.Select(m => (m.Channel, m.Recipient)));
        Assert.All(queued, m => Assert.Equal((Guid.Empty, "dossier.received"), (m.UserId, m.Kind)));
        await RunSenderAsync(env);
        var (to, data) = Assert.Single(smtp.Received);
        Assert.Equal("tran.quay@example.vn", to);
        Assert.Equal($"Hồ sơ {code} đã được tiếp nhận", MimeMessage.Load(new MemoryStream(data)).Subject);
        Assert.Equal("0987654321", Assert.Single(await Sink(env).LatestAsync(10)).To);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_consent_the_applicant_gets_an_email_through_SMTP_and_an_SMS_and_without_it_nothing(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var env = await StartAsync(provider, smtp);
        var citizen = await CitizenAsync(env);

        // No consent yet: the reception queues nothing, the sender sends nothing.
        var silent = await SubmittedAndAcceptedAsync(env, citizen);
        Assert.Equal(0, await Queued(env).CountAsync());
        // Addresses given but both channels off: still nothing.
        await Preferences(env, citizen).SaveAsync(new ContactPreferenceInput(false, Email, false, "0912345678"));
        await env.As(Roles.OneStopOfficer, env.Commune).ActAsync(silent, "chuyen_tham_dinh", null);
        await RefuseAsync(env, silent);
        Assert.Equal(0, await Queued(env).CountAsync());

        await Preferences(env, citizen).SaveAsync(new ContactPreferenceInput(true, Email, true, "0912 345 678", 1));
        var code = await SubmittedAndAcceptedAsync(env, citizen);
        var queued = await Queued(env).OrderBy(m => m.Channel).ToListAsync();
        Assert.Equal([(MessageChannel.Email, Email), (MessageChannel.Sms, "0912345678")], queued.Select(m => (m.Channel, m.Recipient)));
        Assert.All(queued, m => Assert.Equal((MessageStatus.Pending, "dossier.received"), (m.Status, m.Kind)));

        await RunSenderAsync(env);
        var (to, data) = Assert.Single(smtp.Received);
        Assert.Equal(Email, to);
        var mail = MimeMessage.Load(new MemoryStream(data));
        Assert.Equal($"Hồ sơ {code} đã được tiếp nhận", mail.Subject);
        Assert.Equal("no-reply@thanhhoa.example.vn", mail.From.Mailboxes.Single().Address);
        var body = mail.TextBody;
        Assert.Contains("Kính gửi ông/bà Nguyễn Thị An,", body);
        Assert.Contains($"Mã hồ sơ: {code}", body);
        Assert.Contains("Ngày hẹn trả kết quả: ", body);
        Assert.Contains($"https://dichvucong.example.vn/portal/dossiers/{code}", body);
        Assert.Contains("charset=utf-8", System.Text.Encoding.ASCII.GetString(data), StringComparison.OrdinalIgnoreCase);
        var sms = Assert.Single(await Sink(env).LatestAsync(10));
        Assert.Equal("0912345678", sms.To);
        Assert.StartsWith($"Ho so {code} da duoc tiep nhan. Hen tra ket qua: ", sms.Text);
        Assert.All(await Queued(env).ToListAsync(), m => Assert.Equal((MessageStatus.Sent, 1), (m.Status, m.Attempts)));

        // The next steps the applicant cares about: a supplement asked (with the reason), then nothing for internal hand-offs.
        await env.As(Roles.OneStopOfficer, env.Commune).ActAsync(code, "chuyen_tham_dinh", null);
        Assert.Equal(2, await Queued(env).CountAsync());
        await env.As(Roles.Specialist, env.Commune).ActAsync(code, "yeu_cau_bo_sung", "Bổ sung giấy chứng sinh bản chính");
        await RunSenderAsync(env);
        var supplement = MimeMessage.Load(new MemoryStream(smtp.Received.Last().Data));
        Assert.Equal($"Hồ sơ {code} cần bổ sung giấy tờ", supplement.Subject);
        Assert.Contains("Nội dung cần bổ sung: Bổ sung giấy chứng sinh bản chính", supplement.TextBody);
        // Running again sends nothing twice.
        await RunSenderAsync(env);
        Assert.Equal(2, smtp.Received.Count);
        Assert.Equal(2, (await Sink(env).LatestAsync(10)).Count);

        // Consent withdrawn: later steps queue nothing.
        await Preferences(env, citizen).SaveAsync(new ContactPreferenceInput(false, Email, false, null, 2));
        await env.AsCaller(citizen).ActAsync(code, new ActInput("nop_bo_sung", "Đã bổ sung"), [new IncomingFile("giay-chung-sinh.pdf", Pdf, null)]);
        await RefuseAfterReviewAsync(env, code);
        Assert.Equal(4, await Queued(env).CountAsync());

        // The preferences' changes are in the trail, redacted.
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        var trail = await db.Set<AuditEntry>().Where(e => e.EntityType == nameof(ContactPreference)).ToListAsync();
        Assert.Equal(3, trail.Count);
        Assert.DoesNotContain(trail, t => t.Details != null && (t.Details.Contains(Email) || t.Details.Contains("0912345678")));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_attempt_is_retried_with_backoff_and_a_permanent_refusal_fails_the_message(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var env = await StartAsync(provider, smtp);
        var citizen = await CitizenAsync(env);
        await Preferences(env, citizen).SaveAsync(new ContactPreferenceInput(true, Email, false, null));
        await SubmittedAndAcceptedAsync(env, citizen);

        smtp.RejectNext(1, "451 4.3.0 Mailbox busy, try again later");
        await RunSenderAsync(env);
        var first = await Queued(env).SingleAsync();
        Assert.Equal((MessageStatus.Pending, 1), (first.Status, first.Attempts));
        Assert.Equal("SmtpCommandException 451 RecipientNotAccepted", first.LastError);
        Assert.Equal(env.Clock.Now.UtcDateTime.AddSeconds(30), first.NextAttemptAt, TimeSpan.FromSeconds(1));
        await RunSenderAsync(env);   // not due yet
        Assert.Empty(smtp.Received);
        env.Clock.Now = env.Clock.Now.AddSeconds(31);
        await RunSenderAsync(env);
        Assert.Single(smtp.Received);
        var sent = await Queued(env).SingleAsync();
        Assert.Equal((MessageStatus.Sent, 2), (sent.Status, sent.Attempts));

        // A 5xx reply will not pass by retrying.
        await Preferences(env, citizen).SaveAsync(new ContactPreferenceInput(true, "khong.ton.tai@example.vn", false, null, 1));
        var code = await SubmittedAndAcceptedAsync(env, citizen);
        smtp.RejectNext(1, "550 5.1.1 No such user");
        await RunSenderAsync(env);
        var failed = await Queued(env).SingleAsync(m => m.Recipient == "khong.ton.tai@example.vn");
        Assert.Equal((MessageStatus.Failed, 1, "SmtpCommandException 550 RecipientNotAccepted"), (failed.Status, failed.Attempts, failed.LastError));
        Assert.Single(smtp.Received);
        Assert.NotNull(code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_nodes_sending_at_once_send_each_message_once(DatabaseProvider provider)
    {
        await using var smtp = new SmtpTestServer();
        await using var env = await StartAsync(provider, smtp);
        var citizen = await CitizenAsync(env);
        await Preferences(env, citizen).SaveAsync(new ContactPreferenceInput(true, Email, true, "0912345678"));
        for (var i = 0; i < 3; i++) await SubmittedAndAcceptedAsync(env, citizen, "Phường Hàm Rồng số " + i);
        Assert.Equal(6, await Queued(env).CountAsync());

        await using var node1 = env.BuildNode(withJobs: true);
        await using var node2 = env.BuildNode(withJobs: true);
        var hosts = new[] { node1, node2 }.Select(n => n.GetServices<IHostedService>().OfType<RecurringJobsHost>().Single()).ToList();
        var jobs = new[] { node1, node2 }.Select(n => n.GetRequiredService<OutboxSender>()).ToList();
        // Through the job lease (plat_job_leases): one node wins the tick.
        var ran = await Task.WhenAll(hosts[0].TickAsync(jobs[0], CancellationToken.None), hosts[1].TickAsync(jobs[1], CancellationToken.None));
        Assert.Single(ran, r => r);
        Assert.Equal(3, smtp.Received.Count);
        Assert.Equal(3, (await Sink(env).LatestAsync(10)).Count);

        // Even two senders running without the lease (a node that lost it mid-run) claim each message for one of them.
        for (var i = 0; i < 4; i++) await SubmittedAndAcceptedAsync(env, citizen, "Phường Hạc Thành số " + i);
        await using var s1 = node1.CreateScopeAs(new SystemCaller("job:a"));
        await using var s2 = node2.CreateScopeAs(new SystemCaller("job:b"));
        await Task.WhenAll(jobs[0].RunAsync(s1.ServiceProvider, CancellationToken.None), jobs[1].RunAsync(s2.ServiceProvider, CancellationToken.None));
        Assert.Equal(7, smtp.Received.Count);
        Assert.Equal(7, smtp.Received.Select(r => MimeMessage.Load(new MemoryStream(r.Data)).Subject).Distinct().Count());
        Assert.Equal(7, (await Sink(env).LatestAsync(20)).Count);
        Assert.All(await Queued(env).ToListAsync(), m => Assert.Equal((MessageStatus.Sent, 1), (m.Status, m.Attempts)));
    }

    // ---- helpers ----

    private static Task<OneStopEnv> StartAsync(DatabaseProvider provider, SmtpTestServer smtp) =>
        OneStopEnv.StartAsync(provider, new DateTimeOffset(2026, 11, 25, 9, 0, 0, Vn), new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = smtp.Port.ToString(),
            ["Notifications:Smtp:UseTls"] = "false",
            ["Notifications:Smtp:From"] = "Cổng dịch vụ công tỉnh Thanh Hóa <no-reply@thanhhoa.example.vn>",
            ["Notifications:Sms:Provider"] = "Development",
            ["Notifications:PortalUrl"] = "https://dichvucong.example.vn",
        });

    private static async Task<string> SubmittedAndAcceptedAsync(OneStopEnv env, ICallerContext citizen, string? address = null)
    {
        var submitted = await env.AsCaller(citizen).SubmitAsync(new ReceiveInput(Birth, env.Commune.Id, "Nguyễn Thị An", DemoSeeder.DemoCitizenId,
            "0912345678", null, ApplicantAddress: address), [new IncomingFile("to-khai.pdf", Pdf, 0)]);
        var code = submitted.Summary.Code;
        await env.As(Roles.OneStopOfficer, env.Commune).ActAsync(code, EngineActions.Accept, null);
        return code;
    }

    private static async Task ResultReadyAsync(OneStopEnv env, string code)
    {
        await env.As(Roles.OneStopOfficer, env.Commune).ActAsync(code, "chuyen_tham_dinh", null);
        await env.As(Roles.Specialist, env.Commune).ActAsync(code, "trinh_ky", null);
        await env.As(Roles.Leader, env.Commune).ActAsync(code, "ky_duyet", null);
    }

    private static async Task RefuseAsync(OneStopEnv env, string code)
    {
        await env.As(Roles.Specialist, env.Commune).ActAsync(code, "trinh_ky", null);
        await env.As(Roles.Leader, env.Commune).ActAsync(code, "tu_choi", "Không đủ điều kiện");
    }

    private static async Task RefuseAfterReviewAsync(OneStopEnv env, string code) => await RefuseAsync(env, code);

    private static async Task RunSenderAsync(OneStopEnv env)
    {
        var sender = ActivatorUtilities.CreateInstance<OutboxSender>(env.Services);
        await using var scope = env.Services.CreateScopeAs(new SystemCaller("job:" + OutboxSender.JobName));
        await sender.RunAsync(scope.ServiceProvider, CancellationToken.None);
    }

    private static IQueryable<OutboundMessage> Queued(OneStopEnv env) =>
        env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>().Set<OutboundMessage>().AsNoTracking();

    private static DevelopmentSmsSink Sink(OneStopEnv env) => env.Scope().ServiceProvider.GetRequiredService<DevelopmentSmsSink>();

    private static ContactPreferenceService Preferences(OneStopEnv env, ICallerContext caller) =>
        env.Scope(caller).ServiceProvider.GetRequiredService<ContactPreferenceService>();

    private static async Task<CitizenCaller> CitizenAsync(OneStopEnv env)
    {
        var db = env.Scope().ServiceProvider.GetRequiredService<EgovDbContext>();
        return new CitizenCaller(await db.Set<EgovUser>().Where(u => u.CitizenId == DemoSeeder.DemoCitizenId).Select(u => u.Id).SingleAsync());
    }

    private sealed class CitizenCaller(Guid id) : ICallerContext
    {
        public Guid? UserId => id;
        public string Actor => id.ToString();
        public IReadOnlyList<CallerGrant> Grants { get; } = [new(Roles.Citizen, Guid.Empty, "")];
    }
}
