using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Text.RegularExpressions;

namespace Egov.Web.Tests;

/// <summary>The citizen portal's find part over real HTTP, without signing in: the search API, form templates and the public pages.</summary>
public abstract partial class PortalTests(HostFixture fixture)
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private const int MaxPageBytes = 150 * 1024;
    private EgovHost Host => fixture.Host;

    [Theory]
    [InlineData("dang ky khai sinh")]
    [InlineData("đăng kí khai sinh")]
    [InlineData("khai sinh")]
    [InlineData("ĐĂNG KÝ KHAI SINH")]
    public async Task The_search_api_finds_birth_registration_however_typed(string q)
    {
        var found = await (await Host.Anonymous().GetAsync("/api/v1/procedures/search?q=" + Uri.EscapeDataString(q))).Json(HttpStatusCode.OK);
        var first = found.GetProperty("items")[0];
        Assert.Equal(BirthRegistration, first.GetProperty("code").GetString());
        Assert.True(first.GetProperty("allWords").GetBoolean());
        Assert.Equal("Hộ tịch", first.GetProperty("fieldName").GetString());
    }

    [Fact]
    public async Task The_search_api_filters_and_refuses_bad_input_as_problem_details()
    {
        var anon = Host.Anonymous();
        var justice = await (await anon.GetAsync("/api/v1/procedures/search?agency=department:justice&onlineLevel=Full&pageSize=100")).Json(HttpStatusCode.OK);
        Assert.True(justice.GetProperty("total").GetInt32() > 0);
        foreach (var hit in justice.GetProperty("items").EnumerateArray())
        {
            Assert.Contains("department:justice", hit.GetProperty("agencies").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("Full", hit.GetProperty("onlineLevel").GetString());
        }
        var birth = await (await anon.GetAsync("/api/v1/procedures/search?lifeEvent=birth&field=HT")).Json(HttpStatusCode.OK);
        Assert.Contains(BirthRegistration, birth.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("code").GetString()));

        var events = await (await anon.GetAsync("/api/v1/procedures/life-events")).Json(HttpStatusCode.OK);
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("code").GetString() == "house" && e.GetProperty("count").GetInt32() == 2);

        var message = await (await anon.GetAsync("/api/v1/procedures/search?q=" + new string('a', 201))).Problem(HttpStatusCode.BadRequest, "q");
        Assert.Contains("200 ký tự", message);
        var badLevel = await anon.GetAsync("/api/v1/procedures/search?onlineLevel=Nhanh");
        Assert.Equal("application/problem+json", badLevel.Content.Headers.ContentType?.MediaType);
        Assert.Contains("onlineLevel", (await badLevel.Json(HttpStatusCode.BadRequest)).GetProperty("detail").GetString());

        var openapi = await (await anon.GetAsync("/api/v1/openapi.json")).Json(HttpStatusCode.OK);
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/procedures/search", out _));
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/procedures/{code}/forms/{file}", out _));
    }

    [Fact]
    public async Task Form_templates_download_only_for_the_procedure_that_names_them()
    {
        var anon = Host.Anonymous();
        var form = await anon.GetAsync($"/api/v1/procedures/{BirthRegistration}/forms/to-khai-dang-ky-khai-sinh.docx");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", form.Content.Headers.ContentType?.MediaType);
        Assert.Equal("to-khai-dang-ky-khai-sinh.docx", form.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await form.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]); // a zip package, as .docx files are
        // A provincial form (the building permit's Mẫu số 01) downloads from its own procedure.
        var permit = await anon.GetAsync("/api/v1/procedures/1.009929.000.00.00.H56/forms/mau-01-don-de-nghi-cap-gpxd.docx");
        Assert.Equal(HttpStatusCode.OK, permit.StatusCode);
        Assert.Equal("PK"u8.ToArray(), (await permit.Content.ReadAsByteArrayAsync())[..2]);
        // Held, but named by another procedure; named by nobody; a path.
        await (await anon.GetAsync($"/api/v1/procedures/{BirthRegistration}/forms/to-khai-dang-ky-ket-hon.docx")).Json(HttpStatusCode.NotFound);
        await (await anon.GetAsync($"/api/v1/procedures/{BirthRegistration}/forms/khong-co-mau-nay.docx")).Json(HttpStatusCode.NotFound);
        await (await anon.GetAsync($"/api/v1/procedures/{BirthRegistration}/forms/..%2Fprocedures.json")).Json(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_portal_pages_work_without_signing_in_or_scripts_and_stay_small()
    {
        var anon = Host.Anonymous();
        var home = await PageAsync(anon, "/portal");
        Assert.Contains("<h1>Cổng dịch vụ công</h1>", home);
        Assert.Contains("<form method=\"get\" action=\"/portal/search\"", home);
        Assert.Contains("href=\"/portal/search?lifeEvent=birth\"", home);
        Assert.Contains("href=\"/portal/search?field=HT\"", home);
        Assert.Contains("Hộ tịch", home);

        var results = await PageAsync(anon, "/portal/search?q=dang+ky+khai+sinh");
        var links = Regex.Matches(results, "href=\"/portal/procedures/([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(BirthRegistration, links[0]);
        Assert.Contains("value=\"dang ky khai sinh\"", results);
        Assert.Contains("Kết quả gần đúng", results); // other registrations match "đăng ký" only

        var filtered = await PageAsync(anon, "/portal/search?field=DKKD&onlineLevel=Full");
        Assert.Contains("<option value=\"DKKD\" selected", filtered);
        Assert.Contains("Đăng ký thành lập hộ kinh doanh", filtered);
        Assert.DoesNotContain("Đăng ký khai sinh<", filtered);

        var page = await PageAsync(anon, $"/portal/procedures/{BirthRegistration}");
        // Who, what to bring (with the form), how long, where, the law, the fee, and the way to apply online.
        foreach (var part in new[]
        {
            "<h1>Đăng ký khai sinh</h1>", "Ai được thực hiện", "Cha, mẹ, ông, bà", "Tờ khai đăng ký khai sinh theo mẫu",
            $"href=\"/api/v1/procedures/{BirthRegistration}/forms/to-khai-dang-ky-khai-sinh.docx\"", "1 ngày làm việc",
            "UBND xã, phường, đặc khu nơi cư trú", "Luật Hộ tịch số 60/2014/QH13", "8.000 đồng",
            $"href=\"/account/login?returnUrl=%2Fportal%2Fprocedures%2F{BirthRegistration}%2Fsubmit\"",
        })
            Assert.Contains(part, page);

        // A provincial procedure names the service centre and the department by name.
        var business = await PageAsync(anon, "/portal/procedures/1.009940.000.00.00.H56");
        Assert.Contains("Trung tâm Phục vụ hành chính công", business);
        Assert.Contains("Sở Tài chính tỉnh Thanh Hóa", business);

        // The site's home page offers the same search box to visitors and citizens.
        Assert.Contains("action=\"/portal/search\"", await PageAsync(anon, "/"));

        var css = await (await anon.GetAsync(Regex.Match(home, "href=\"([^\"]*site[^\"]*\\.css)\"").Groups[1].Value)).Content.ReadAsByteArrayAsync();
        foreach (var html in new[] { home, results, filtered, page })
        {
            Assert.DoesNotContain("<script", html);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(html) + css.Length < MaxPageBytes, "a portal page with its stylesheet passes 150 KB");
        }
    }

    [Fact]
    public async Task Bad_input_and_unknown_codes_are_explained()
    {
        var anon = Host.Anonymous();
        var tooLong = new string('x', 201);
        var response = await anon.GetAsync("/portal/search?q=" + tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Từ khóa tìm kiếm dài quá 200 ký tự", html);
        Assert.Contains("aria-invalid=\"true\"", html);
        Assert.Contains($"value=\"{tooLong}\"", html); // what was typed stays

        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/portal/procedures/1.000000.000.00.00.H56")).StatusCode);
        var nothing = await PageAsync(anon, "/portal/search?q=qwertyuiop");
        Assert.Contains("Không tìm thấy thủ tục phù hợp", nothing);
    }

    [Fact]
    public async Task Public_pages_come_from_the_node_cache_for_visitors_only_and_follow_a_catalogue_change_at_once()
    {
        const string code = "1.999102.000.00.00.H56";
        var admin = await Host.SignedInAsync("quantri");
        string Named(string name) => ProceduresApiTests.Procedure.Replace("1.999101.000.00.00.H56", code)
            .Replace("Chứng thực bản sao từ bản chính (thử nghiệm)", name);
        await (await admin.PostAsync("/api/v1/procedures/import", new StringContent(Named("Chứng thực chữ ký (bộ nhớ đệm)"), System.Text.Encoding.UTF8,
            "application/json"))).Json(HttpStatusCode.OK);

        var anon = Host.Anonymous();
        var first = await anon.GetAsync("/portal/procedures/" + code);
        var second = await anon.GetAsync("/portal/procedures/" + code);
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);  // served from the cache
        Assert.Contains("<h1>Chứng thực chữ ký (bộ nhớ đệm)</h1>", await second.Content.ReadAsStringAsync());

        // Each query and each language is its own page.
        Assert.Contains("Chứng thực chữ ký (bộ nhớ đệm)", await PageAsync(anon, "/portal/search?q=bo+nho+dem"));
        Assert.DoesNotContain("Chứng thực chữ ký (bộ nhớ đệm)", await PageAsync(anon, "/portal/search?q=khai+sinh"));
        var english = Host.Anonymous();
        await english.GetAsync("/culture?c=en&returnUrl=/portal");
        Assert.Contains("Documents to submit", await PageAsync(english, "/portal/procedures/" + code));

        // A signed-in citizen gets a page made for him, never the visitors' copy (his own links, his name).
        var citizen = await Host.SignedInWithCookieAsync("congdan@example.vn");
        var own = await citizen.GetAsync("/portal/procedures/" + code);
        Assert.Null(own.Headers.Age);
        Assert.Contains($"href=\"/portal/procedures/{code}/submit\"", await own.Content.ReadAsStringAsync());
        Assert.Contains("Hồ sơ của tôi", await PageAsync(citizen, "/portal"));
        Assert.DoesNotContain("Hồ sơ của tôi", await PageAsync(anon, "/portal"));

        // A new version changes the visitors' pages at once on this node.
        await (await admin.PostAsync("/api/v1/procedures/import", new StringContent(Named("Chứng thực chữ ký (đã đổi tên)"), System.Text.Encoding.UTF8,
            "application/json"))).Json(HttpStatusCode.OK);
        Assert.Contains("<h1>Chứng thực chữ ký (đã đổi tên)</h1>", await PageAsync(anon, "/portal/procedures/" + code));
        Assert.Contains("Chứng thực chữ ký (đã đổi tên)", await PageAsync(anon, "/portal/search?q=chung+thuc+chu+ky"));
        await (await admin.PostAsync($"/api/v1/procedures/{code}/deactivate", null)).Json(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/portal/procedures/" + code)).StatusCode);
    }

    [Fact]
    public async Task The_portal_speaks_english_when_asked()
    {
        var client = Host.Anonymous();
        await client.GetAsync("/culture?c=en&returnUrl=/portal");
        var home = await PageAsync(client, "/portal");
        Assert.Contains("<h1>Public services portal</h1>", home);
        Assert.Contains("Having a baby", home);
        var page = await PageAsync(client, $"/portal/procedures/{BirthRegistration}");
        Assert.Contains("Who may apply", page);
        Assert.Contains("Download the form", page);
    }
}

[Collection("sqlite")] public sealed class PortalSqlite(SqliteHost f) : PortalTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class PortalPostgres(PostgresHost f) : PortalTests(f), IClassFixture<PostgresHost>;
