using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Egov.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Web.Tests;

/// <summary>
/// Following a dossier from the portal over real HTTP, as a browser without JavaScript does: "Hồ sơ của tôi" scoped to the
/// owner, the dossier's timeline, a supplement whose file is not what its name says refused next to the field, the
/// withdrawal with its confirmation, and the public look-up with and without the second factor (page and API).
/// </summary>
public abstract partial class PortalFollowTests(HostFixture fixture)
{
    private const string Birth = "1.001193.000.00.00.H56";
    private EgovHost Host => fixture.Host;

    /// <summary>Submitted online by the demo citizen, accepted, sent on with an internal note, and a supplement asked.</summary>
    public static async Task<string> AwaitingSupplementAsync(EgovHost host)
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
        await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh", new { comment = "Ghi chú nội bộ: đối chiếu sổ" })).Json(HttpStatusCode.OK);
        var specialist = await host.SignedInAsync("tuphap.xa1");
        await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/yeu_cau_bo_sung", new { comment = "Bổ sung giấy chứng sinh bản chính" }))
            .Json(HttpStatusCode.OK);
        return code;
    }

    [Fact]
    public async Task My_dossiers_are_the_owners_only_and_show_the_status_what_to_do_and_the_timeline()
    {
        var code = await AwaitingSupplementAsync(Host);
        var page = $"/portal/dossiers/{code}";
        var visitor = await Host.Anonymous().GetAsync("/portal/dossiers");
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);

        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var list = await PageAsync(citizen, "/portal/dossiers");
        Assert.Contains($"href=\"/portal/dossiers/{code}\"", list);
        Assert.Contains("Cần bổ sung giấy tờ", list);
        Assert.Contains("Đăng ký khai sinh", list);
        Assert.Matches(@"Ngày nộp \d{2}/\d{2}/\d{4}", list);
        Assert.Contains("href=\"/portal/dossiers\"", await PageAsync(citizen, "/portal"));

        var html = await PageAsync(citizen, page);
        Assert.Contains("Tiến trình xử lý", html);
        Assert.Contains("Yêu cầu bổ sung giấy tờ", html);
        Assert.Contains("Bổ sung giấy chứng sinh bản chính", html);
        Assert.DoesNotContain("Ghi chú nội bộ", html);
        Assert.Contains("Nộp bổ sung giấy tờ", html);
        Assert.Contains("Rút hồ sơ", html);
        Assert.Equal("no-store", (await citizen.GetAsync(page)).Headers.CacheControl?.ToString());

        // Another citizen: the dossier does not exist for him, and his list is his own; an official uses his own pages.
        var anon = Host.Anonymous();
        await (await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Phạm Văn Khác", citizenId = "038097004411", phone = "0977123450", password = "matkhau123" }))
            .Json(HttpStatusCode.Created);
        var login = await (await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "0977123450", password = "matkhau123" })).Json(HttpStatusCode.OK);
        var other = Host.Anonymous();
        other.DefaultRequestHeaders.Authorization = new("Bearer", login.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(page)).StatusCode);
        var otherList = await PageAsync(other, "/portal/dossiers");
        Assert.DoesNotContain(code, otherList);
        Assert.Contains("Bạn chưa nộp hồ sơ nào", otherList);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Host.SignedInAsync("motcua.xa1")).GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task A_supplement_that_is_not_what_it_says_is_refused_next_to_the_field_and_the_dossier_stays_as_it_was()
    {
        var code = await AwaitingSupplementAsync(Host);
        var page = $"/portal/dossiers/{code}";
        var citizen = await Host.SignedInAsync("congdan@example.vn");

        var refused = await SupplementAsync(citizen, page, "MZ\u0090 this is not a PDF"u8.ToArray(), "giay-chung-sinh.pdf");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches("id=\"files-error\">Tệp &quot;giay-chung-sinh.pdf&quot; không phải PDF", html);
        Assert.Contains(">Xin gửi bản chính</textarea>", html);   // the note typed is kept
        var unchanged = await (await citizen.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK);
        Assert.Equal(5, unchanged.GetProperty("status").GetInt32());
        Assert.DoesNotContain(unchanged.GetProperty("files").EnumerateArray(), f => f.GetProperty("fileName").GetString() == "giay-chung-sinh.pdf");

        var sent = await SupplementAsync(citizen, page, "%PDF-1.4\n%%EOF"u8.ToArray(), "giay-chung-sinh.pdf");
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.EndsWith($"{page}?done=supplement", sent.Headers.Location!.OriginalString);
        var moved = await (await citizen.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK);
        Assert.Equal(4, moved.GetProperty("status").GetInt32());
        var after = await PageAsync(citizen, page + "?done=supplement");
        Assert.Contains("Bạn đã nộp bổ sung giấy tờ", after);
        Assert.Contains("giay-chung-sinh.pdf", after);
        Assert.DoesNotContain("Gửi giấy tờ bổ sung", after);
    }

    [Fact]
    public async Task Withdrawing_asks_for_the_reason_and_a_confirmation()
    {
        var code = await AwaitingSupplementAsync(Host);
        var page = $"/portal/dossiers/{code}";
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var version = Regex.Match(await PageAsync(citizen, page), "name=\"Withdraw.Version\" value=\"(\\d+)\"").Groups[1].Value;

        var noReason = await PostAsync(citizen, page, "withdraw", [new("Withdraw.Version", version), new("Withdraw.Reason", " ")]);
        Assert.Contains("id=\"reason-error\">Hãy ghi lý do rút hồ sơ.", await noReason.Content.ReadAsStringAsync());
        var asked = await (await PostAsync(citizen, page, "withdraw", [new("Withdraw.Version", version), new("Withdraw.Reason", "Đã làm ở nơi khác")]))
            .Content.ReadAsStringAsync();
        Assert.Contains("Xác nhận rút hồ sơ", asked);
        Assert.Equal(5, (await (await citizen.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK)).GetProperty("status").GetInt32());

        var confirmed = await PostAsync(citizen, page, "withdraw",
            [new("Withdraw.Version", version), new("Withdraw.Reason", "Đã làm ở nơi khác"), new("Withdraw.Confirm", "yes")]);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = await PageAsync(citizen, page + "?done=withdrawn");
        Assert.Contains("Đã rút hồ sơ", after);
        Assert.Contains("Đã làm ở nơi khác", after);
        Assert.DoesNotContain("name=\"Withdraw.Reason\"", after);
        Assert.Equal(7, (await (await citizen.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_look_up_shows_the_status_to_anyone_and_the_timeline_only_with_the_second_factor()
    {
        var code = await AwaitingSupplementAsync(Host);
        var anon = Host.Anonymous();

        var basic = await PageAsync(anon, "/portal/lookup?code=" + Uri.EscapeDataString(code));
        Assert.Contains("Đăng ký khai sinh", basic);
        Assert.Contains("Cần bổ sung giấy tờ", basic);
        Assert.DoesNotContain("Nguyễn Thị An", basic);
        Assert.DoesNotContain("to-khai.pdf", basic);
        Assert.DoesNotContain("Tiến trình xử lý", basic);

        var revealed = await (await PostAsync(anon, "/portal/lookup", "lookup", [new("Lookup.Code", code), new("Lookup.SecondFactor", "1234")])).Content.ReadAsStringAsync();
        Assert.True(revealed.Contains("Tiến trình xử lý"), revealed[revealed.IndexOf("<main")..]);
        Assert.Contains("Bổ sung giấy chứng sinh bản chính", revealed);
        Assert.DoesNotContain("Ghi chú nội bộ", revealed);
        Assert.DoesNotContain("Nguyễn Thị An", revealed);

        var wrong = await (await PostAsync(anon, "/portal/lookup", "lookup", [new("Lookup.Code", code), new("Lookup.SecondFactor", "0000")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"secondFactor-error\">Thông tin xác minh không khớp với hồ sơ.", wrong);
        Assert.DoesNotContain("Tiến trình xử lý", wrong);
        var badCode = await (await PostAsync(anon, "/portal/lookup", "lookup", [new("Lookup.Code", "ma-sai"), new("Lookup.SecondFactor", "12a")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"code-error\">Mã hồ sơ không đúng định dạng", badCode);
        Assert.Contains("id=\"secondFactor-error\">Nhập đúng 4 chữ số cuối", badCode);
        Assert.Contains("value=\"ma-sai\"", badCode);   // nothing typed is lost
        var unknown = await (await PostAsync(anon, "/portal/lookup", "lookup", [new("Lookup.Code", "000.01.40.H56-991231-9999")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"code-error\">Không có hồ sơ mang mã này.", unknown);

        var json = await (await anon.GetAsync($"/api/v1/lookup/{code}")).Json(HttpStatusCode.OK);
        Assert.False(json.GetProperty("revealed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("timeline").ValueKind);
        Assert.False(json.TryGetProperty("applicantName", out _));
        var withPhone = await (await anon.GetAsync($"/api/v1/lookup/{code}?secondFactor=5678")).Json(HttpStatusCode.OK);
        Assert.True(withPhone.GetProperty("revealed").GetBoolean());
        // Without the digits the few public columns are read by a statement of their own: they say the same as the whole dossier.
        foreach (var part in new[] { "code", "procedureName", "status", "statusName", "statusText", "appointmentAt", "clockStopped" })
            Assert.Equal(withPhone.GetProperty(part).ToString(), json.GetProperty(part).ToString());
        Assert.True(json.GetProperty("clockStopped").GetBoolean());   // waiting for the supplement
        Assert.Contains(withPhone.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("step").GetString() == "Yêu cầu bổ sung giấy tờ");
        var denied = await anon.GetAsync($"/api/v1/lookup/{code}?secondFactor=0000");
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
        Assert.Contains("không khớp", (await denied.Json(HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        await (await anon.GetAsync($"/api/v1/lookup/{code}?secondFactor=12")).Problem(HttpStatusCode.BadRequest, "secondFactor");
        await (await anon.GetAsync("/api/v1/lookup/000.01.40.H56-991231-9999")).Json(HttpStatusCode.NotFound);

        // Two wrong guesses so far (page and API); three more and the dossier stops checking, even the right digits.
        for (var i = 0; i < 3; i++) await (await anon.GetAsync($"/api/v1/lookup/{code}?secondFactor=111{i}")).Json(HttpStatusCode.Forbidden);
        var locked = await anon.GetAsync($"/api/v1/lookup/{code}?secondFactor=5678");
        Assert.Equal("3600", locked.Headers.RetryAfter?.Delta?.TotalSeconds.ToString());
        Assert.Contains("tạm khóa", (await locked.Json(HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString());
        var lockedPage = await (await PostAsync(anon, "/portal/lookup", "lookup", [new("Lookup.Code", code), new("Lookup.SecondFactor", "5678")])).Content.ReadAsStringAsync();
        Assert.Contains("id=\"secondFactor-error\">Hồ sơ này đã bị nhập sai thông tin xác minh nhiều lần.", lockedPage);
        Assert.DoesNotContain("Tiến trình xử lý", lockedPage);

        // The reveals are audited reads of the applicant's data.
        var reads = await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<EgovDbContext>();
            return db.Set<Egov.Audit.AuditEntry>().Count(e => e.Action == Egov.Audit.AuditActions.Read && e.Details == "public look-up with second factor");
        });
        Assert.True(reads >= 2);
    }

    private static async Task<HttpResponseMessage> SupplementAsync(HttpClient client, string url, byte[] content, string name)
    {
        var page = await PageAsync(client, url);
        string Value(string field) => WebUtility.HtmlDecode(Regex.Match(page, $"name=\"{Regex.Escape(field)}\" value=\"([^\"]+)\"").Groups[1].Value);
        var form = new MultipartFormDataContent
        {
            { new StringContent("supplement"), "_handler" }, { new StringContent(Value("__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent(Value("Supplement.Version")), "Supplement.Version" }, { new StringContent(Value("Supplement.Key")), "Supplement.Key" },
            { new StringContent("Xin gửi bản chính"), "Supplement.Comment" }, { new ByteArrayContent(content), "files", name },
        };
        return await client.PostAsync(url, form);
    }
}

[Collection("sqlite")] public sealed class PortalFollowSqlite(SqliteHost f) : PortalFollowTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class PortalFollowPostgres(PostgresHost f) : PortalFollowTests(f), IClassFixture<PostgresHost>;

/// <summary>The look-up's own rate limit needs its own host: the shared ones run with the limits lifted.</summary>
public sealed class LookupRateLimitTests
{
    [Fact]
    public async Task The_look_up_is_rate_limited_per_address_with_a_vietnamese_answer()
    {
        await using var host = await EgovHost.StartAsync(DatabaseProvider.Sqlite, new() { ["Security:LookupPermitsPerMinute"] = "3" });
        var anon = host.Anonymous();
        // Opening the empty form does not count.
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/portal/lookup")).StatusCode);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/api/v1/lookup/000.01.40.H56-991231-9999")).StatusCode);
        var limited = await anon.GetAsync("/api/v1/lookup/000.01.40.H56-991231-9999?secondFactor=1234");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("quá nhiều", (await limited.Content.ReadAsStringAsync()).ToLowerInvariant());

        var page = await anon.GetAsync("/portal/lookup?code=000.01.40.H56-991231-9999");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"vi\"", html);
        Assert.Contains("Bạn đã thử quá nhiều lần", html);
        // In English when English was chosen.
        var englishHtml = await (await anon.GetAsync("/portal/lookup?code=000.01.40.H56-991231-9999&culture=en")).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", englishHtml);
        Assert.Contains("Too many attempts; wait a minute and try again.", englishHtml);
        // Sign-in is limited on its own.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "ai-do", password = "x" })).StatusCode);
    }
}
