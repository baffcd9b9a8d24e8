using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Egov.Web.Tests;

/// <summary>
/// Issue 5 "Receive" over real HTTP: the way of return chosen on the owner's page with the delivery address refused next to its
/// fields in Vietnamese (nothing typed lost), the same through the API as problem details, what officers see, and the
/// citizen's notification preferences (page and API) without their address ever reaching the log.
/// </summary>
public abstract class PortalReceiveTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    private static KeyValuePair<string, string>[] Delivery(string version, string channel, string name, string phone, string province, string commune, string line) =>
    [
        new("Delivery.Version", version), new("Delivery.ReturnChannel", channel), new("Delivery.PostalRecipientName", name),
        new("Delivery.PostalPhone", phone), new("Delivery.PostalProvinceCode", province), new("Delivery.PostalCommune", commune), new("Delivery.PostalLine", line),
    ];

    [Fact]
    public async Task Choosing_the_post_on_the_owners_page_refuses_a_bad_address_next_to_its_fields_and_officers_see_the_choice()
    {
        var code = await PortalFollowTests.AwaitingSupplementAsync(Host);
        var page = $"/portal/dossiers/{code}";
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var html = await PageAsync(citizen, page);
        Assert.Contains("Cách nhận kết quả", html);
        Assert.Contains("Nhận kết quả tại bộ phận một cửa", html);
        Assert.Contains("Nhận qua dịch vụ bưu chính", html);
        Assert.Contains("<option value=\"38\" selected", html);   // the province of the deployment first
        var version = Regex.Match(html, "name=\"Delivery.Version\" value=\"(\\d+)\"").Groups[1].Value;

        var refused = await PostAsync(citizen, page, "delivery", Delivery(version, "Post", "Nguyễn Thị An", "0912", "38", "Hàm Xyz", "12 Lê Lợi"));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"postalPhone-error\">Số điện thoại &quot;0912&quot; không hợp lệ", refusedHtml);
        Assert.Contains("id=\"postalCommune-error\">Không tìm thấy xã, phường &quot;Hàm Xyz&quot; trong Tỉnh Thanh Hoá", refusedHtml);
        Assert.Contains("value=\"12 Lê Lợi\"", refusedHtml);   // nothing typed is lost
        Assert.Contains("value=\"Hàm Xyz\"", refusedHtml);
        Assert.Contains("Vui lòng sửa các lỗi sau", refusedHtml);
        var unchanged = await (await citizen.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK);
        Assert.Equal("Online", unchanged.GetProperty("returnChannel").GetString());

        var saved = await PostAsync(citizen, page, "delivery", Delivery(version, "Post", "Nguyễn Thị An", "0912 345 678", "38", "ham rong", "12 Lê Lợi"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"{page}?done=delivery", saved.Headers.Location!.OriginalString);
        var after = await PageAsync(citizen, page + "?done=delivery");
        Assert.Contains("Đã lưu cách nhận kết quả.", after);
        Assert.Contains("12 Lê Lợi, Phường Hàm Rồng, Tỉnh Thanh Hoá", after);

        // The officer's page and the API show the choice; the history says which way, not where.
        var officer = await Host.SignedInAsync("motcua.xa1");
        var officerPage = await PageAsync(officer, $"/dossiers/{code}");
        Assert.Contains("Nhận qua dịch vụ bưu chính", officerPage);
        Assert.Contains("12 Lê Lợi, Phường Hàm Rồng, Tỉnh Thanh Hoá", officerPage);
        var json = await (await officer.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK);
        Assert.Equal("Post", json.GetProperty("returnChannel").GetString());
        Assert.Equal("0912345678", json.GetProperty("delivery").GetProperty("phone").GetString());
        Assert.Equal("Phường Hàm Rồng, Tỉnh Thanh Hoá", json.GetProperty("delivery").GetProperty("communeName").GetString());
        Assert.True(json.GetProperty("deliveryChangeable").GetBoolean());
        Assert.Contains(json.GetProperty("history").EnumerateArray(), e => e.GetProperty("comment").GetString() == "Nhận kết quả qua dịch vụ bưu chính");
        Assert.DoesNotContain("12 Lê Lợi", Host.CapturedLog);
    }

    [Fact]
    public async Task The_API_refuses_a_bad_delivery_address_with_problem_details_and_keeps_the_drafts_input()
    {
        var code = await PortalFollowTests.AwaitingSupplementAsync(Host);
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var bad = await citizen.PutAsJsonAsync($"/api/v1/dossiers/{code}/delivery",
            new { returnChannel = "Post", postalRecipientName = "Nguyễn Thị An", postalPhone = "12", postalLine = "12 Lê Lợi", postalProvinceCode = "38", postalCommune = "" });
        Assert.Contains("xã, phường", await bad.Problem(HttpStatusCode.BadRequest, "postalCommune"));
        var unknownProvince = await citizen.PutAsJsonAsync($"/api/v1/dossiers/{code}/delivery",
            new { returnChannel = "Post", postalRecipientName = "An", postalPhone = "0912345678", postalLine = "12 Lê Lợi", postalProvinceCode = "99", postalCommune = "Hàm Rồng" });
        Assert.Equal("Tỉnh, thành phố đã chọn không có trong danh mục đơn vị hành chính.", await unknownProvince.Problem(HttpStatusCode.BadRequest, "postalProvinceCode"));
        await (await citizen.PutAsJsonAsync($"/api/v1/dossiers/{code}/delivery", new { returnChannel = "Zalo" })).Problem(HttpStatusCode.BadRequest, "returnChannel");
        var ok = await (await citizen.PutAsJsonAsync($"/api/v1/dossiers/{code}/delivery",
            new { returnChannel = "Post", postalRecipientName = "An", postalPhone = "0912345678", postalLine = "12 Lê Lợi", postalProvinceCode = "38", postalCommune = "Hạc Thành" })).Json(HttpStatusCode.OK);
        Assert.Equal("Phường Hạc Thành, Tỉnh Thanh Hoá", ok.GetProperty("delivery").GetProperty("communeName").GetString());
        // A stale version is a conflict: the page was out of date.
        var stale = await citizen.PutAsJsonAsync($"/api/v1/dossiers/{code}/delivery", new { returnChannel = "Counter", version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        // A draft's delivery: refused field by field, what was typed kept.
        var draft = await (await citizen.PostAsJsonAsync("/api/v1/drafts", new
        {
            procedureCode = "1.001193.000.00.00.H56", applicant = new { name = "Nguyễn Thị An", phone = "0912345678" },
        })).Json(HttpStatusCode.OK);
        var id = draft.GetProperty("id").GetString();
        var refused = await citizen.PutAsJsonAsync($"/api/v1/drafts/{id}/delivery",
            new { returnChannel = "Post", postalRecipientName = "", postalPhone = "0912345678", postalLine = "Thôn 3", postalProvinceCode = "38", postalCommune = "ham rong" });
        Assert.Equal("Họ tên người nhận là bắt buộc.", await refused.Problem(HttpStatusCode.BadRequest, "postalRecipientName"));
        var kept = await (await citizen.GetAsync($"/api/v1/drafts/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("Thôn 3", kept.GetProperty("postal").GetProperty("line").GetString());
        Assert.Equal("ham rong", kept.GetProperty("postal").GetProperty("commune").GetString());
    }

    [Fact]
    public async Task Notification_preferences_are_opt_in_checked_inline_and_through_the_API_and_kept_out_of_the_log()
    {
        const string email = "nhan.thongbao.an@example.vn";
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        const string page = "/portal/account/notifications";
        var html = await PageAsync(citizen, page);
        Assert.Contains("Nhận thông báo về hồ sơ", html);
        Assert.DoesNotContain("checked", Regex.Match(html, "<input type=\"checkbox\" id=\"emailEnabled\"[^>]*>").Value);   // off until ticked
        Assert.Contains("Hiện chưa có dịch vụ tin nhắn SMS.", html);   // no SMS provider in this host
        Assert.Contains("href=\"/portal/account/notifications\"", await PageAsync(citizen, "/account"));

        var version = Regex.Match(html, "name=\"Form.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var refused = await PostAsync(citizen, page, "preferences", [new("Form.Version", version), new("Form.EmailEnabled", "true"), new("Form.Email", "khong-phai-email")]);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"email-error\">", refusedHtml);
        Assert.Contains("value=\"khong-phai-email\"", refusedHtml);
        var saved = await PostAsync(citizen, page, "preferences", [new("Form.Version", version), new("Form.EmailEnabled", "true"), new("Form.Email", email)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Đã lưu lựa chọn nhận thông báo.", await PageAsync(citizen, page + "?done=1"));

        var api = await (await citizen.GetAsync("/api/v1/me/notifications")).Json(HttpStatusCode.OK);
        Assert.True(api.GetProperty("emailEnabled").GetBoolean());
        Assert.Equal(email, api.GetProperty("email").GetString());
        Assert.False(api.GetProperty("smsAvailable").GetBoolean());
        await (await citizen.PutAsJsonAsync("/api/v1/me/notifications", new { emailEnabled = true, email = "", smsEnabled = false })).Problem(HttpStatusCode.BadRequest, "email");
        Assert.Contains("SMS", await (await citizen.PutAsJsonAsync("/api/v1/me/notifications", new { emailEnabled = false, smsEnabled = true, phone = "0912345678" }))
            .Problem(HttpStatusCode.BadRequest, "smsEnabled"));
        var off = await (await citizen.PutAsJsonAsync("/api/v1/me/notifications", new { emailEnabled = false, email, smsEnabled = false })).Json(HttpStatusCode.OK);
        Assert.False(off.GetProperty("emailEnabled").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Host.SignedInAsync("motcua.xa1")).GetAsync("/api/v1/me/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync("/dev/sms")).StatusCode);   // the SMS sink page exists only in Development
        Assert.DoesNotContain(email, Host.CapturedLog);
    }
}

[Collection("sqlite")] public sealed class PortalReceiveSqlite(SqliteHost f) : PortalReceiveTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class PortalReceivePostgres(PostgresHost f) : PortalReceiveTests(f), IClassFixture<PostgresHost>;
