using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Egov.Web.Tests;

public abstract class AccountApiTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task A_citizen_registers_with_a_valid_id_and_signs_in_with_phone()
    {
        var anon = Host.Anonymous();
        var bad = await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Trần Văn Bình", citizenId = "12345", phone = "0987654321", password = "matkhau123" });
        Assert.Contains("12 chữ số", await bad.Problem(HttpStatusCode.BadRequest, "citizenId"));
        var badProvince = await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Trần Văn Bình", citizenId = "999095001234", phone = "0987654321", password = "matkhau123" });
        await badProvince.Problem(HttpStatusCode.BadRequest, "citizenId");
        var badPhone = await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Trần Văn Bình", citizenId = "038096001235", phone = "0187654321", password = "matkhau123" });
        await badPhone.Problem(HttpStatusCode.BadRequest, "phone");
        var weak = await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Trần Văn Bình", citizenId = "038096001235", phone = "0987654321", password = "abc" });
        Assert.Contains("Mật khẩu", await weak.Problem(HttpStatusCode.BadRequest, "password"));

        await (await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Trần Văn Bình", citizenId = "038096001235", phone = "0987 654 321", password = "matkhau123" })).Json(HttpStatusCode.Created);
        var again = await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Trần Văn Bình", citizenId = "038096001235", phone = "0911111111", password = "matkhau123" });
        Assert.Contains("đã có tài khoản", await again.Problem(HttpStatusCode.BadRequest, "citizenId"));

        var login = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "+84987654321", password = "matkhau123" });
        var token = (await login.Json(HttpStatusCode.OK)).GetProperty("access_token").GetString();
        var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Authorization = new("Bearer", token);
        var details = await (await anon.SendAsync(me)).Json(HttpStatusCode.OK);
        Assert.Equal("038096001235", details.GetProperty("citizenId").GetString());
        Assert.Equal("Citizen", details.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_business_registers_with_a_checked_tax_code()
    {
        var anon = Host.Anonymous();
        var bad = await anon.PostAsJsonAsync("/api/v1/accounts/businesses", new { businessName = "Công ty TNHH Hàm Rồng", taxCode = "0300588568", email = "ketoan@hamrong.vn", password = "matkhau123" });
        Assert.Contains("kiểm tra", await bad.Problem(HttpStatusCode.BadRequest, "taxCode"));
        var ok = await anon.PostAsJsonAsync("/api/v1/accounts/businesses", new { businessName = "Công ty TNHH Hàm Rồng", taxCode = "0300588569", email = "KeToan@HamRong.vn", password = "matkhau123" });
        Assert.Equal("ketoan@hamrong.vn", (await ok.Json(HttpStatusCode.Created)).GetProperty("userName").GetString());
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        var anon = Host.Anonymous();
        await (await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Lê Thị Cúc", citizenId = "038197001236", email = "cuc@example.vn", password = "matkhau123" })).Json(HttpStatusCode.Created);
        for (var i = 0; i < 5; i++)
            await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "cuc@example.vn", password = "wrong-" + i });
        var locked = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "cuc@example.vn", password = "matkhau123" });
        Assert.Contains("tạm khóa", (await locked.Json(HttpStatusCode.TooManyRequests)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Administrators_must_use_a_second_factor()
    {
        var admin = await Host.SignedInAsync("quantri");
        var commune = await (await admin.GetAsync("/api/v1/agencies/by-code/000.05.40.H56")).Json(HttpStatusCode.OK);
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", new { userName = "quantri.xa5", fullName = "Mai Văn Năm", role = "agency-admin", agencyId = commune.GetProperty("id").GetGuid() })).Json(HttpStatusCode.Created);
        var password = created.GetProperty("generatedPassword").GetString();
        var anon = Host.Anonymous();
        var notEnrolled = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "quantri.xa5", password });
        Assert.Contains("hai lớp", (await notEnrolled.Json(HttpStatusCode.Forbidden)).GetProperty("detail").GetString());
        var code = await Host.EnsureTwoFactorIfAdminAsync("quantri.xa5");
        var noCode = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "quantri.xa5", password });
        await noCode.Json(HttpStatusCode.Unauthorized);
        var wrongCode = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "quantri.xa5", password, otp = code == "000000" ? "111111" : "000000" });
        await wrongCode.Json(HttpStatusCode.Unauthorized);
        var ok = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "quantri.xa5", password, otp = code });
        await ok.Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Partner_systems_get_tokens_with_client_credentials_scoped_to_their_agency()
    {
        var admin = await Host.SignedInAsync("quantri");
        var commune = await (await admin.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var registered = await (await admin.PostAsJsonAsync("/api/v1/api-clients", new { name = "Bưu điện tỉnh (BCCI)", role = "onestop-officer", agencyId = commune.GetProperty("id").GetGuid() })).Json(HttpStatusCode.Created);
        var clientId = registered.GetProperty("client").GetProperty("clientId").GetString()!;
        var secret = registered.GetProperty("secret").GetString()!;

        var anon = Host.Anonymous();
        var wrong = await anon.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = "nope" }));
        Assert.Equal("invalid_client", (await wrong.Json(HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
        var token = await (await anon.PostAsync("/api/v1/auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret }))).Json(HttpStatusCode.OK);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());

        var partner = Host.Anonymous();
        partner.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        var visible = await (await partner.GetAsync("/api/v1/agencies?pageSize=200")).Json(HttpStatusCode.OK);
        Assert.Equal(1, visible.GetProperty("total").GetInt32());
        await (await partner.GetAsync("/api/v1/agencies/by-code/000.02.40.H56")).Json(HttpStatusCode.NotFound);
    }
}

[Collection("sqlite")] public sealed class AccountApiSqlite(SqliteHost f) : AccountApiTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class AccountApiPostgres(PostgresHost f) : AccountApiTests(f), IClassFixture<PostgresHost>;
