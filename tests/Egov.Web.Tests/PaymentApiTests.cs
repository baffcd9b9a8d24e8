using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Egov.Audit;
using Egov.OneStop.Payments;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Web.Tests;

/// <summary>
/// Paying a dossier's fee by VietQR over real HTTP: the applicant's payment (API and page, nobody else's), the bank's
/// signed notification that marks the fee paid once through the engine's own action, and every forged, stale, tampered
/// or replayed notification refused with problem details, logged and audited, changing nothing.
/// </summary>
public abstract class PaymentApiTests(PaymentHostFixture fixture)
{
    private const string Birth = "1.001193.000.00.00.H56";   // fees: 0 (registration), 8.000 đồng (a copy)
    private EgovHost Host => fixture.Host;
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(PaymentHostFixture.SandboxSecret);

    [Fact]
    public async Task A_citizen_pays_by_the_sandbox_callback_once_and_a_repeat_changes_nothing()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await SubmitAsync(citizen, officer);

        // Before reception: the fee is known, no QR yet.
        var waiting = await (await citizen.GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.OK);
        Assert.Equal("AwaitingReception", waiting.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("qrPayload").ValueKind);
        await AcceptAsync(officer, code);

        var payment = await (await citizen.GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.OK);
        Assert.Equal("Pending", payment.GetProperty("status").GetString());
        Assert.Equal("Chờ thanh toán", payment.GetProperty("statusName").GetString());
        Assert.Equal(8000, payment.GetProperty("amount").GetInt64());
        Assert.Equal(code, payment.GetProperty("purpose").GetString());
        var bank = payment.GetProperty("bank");
        Assert.Equal("970405", bank.GetProperty("bin").GetString());   // the demo commune's account (Agribank)
        Assert.True(bank.GetProperty("demo").GetBoolean());
        var qr = VietQr.Parse(payment.GetProperty("qrPayload").GetString());
        Assert.Equal(("970405", bank.GetProperty("accountNumber").GetString(), 8000L, code), (qr.BankBin, qr.Account, qr.Amount!.Value, qr.Purpose));
        var png = await citizen.GetAsync(payment.GetProperty("qrImage").GetString());
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        // The officers of the receiving commune see it; another commune and another citizen do not (404).
        await (await officer.GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.OK);
        await (await (await Host.SignedInAsync("motcua.xa2")).GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.NotFound);
        var stranger = await StrangerAsync();
        await (await stranger.GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/portal/dossiers/{code}/pay")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/dossiers/{code}/payment/qr.png")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/portal/dossiers/{code}/pay")).StatusCode);
        var page = await PageAsync(citizen, $"/portal/dossiers/{code}/pay");
        Assert.Contains("Chờ thanh toán", page);
        Assert.Contains("src=\"data:image/png;base64,", page);
        Assert.Contains("8.000 đồng", page);
        Assert.Contains($"href=\"/portal/sandbox-bank/{code}\"", page);
        Assert.Contains($"href=\"/portal/dossiers/{code}/pay\"", await PageAsync(citizen, $"/portal/dossiers/{code}"));

        var before = await DossierAsync(officer, code);
        var body = Body(code, 8000, "FT26112400001");
        var paid = await (await NotifyAsync(body)).Json(HttpStatusCode.OK);
        Assert.Equal("paid", paid.GetProperty("outcome").GetString());
        Assert.False(paid.GetProperty("replayed").GetBoolean());
        var after = await DossierAsync(officer, code);
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("feePaidAt").ValueKind);
        Assert.Equal(before.GetProperty("version").GetInt32() + 1, after.GetProperty("version").GetInt32());
        Assert.Equal(before.GetProperty("state").GetString(), after.GetProperty("state").GetString());
        var history = after.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(before.GetProperty("history").GetArrayLength() + 1, history.Count);
        var row = history[^1];
        Assert.Equal("thu_phi", row.GetProperty("action").GetString());
        Assert.Equal("payment:sandbox", row.GetProperty("actor").GetString());
        Assert.Contains("thanh toán trực tuyến", row.GetProperty("comment").GetString());
        Assert.Contains("FT26112400001", row.GetProperty("comment").GetString());

        // The bank sends it again (same body, even newly signed): the same answer, nothing applied twice.
        var again = await (await NotifyAsync(body)).Json(HttpStatusCode.OK);
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(paid.GetProperty("paidAt").GetDateTime(), again.GetProperty("paidAt").GetDateTime());
        var unchanged = await DossierAsync(officer, code);
        Assert.Equal(after.GetProperty("version").GetInt32(), unchanged.GetProperty("version").GetInt32());
        Assert.Equal(history.Count, unchanged.GetProperty("history").GetArrayLength());

        var done = await (await citizen.GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.OK);
        Assert.Equal("Paid", done.GetProperty("status").GetString());
        Assert.Equal("FT26112400001", done.GetProperty("transactionId").GetString());
        Assert.Equal("sandbox", done.GetProperty("provider").GetString());
        Assert.Contains("Đã thanh toán", await PageAsync(citizen, $"/portal/dossiers/{code}/pay"));
        var rows = await Host.InScopeAsync(async sp => await sp.GetRequiredService<EgovDbContext>().Set<PaymentNotification>().CountAsync(n => n.Reference == code));
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task Forged_stale_tampered_and_replayed_notifications_are_refused_logged_audited_and_change_nothing()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await SubmitAsync(citizen, officer);
        await AcceptAsync(officer, code);
        var before = await DossierAsync(officer, code);
        var now = DateTimeOffset.UtcNow;
        var good = Body(code, 8000, "FT-TAMPER-1");

        await Refused(await NotifyAsync(Body(code, 7000, "FT-TAMPER-1")), 422, "wrongAmount");
        // Signed, then the amount changed on the way.
        var ts = PaymentSignature.Timestamp(now);
        var sig = PaymentSignature.Sign(Secret, ts, good);
        await Refused(await SendSignedAsync(Body(code, 80000, "FT-TAMPER-1"), "sandbox", ts, sig), 401, "badSignature");
        await Refused(await SendSignedAsync(good, "sandbox", ts, sig[..^2] + (sig[^2..] == "00" ? "11" : "00")), 401, "badSignature");
        await Refused(await SendSignedAsync(good, "sandbox", ts, null), 401, "badSignature");
        await Refused(await SendSignedAsync(good, "sandbox", ts, "sha256=not-hex"), 401, "badSignature");
        // The timestamp is signed: a fresh one on an old signature fails; an old one correctly signed is stale.
        await Refused(await SendSignedAsync(good, "sandbox", PaymentSignature.Timestamp(now.AddSeconds(5)), sig), 401, "badSignature");
        var old = PaymentSignature.Timestamp(now.AddMinutes(-10));
        await Refused(await SendSignedAsync(good, "sandbox", old, PaymentSignature.Sign(Secret, old, good)), 401, "staleTimestamp");
        await Refused(await SendSignedAsync(good, "sandbox", "soon", sig), 401, "staleTimestamp");
        // Another provider's name with the sandbox's signature; a provider nobody configured.
        await Refused(await SendSignedAsync(good, "gateway", ts, sig), 401, "badSignature");
        await Refused(await SendSignedAsync(good, "evil-bank", ts, sig), 401, "unknownProvider");
        await Refused(await NotifyAsync(Body("000.01.40.H56-261124-9999", 8000, "FT-TAMPER-2")), 422, "unknownReference");
        await Refused(await NotifyAsync("{\"reference\":\"x\",\"amount\":\"8000\",\"transactionId\":\"T\"}"u8.ToArray()), 400, "malformed");
        await Refused(await NotifyAsync(Encoding.UTF8.GetBytes($"{{\"reference\":\"{code}\",\"amount\":1,\"amount\":8000,\"transactionId\":\"T\"}}")), 400, "malformed");
        await Refused(await NotifyAsync("[1,2"u8.ToArray()), 400, "malformed");

        var untouched = await DossierAsync(officer, code);
        Assert.Equal(JsonValueKind.Null, untouched.GetProperty("feePaidAt").ValueKind);
        Assert.Equal(before.GetProperty("version").GetInt32(), untouched.GetProperty("version").GetInt32());
        Assert.Equal(before.GetProperty("history").GetArrayLength(), untouched.GetProperty("history").GetArrayLength());

        await (await NotifyAsync(good)).Json(HttpStatusCode.OK);
        // The same transaction id with another body, and a second transaction for a fee already paid.
        await Refused(await NotifyAsync(Body(code, 8000, "FT-TAMPER-1", paidAt: "2026-01-01T00:00:00Z")), 409, "transactionReused");
        await Refused(await NotifyAsync(Body(code, 8000, "FT-TAMPER-3")), 409, "alreadyPaid");
        var paid = await DossierAsync(officer, code);
        Assert.Equal(before.GetProperty("history").GetArrayLength() + 1, paid.GetProperty("history").GetArrayLength());

        // Each refusal is in the audit trail (the log is checked in PaymentRefusalLogTests: test hosts share Serilog's static logger).
        var refusals = await Host.InScopeAsync(async sp => await sp.GetRequiredService<EgovDbContext>().Set<AuditEntry>()
            .Where(e => e.Action == PaymentNotificationHandler.RefusedAction).Select(e => e.Details!).ToListAsync());
        foreach (var reason in new[] { "wrongAmount", "badSignature", "staleTimestamp", "unknownProvider", "unknownReference", "malformed", "transactionReused", "alreadyPaid" })
            Assert.Contains(refusals, d => d.StartsWith(reason));
        var log = Host.CapturedLog;
        Assert.DoesNotContain("Nguyễn Thị An", log);
        Assert.DoesNotContain(Egov.Hosting.DemoSeeder.DemoCitizenId, log);
    }

    [Fact]
    public async Task The_sandbox_bank_page_pays_for_the_applicant_through_the_signed_notification()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await SubmitAsync(citizen, officer);
        await AcceptAsync(officer, code);
        var sandbox = $"/portal/sandbox-bank/{code}";
        Assert.Equal(HttpStatusCode.NotFound, (await (await StrangerAsync()).GetAsync(sandbox)).StatusCode);
        var response = await PostAsync(citizen, sandbox, "sandbox-pay", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith($"/portal/dossiers/{code}/pay", response.Headers.Location!.ToString());
        var done = await (await citizen.GetAsync($"/api/v1/dossiers/{code}/payment")).Json(HttpStatusCode.OK);
        Assert.Equal("Paid", done.GetProperty("status").GetString());
        Assert.StartsWith("SBX", done.GetProperty("transactionId").GetString());
        Assert.Contains("Hồ sơ không có khoản phí đang chờ thanh toán", await PageAsync(citizen, sandbox));
    }

    [Fact]
    public async Task An_agencys_collection_account_is_data_that_its_administrators_set()
    {
        var admin = await Host.SignedInAsync("quantri");
        var justice = (await (await admin.GetAsync("/api/v1/agencies/by-code/000.00.03.H56")).Json(HttpStatusCode.OK)).GetProperty("id").GetString();
        var url = $"/api/v1/agencies/{justice}/bank-account";
        var specialist = await Host.SignedInAsync("chuyenvien.stp");
        var seeded = await (await specialist.GetAsync(url)).Json(HttpStatusCode.OK);
        Assert.Equal("970418", seeded.GetProperty("bankBin").GetString());   // demo: BIDV
        Assert.True(seeded.GetProperty("isDemoData").GetBoolean());
        await (await (await Host.SignedInAsync("motcua.xa1")).GetAsync(url)).Json(HttpStatusCode.NotFound);
        await (await specialist.PutAsJsonAsync(url, new { bankBin = "970436", accountNumber = "0011004455667", accountName = "SO TU PHAP THANH HOA" }))
            .Json(HttpStatusCode.Forbidden);
        var bad = await admin.PutAsJsonAsync(url, new { bankBin = "9704", accountNumber = "00 11", accountName = "" });
        await bad.Problem(HttpStatusCode.BadRequest, "bankBin");
        var set = await (await admin.PutAsJsonAsync(url, new { bankBin = "970436", accountNumber = "0011004455667", accountName = "SO TU PHAP THANH HOA" }))
            .Json(HttpStatusCode.OK);
        Assert.Equal(("Vietcombank", false), (set.GetProperty("bankName").GetString(), set.GetProperty("isDemoData").GetBoolean()));
    }

    // ---- helpers ----

    /// <summary>The demo citizen submits a birth registration online asking for a copy (8.000 đồng); returns the code.</summary>
    private static async Task<string> SubmitAsync(HttpClient citizen, HttpClient officer)
    {
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new
            {
                procedureCode = Birth, receivingAgencyId = commune.GetProperty("id").GetGuid(), fees = new[] { 1 },
                applicantName = "Nguyễn Thị An", applicantIdNumber = Egov.Hosting.DemoSeeder.DemoCitizenId, applicantPhone = "0912345678",
            })), "dossier" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "document-0", "to-khai.pdf" },
        };
        var created = await (await citizen.PostAsync("/api/v1/dossiers/online", form)).Json(HttpStatusCode.Created);
        Assert.Equal(8000, created.GetProperty("feeAmount").GetInt64());
        return created.GetProperty("code").GetString()!;
    }

    private static async Task AcceptAsync(HttpClient officer, string code) =>
        await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/tiep_nhan", new { })).Json(HttpStatusCode.OK);

    private static async Task<JsonElement> DossierAsync(HttpClient officer, string code) =>
        await (await officer.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK);

    private async Task<HttpClient> StrangerAsync()
    {
        var id = "0380960" + Random.Shared.Next(10000, 99999);
        var phone = "09" + Random.Shared.Next(10000000, 99999999);
        var client = Host.Anonymous();
        await (await client.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Lê Văn Khác", citizenId = id, phone, password = "matkhau-2026-khac" }))
            .Json(HttpStatusCode.Created);
        var login = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = phone, password = "matkhau-2026-khac" })).Json(HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("access_token").GetString());
        return client;
    }

    private static byte[] Body(string reference, long amount, string transactionId, string paidAt = "2026-11-24T05:00:00Z") =>
        JsonSerializer.SerializeToUtf8Bytes(new { reference, amount, transactionId, paidAt, bankBin = "970405" });

    /// <summary>Signed now with the sandbox's secret, as the bank would send it.</summary>
    private Task<HttpResponseMessage> NotifyAsync(byte[] body)
    {
        var ts = PaymentSignature.Timestamp(DateTimeOffset.UtcNow);
        return SendSignedAsync(body, "sandbox", ts, PaymentSignature.Sign(Secret, ts, body));
    }

    private Task<HttpResponseMessage> SendSignedAsync(byte[] body, string provider, string timestamp, string? signature)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/notifications") { Content = content };
        request.Headers.Add(PaymentSignature.ProviderHeader, provider);
        request.Headers.Add(PaymentSignature.TimestampHeader, timestamp);
        if (signature is not null) request.Headers.Add(PaymentSignature.SignatureHeader, signature);
        return Host.Anonymous().SendAsync(request);
    }

    private static async Task Refused(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json((HttpStatusCode)status);
        Assert.Equal("https://egov.vn/problems/payment-refused", problem.GetProperty("type").GetString());
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }
}

/// <summary>A host with the sandbox bank on and two providers' secrets (as Development's defaults would be).</summary>
public abstract class PaymentHostFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public const string SandboxSecret = "test-sandbox-secret-0123456789";
    public EgovHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await EgovHost.StartAsync(provider, new()
    {
        ["Payments:Sandbox:Enabled"] = "true",
        ["Payments:Providers:sandbox:Secret"] = SandboxSecret,
        ["Payments:Providers:gateway:Secret"] = "another-gateway-secret-9876543210",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class PaymentSqliteHost() : PaymentHostFixture(DatabaseProvider.Sqlite);
public sealed class PaymentPostgresHost() : PaymentHostFixture(DatabaseProvider.PostgreSql);

[Collection("sqlite")] public sealed class PaymentApiSqlite(PaymentSqliteHost f) : PaymentApiTests(f), IClassFixture<PaymentSqliteHost>;
[Collection("postgres")] public sealed class PaymentApiPostgres(PaymentPostgresHost f) : PaymentApiTests(f), IClassFixture<PaymentPostgresHost>;
