using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Egov.OneStop.Feedback;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Web.Tests;

/// <summary>
/// Receive, rate and speak over real HTTP, as a browser without JavaScript does: the electronic result downloaded by its owner
/// only, the satisfaction rating once the result was returned and only by the owner, and the feedback about a procedure
/// (page and API) with its field errors in Vietnamese, its storage, and what officials read of it.
/// </summary>
public abstract class PortalRateTests(HostFixture fixture)
{
    private const string Birth = "1.001193.000.00.00.H56";
    private EgovHost Host => fixture.Host;

    /// <summary>
    /// Submitted online by the demo citizen and taken through to the return: a note file the officer attaches on the way,
    /// the signed result (ket-qua.pdf) attached at the signature.
    /// </summary>
    public static async Task<string> ReturnedAsync(EgovHost host)
    {
        var citizen = await host.SignedInAsync("congdan@example.vn");
        var officer = await host.SignedInAsync("motcua.xa1");
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new
            {
                procedureCode = Birth, receivingAgencyId = commune.GetProperty("id").GetGuid(),
                applicantName = "Nguyễn Thị An", applicantIdNumber = Egov.Hosting.DemoSeeder.DemoCitizenId, applicantPhone = "0912345678",
            })), "dossier" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "document-0", "to-khai.pdf" },
        };
        var code = (await (await citizen.PostAsync("/api/v1/dossiers/online", form)).Json(HttpStatusCode.Created)).GetProperty("code").GetString()!;
        await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/tiep_nhan", new { })).Json(HttpStatusCode.OK);
        await (await officer.PostAsync($"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh", WithFile("phieu-noi-bo.pdf"))).Json(HttpStatusCode.OK);
        var specialist = await host.SignedInAsync("tuphap.xa1");
        await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", new { })).Json(HttpStatusCode.OK);
        // The demo has no commune leader: the system administrator signs in its place.
        var admin = await host.SignedInAsync("quantri");
        await (await admin.PostAsync($"/api/v1/dossiers/{code}/actions/ky_duyet", WithFile("ket-qua.pdf"))).Json(HttpStatusCode.OK);
        var returned = await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/tra_ket_qua", new { })).Json(HttpStatusCode.OK);
        Assert.Equal(10, returned.GetProperty("status").GetInt32());
        return code;
    }

    private static MultipartFormDataContent WithFile(string name) => new()
    {
        { new StringContent("{}"), "input" },
        { new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% " + name + "\n%%EOF")), "files", name },
    };

    private static readonly SemaphoreSlim OtherLock = new(1, 1);

    /// <summary>Another citizen, registered once per host.</summary>
    private async Task<HttpClient> OtherCitizenAsync()
    {
        await OtherLock.WaitAsync();
        try
        {
            var anon = Host.Anonymous();
            await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Lê Thị Khác", citizenId = "038197004412", phone = "0977123451", password = "matkhau123" });
            var login = await (await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "0977123451", password = "matkhau123" })).Json(HttpStatusCode.OK);
            var other = Host.Anonymous();
            other.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("access_token").GetString());
            return other;
        }
        finally { OtherLock.Release(); }
    }

    [Fact]
    public async Task Only_the_owner_rates_and_only_once_the_result_was_returned()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var waiting = await PortalFollowTests.AwaitingSupplementAsync(Host);
        Assert.DoesNotContain("name=\"Rate.Rating\"", await PageAsync(citizen, $"/portal/dossiers/{waiting}"));
        await (await citizen.PostAsJsonAsync($"/api/v1/dossiers/{waiting}/actions/danh_gia", new { rating = 5 })).Problem(HttpStatusCode.BadRequest, "action");

        var code = await ReturnedAsync(Host);
        var page = $"/portal/dossiers/{code}";
        var html = await PageAsync(citizen, page);
        Assert.Contains("Đánh giá mức độ hài lòng", html);
        foreach (var label in new[] { "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng" })
            Assert.Contains($">{label}</label>", html);
        Assert.Equal(5, Regex.Matches(html, "type=\"radio\" id=\"rating-\\d\" name=\"Rate.Rating\"").Count);

        var other = await OtherCitizenAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
        await (await other.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/danh_gia", new { rating = 1 })).Json(HttpStatusCode.NotFound);

        var version = Regex.Match(html, "name=\"Rate.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var none = await (await PostAsync(citizen, page, "rate", [new("Rate.Version", version), new("Rate.Comment", "Cán bộ nhiệt tình")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"rating-error\">Hãy chọn một mức độ hài lòng.", none);
        Assert.Contains(">Cán bộ nhiệt tình</textarea>", none);   // nothing typed is lost
        var tooLong = await (await PostAsync(citizen, page, "rate", [new("Rate.Version", version), new("Rate.Rating", "4"), new("Rate.Comment", new string('a', 1001))]))
            .Content.ReadAsStringAsync();
        Assert.Contains("id=\"comment-error\">Ý kiến thêm tối đa 1000 ký tự.", tooLong);
        Assert.Matches("id=\"rating-4\"[^>]*checked", tooLong);

        var rated = await PostAsync(citizen, page, "rate", [new("Rate.Version", version), new("Rate.Rating", "4"), new("Rate.Comment", "Cán bộ nhiệt tình")]);
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        Assert.EndsWith($"{page}?done=rated", rated.Headers.Location!.OriginalString);
        var after = await PageAsync(citizen, page + "?done=rated");
        Assert.Contains("Cảm ơn bạn đã đánh giá", after);
        Assert.Contains("Đánh giá của bạn", after);
        Assert.Contains("<strong>Hài lòng</strong>", after);
        Assert.Contains("Cán bộ nhiệt tình", after);
        Assert.DoesNotContain("name=\"Rate.Rating\"", after);
        Assert.Equal(4, (await (await citizen.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK)).GetProperty("rating").GetInt32());
        await (await citizen.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/danh_gia", new { rating = 1 })).Problem(HttpStatusCode.BadRequest, "action");
    }

    [Fact]
    public async Task The_electronic_result_is_downloaded_by_its_owner_only_and_officers_notes_stay_with_officials()
    {
        var code = await ReturnedAsync(Host);
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var officer = await Host.SignedInAsync("motcua.xa1");
        var files = (await (await officer.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK)).GetProperty("files").EnumerateArray().ToList();
        string Id(string name) => files.Single(f => f.GetProperty("fileName").GetString() == name).GetProperty("id").GetString()!;
        var result = $"/api/v1/dossiers/{code}/files/{Id("ket-qua.pdf")}";
        var note = $"/api/v1/dossiers/{code}/files/{Id("phieu-noi-bo.pdf")}";
        var application = $"/api/v1/dossiers/{code}/files/{Id("to-khai.pdf")}";

        var html = await PageAsync(citizen, $"/portal/dossiers/{code}");
        Assert.Contains("Kết quả điện tử", html);
        Assert.Contains($"href=\"{result}\" download=\"ket-qua.pdf\"", html);
        Assert.DoesNotContain("phieu-noi-bo.pdf", html);

        var download = await citizen.GetAsync(result);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ket-qua.pdf", System.Text.Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(application)).StatusCode);
        // The officer's own attachment: not the applicant's, though the dossier is; officials still read it.
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync(note)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(note)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync(result)).StatusCode);

        var other = await OtherCitizenAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(result)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await Host.Anonymous().GetAsync(result)).StatusCode);
    }

    [Fact]
    public async Task Feedback_about_a_procedure_is_checked_next_to_the_fields_stored_and_read_by_the_officials_concerned()
    {
        Assert.Contains($"href=\"/portal/procedures/{Birth}/feedback\"", await PageAsync(Host.Anonymous(), $"/portal/procedures/{Birth}"));
        var page = $"/portal/procedures/{Birth}/feedback";
        var anon = Host.Anonymous();
        Assert.Contains("Góp ý về thủ tục", await PageAsync(anon, page));
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/portal/procedures/khong-co/feedback")).StatusCode);

        var bad = await (await PostAsync(anon, page, "feedback",
            [new("Feedback.Subject", " "), new("Feedback.Message", "Ngắn"), new("Feedback.Contact", "abc@")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"subject-error\">", bad);
        Assert.Contains("id=\"message-error\">Nội dung góp ý cần ít nhất 10 ký tự.", bad);
        Assert.Contains("id=\"contact-error\">Địa chỉ thư điện tử &quot;abc@&quot; không hợp lệ.", bad);
        Assert.Contains(">Ngắn</textarea>", bad);
        Assert.Contains("value=\"abc@\"", bad);
        var badPhone = await (await PostAsync(anon, page, "feedback",
            [new("Feedback.Subject", "Giấy tờ"), new("Feedback.Message", "Nên bỏ bản sao giấy chứng sinh"), new("Feedback.Contact", "12345")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"contact-error\">Thông tin liên hệ phải là địa chỉ thư điện tử", badPhone);

        var subject = "Giảm giấy tờ " + Guid.NewGuid().ToString("N")[..8];
        var sent = await PostAsync(anon, page, "feedback",
            [new("Feedback.Subject", subject), new("Feedback.Message", "Nên bỏ yêu cầu bản sao giấy chứng sinh."), new("Feedback.Contact", "NguoiDan@Example.vn")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("Cảm ơn bạn đã góp ý", await PageAsync(anon, sent.Headers.Location!.OriginalString));

        // The API: problem details on bad input; a signed-in citizen's feedback is linked to the account.
        await (await anon.PostAsJsonAsync($"/api/v1/procedures/{Birth}/feedback", new { subject = "X", message = "" })).Problem(HttpStatusCode.BadRequest, "message");
        await (await anon.PostAsJsonAsync($"/api/v1/procedures/{Birth}/feedback", new { subject = "X", message = "Đủ mười ký tự rồi", contact = "0123" }))
            .Problem(HttpStatusCode.BadRequest, "contact");
        await (await anon.PostAsJsonAsync($"/api/v1/procedures/{Birth}/feedback", new { subject = new string('x', 201), message = "Đủ mười ký tự rồi" }))
            .Problem(HttpStatusCode.BadRequest, "subject");
        await (await anon.PostAsJsonAsync("/api/v1/procedures/khong-co/feedback", new { subject = "X", message = "Đủ mười ký tự rồi" })).Json(HttpStatusCode.NotFound);
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var created = await (await citizen.PostAsJsonAsync($"/api/v1/procedures/{Birth}/feedback",
            new { subject = subject + " (2)", message = "Thời hạn giải quyết nên rút ngắn.", contact = "+84 912 345 678" })).Json(HttpStatusCode.Created);

        var stored = await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EgovDbContext>();
            var rows = await db.Set<ProcedureFeedback>().AsNoTracking().Where(f => f.Subject.StartsWith(subject)).OrderBy(f => f.CreatedAt).ToListAsync();
            var ids = rows.Select(r => r.Id.ToString()).ToList();
            var audit = await db.Set<Egov.Audit.AuditEntry>().AsNoTracking().Where(e => e.EntityType == nameof(ProcedureFeedback) && ids.Contains(e.EntityId))
                .Select(e => e.Details).ToListAsync();
            return (rows, audit);
        });
        Assert.Equal(2, stored.rows.Count);
        Assert.Equal("nguoidan@example.vn", stored.rows[0].Contact);
        Assert.Null(stored.rows[0].UserId);
        Assert.Equal("0912345678", stored.rows[1].Contact);
        Assert.NotNull(stored.rows[1].UserId);
        Assert.Equal(created.GetProperty("id").GetGuid(), stored.rows[1].Id);
        Assert.Equal("Đăng ký khai sinh", stored.rows[0].ProcedureName);
        Assert.NotEmpty(stored.audit);
        Assert.All(stored.audit, d => { Assert.DoesNotContain("nguoidan@example.vn", d ?? ""); Assert.DoesNotContain("0912345678", d ?? ""); });

        // Officials of an agency that receives the procedure read it (contact included); others do not; citizens may not.
        var officer = await Host.SignedInAsync("motcua.xa1");
        var list = await PageAsync(officer, "/dossiers/feedback");
        Assert.Contains(subject, list);
        Assert.Contains("nguoidan@example.vn", list);
        Assert.Contains(subject, await PageAsync(await Host.SignedInAsync("quantri"), "/dossiers/feedback"));
        Assert.DoesNotContain(subject, await PageAsync(await Host.SignedInAsync("chuyenvien.stp"), "/dossiers/feedback"));
        var json = await (await officer.GetAsync($"/api/v1/procedures/feedback?procedure={Birth}")).Json(HttpStatusCode.OK);
        Assert.Contains(json.GetProperty("items").EnumerateArray(), f => f.GetProperty("subject").GetString() == subject);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/api/v1/procedures/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/dossiers/feedback")).StatusCode);
    }
}

[Collection("sqlite")] public sealed class PortalRateSqlite(SqliteHost f) : PortalRateTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class PortalRatePostgres(PostgresHost f) : PortalRateTests(f), IClassFixture<PostgresHost>;

/// <summary>Feedback's own rate limit needs its own host: the shared ones run with the limits lifted.</summary>
public sealed class FeedbackRateLimitTests
{
    [Fact]
    public async Task Feedback_is_rate_limited_per_address_and_opening_the_form_does_not_count()
    {
        await using var host = await EgovHost.StartAsync(DatabaseProvider.Sqlite, new() { ["Security:FeedbackPermitsPerMinute"] = "2" });
        var anon = host.Anonymous();
        const string url = "/api/v1/procedures/1.001193.000.00.00.H56/feedback";
        for (var i = 0; i < 4; i++) Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/portal/procedures/1.001193.000.00.00.H56/feedback")).StatusCode);
        await (await anon.PostAsJsonAsync(url, new { subject = "Một", message = "Góp ý thứ nhất về thủ tục" })).Json(HttpStatusCode.Created);
        await (await anon.PostAsJsonAsync(url, new { subject = "Hai", message = "" })).Json(HttpStatusCode.BadRequest);
        var limited = await anon.PostAsJsonAsync(url, new { subject = "Ba", message = "Góp ý thứ ba về thủ tục" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("quá nhiều", (await limited.Content.ReadAsStringAsync()).ToLowerInvariant());
        var page = await PostAsync(anon, "/portal/procedures/1.001193.000.00.00.H56/feedback", "feedback",
            [new("Feedback.Subject", "Bốn"), new("Feedback.Message", "Góp ý thứ tư về thủ tục")]);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("Bạn đã thử quá nhiều lần", await page.Content.ReadAsStringAsync());
    }
}
