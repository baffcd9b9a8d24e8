using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Egov.Web.Tests;

/// <summary>The directory API as a partner system or an admin page would use it, on each provider.</summary>
public abstract class DirectoryApiTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    private async Task<JsonElement> AgencyByCode(HttpClient client, string code) =>
        await (await client.GetAsync($"/api/v1/agencies/by-code/{code}")).Json(HttpStatusCode.OK);

    [Fact]
    public async Task Demo_province_is_seeded_with_its_communes_and_codes_in_the_standard_format()
    {
        var admin = await Host.SignedInAsync("quantri");
        var province = await AgencyByCode(admin, "000.00.00.H56");
        Assert.Equal("Ủy ban nhân dân tỉnh Thanh Hóa", province.GetProperty("name").GetString());
        var communes = await (await admin.GetAsync("/api/v1/agencies?kind=CommuneCommittee&pageSize=200")).Json(HttpStatusCode.OK);
        Assert.Equal(166, communes.GetProperty("total").GetInt32());
        foreach (var c in communes.GetProperty("items").EnumerateArray())
        {
            Assert.Matches(@"^\d{3}\.\d{2}\.\d{2}\.H56$", c.GetProperty("code").GetString());
            Assert.True(c.GetProperty("isDemoData").GetBoolean());
        }
        // Search works with and without diacritics, đ included.
        foreach (var q in new[] { "Hàm Rồng", "ham rong", "HAM RONG" })
        {
            var found = await (await admin.GetAsync($"/api/v1/agencies?q={Uri.EscapeDataString(q)}")).Json(HttpStatusCode.OK);
            Assert.Contains(found.GetProperty("items").EnumerateArray(), a => a.GetProperty("name").GetString()!.Contains("Hàm Rồng"));
        }
        var dong = await (await admin.GetAsync("/api/v1/officials?q=dong")).Json(HttpStatusCode.OK);
        Assert.Contains(dong.GetProperty("items").EnumerateArray(), o => o.GetProperty("fullName").GetString() == "Hoàng Văn Đông");
    }

    [Fact]
    public async Task Administrative_units_of_both_structures_are_public()
    {
        var anonymous = Host.Anonymous();
        var wards = await (await anonymous.GetAsync("/api/v1/admin-units?scheme=2026&parentCode=38&pageSize=200")).Json(HttpStatusCode.OK);
        Assert.Equal(166, wards.GetProperty("total").GetInt32());
        var districts = await (await anonymous.GetAsync("/api/v1/admin-units?scheme=pre2025&parentCode=38&pageSize=200")).Json(HttpStatusCode.OK);
        Assert.True(districts.GetProperty("total").GetInt32() > 20);
        var search = await (await anonymous.GetAsync("/api/v1/admin-units?scheme=2026&q=thanh%20hoa&level=Province")).Json(HttpStatusCode.OK);
        Assert.Equal("38", search.GetProperty("items")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_system_administrator_adds_edits_and_retires_an_administrative_unit()
    {
        var admin = await Host.SignedInAsync("quantri");
        var bad = await admin.PostAsJsonAsync("/api/v1/admin-units", new { scheme = "2026", level = "District", code = "12", name = "", fullName = "Huyện X", parentCode = "38" });
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("cấp huyện", await bad.Problem(HttpStatusCode.BadRequest, "level"));
        foreach (var field in new[] { "code", "name" }) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        var orphan = await admin.PostAsJsonAsync("/api/v1/admin-units", new { scheme = "2026", level = "Commune", code = "99990", name = "Mới", fullName = "Phường Mới", parentCode = "99" });
        await orphan.Problem(HttpStatusCode.BadRequest, "parentCode");
        var duplicate = await admin.PostAsJsonAsync("/api/v1/admin-units", new { scheme = "2026", level = "Commune", code = "14758", name = "Hàm Rồng", fullName = "Phường Hàm Rồng", parentCode = "38" });
        await duplicate.Problem(HttpStatusCode.BadRequest, "code");

        await (await admin.PostAsJsonAsync("/api/v1/admin-units", new { scheme = "2026", level = "Commune", code = "99990", name = "Đông Sơn Mới", fullName = "Phường Đông Sơn Mới", unitType = "Phường", parentCode = "38" })).Json(HttpStatusCode.Created);
        var found = await (await Host.Anonymous().GetAsync("/api/v1/admin-units?scheme=2026&q=dong%20son%20moi")).Json(HttpStatusCode.OK);
        Assert.Equal("99990", found.GetProperty("items")[0].GetProperty("code").GetString());
        var retired = await (await admin.PatchAsJsonAsync("/api/v1/admin-units/2026/99990", new { isActive = false })).Json(HttpStatusCode.OK);
        Assert.False(retired.GetProperty("isActive").GetBoolean());
        var hidden = await (await Host.Anonymous().GetAsync("/api/v1/admin-units?scheme=2026&q=dong%20son%20moi")).Json(HttpStatusCode.OK);
        Assert.Equal(0, hidden.GetProperty("total").GetInt32());
        var leader = await Host.SignedInAsync("lanhdao");
        await (await leader.PatchAsJsonAsync("/api/v1/admin-units/2026/99990", new { isActive = true })).Json(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Creating_an_agency_checks_every_field_and_leaves_nothing_half_written()
    {
        var admin = await Host.SignedInAsync("quantri");
        var province = await AgencyByCode(admin, "000.00.00.H56");
        var before = (await (await admin.GetAsync("/api/v1/agencies?includeInactive=true&pageSize=1")).Json(HttpStatusCode.OK)).GetProperty("total").GetInt32();

        var bad = await admin.PostAsJsonAsync("/api/v1/agencies", new
        {
            code = "00.00.00.H56", name = new string('x', 300), kind = "Department", parentId = province.GetProperty("id").GetGuid(),
            phone = "12345", email = "not-an-email",
        });
        Assert.Contains("QCVN 102", await bad.Problem(HttpStatusCode.BadRequest, "code"));
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "name", "phone", "email" }) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), field);
        Assert.Contains("255", problem.GetProperty("errors").GetProperty("name")[0].GetString());

        var duplicate = await admin.PostAsJsonAsync("/api/v1/agencies", new { code = "000.00.03.H56", name = "Sở trùng mã", kind = "Department", parentId = province.GetProperty("id").GetGuid() });
        Assert.Contains("đã được dùng", await duplicate.Problem(HttpStatusCode.BadRequest, "code"));

        var orphan = await admin.PostAsJsonAsync("/api/v1/agencies", new { code = "000.00.77.H56", name = "Cơ quan mồ côi", kind = "Department", parentId = Guid.NewGuid() });
        Assert.Contains("cấp trên", await orphan.Problem(HttpStatusCode.BadRequest, "parentId"));

        var wrongLevel1 = await admin.PostAsJsonAsync("/api/v1/agencies", new { code = "000.00.78.G14", name = "Đơn vị bộ", kind = "Department", parentId = province.GetProperty("id").GetGuid() });
        Assert.Contains("H56", await wrongLevel1.Problem(HttpStatusCode.BadRequest, "code"));

        var malformed = await admin.PostAsync("/api/v1/agencies", new StringContent("{\"code\": \"000.00.79.H56\", ", Encoding.UTF8, "application/json"));
        await malformed.Problem(HttpStatusCode.BadRequest, "$");

        var wrongType = await admin.PostAsync("/api/v1/agencies", new StringContent("{\"code\":\"000.00.79.H56\",\"name\":\"Sở\",\"kind\":\"Department\",\"parentId\":123}", Encoding.UTF8, "application/json"));
        await wrongType.Problem(HttpStatusCode.BadRequest, "parentId");

        var after = (await (await admin.GetAsync("/api/v1/agencies?includeInactive=true&pageSize=1")).Json(HttpStatusCode.OK)).GetProperty("total").GetInt32();
        Assert.Equal(before, after);

        var good = await admin.PostAsJsonAsync("/api/v1/agencies", new { code = "000.00.80.H56", name = "Ban Quản lý Khu kinh tế Nghi Sơn", kind = "Department", parentId = province.GetProperty("id").GetGuid(), phone = "02373 852 000" });
        var created = await good.Json(HttpStatusCode.Created);
        Assert.Equal("02373852000", created.GetProperty("phone").GetString());
        Assert.Equal(1, created.GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task Edits_use_optimistic_concurrency_and_deactivation_respects_the_tree()
    {
        var admin = await Host.SignedInAsync("quantri");
        var province = await AgencyByCode(admin, "000.00.00.H56");
        var created = await (await admin.PostAsJsonAsync("/api/v1/agencies", new { code = "000.00.81.H56", name = "Ban Dân tộc", kind = "Department", parentId = province.GetProperty("id").GetGuid() })).Json(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var child = await (await admin.PostAsJsonAsync("/api/v1/agencies", new { code = "000.01.81.H56", name = "Phòng Chính sách", kind = "Other", parentId = id })).Json(HttpStatusCode.Created);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agencies/{id}") { Content = JsonContent.Create(new { code = "000.00.81.H56", name = "Ban Dân tộc tỉnh", kind = "Department", parentId = province.GetProperty("id").GetGuid() }) };
        stale.Headers.IfMatch.ParseAdd("\"999\"");
        await (await admin.SendAsync(stale)).Json(HttpStatusCode.Conflict);

        var blocked = await admin.PostAsync($"/api/v1/agencies/{id}/deactivate", null);
        Assert.Contains("trực thuộc", (await blocked.Json(HttpStatusCode.Conflict)).GetProperty("detail").GetString());
        await (await admin.PostAsync($"/api/v1/agencies/{child.GetProperty("id").GetGuid()}/deactivate", null)).Json(HttpStatusCode.OK);
        var off = await (await admin.PostAsync($"/api/v1/agencies/{id}/deactivate", null)).Json(HttpStatusCode.OK);
        Assert.False(off.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task Catalogues_and_officials_validate_their_fields()
    {
        var admin = await Host.SignedInAsync("quantri");
        var dup = await admin.PostAsJsonAsync("/api/v1/positions", new { code = "CV", name = "Chuyên viên chính" });
        await dup.Problem(HttpStatusCode.BadRequest, "code");
        var field = await (await admin.PostAsJsonAsync("/api/v1/procedure-fields", new { code = "CCCD", name = "Căn cước" })).Json(HttpStatusCode.Created);
        Assert.Equal("Căn cước", field.GetProperty("name").GetString());

        var commune = await AgencyByCode(admin, "000.01.40.H56");
        var official = await admin.PostAsJsonAsync("/api/v1/officials", new { fullName = "", agencyId = commune.GetProperty("id").GetGuid(), phone = "0123" });
        var problem = await official.Content.ReadFromJsonAsync<JsonElement>();
        await official.Problem(HttpStatusCode.BadRequest, "fullName");
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _));
        var ok = await (await admin.PostAsJsonAsync("/api/v1/officials", new { fullName = "Lê Văn Tám", agencyId = commune.GetProperty("id").GetGuid(), phone = "+84 912 000 111" })).Json(HttpStatusCode.Created);
        Assert.Equal("0912000111", ok.GetProperty("phone").GetString());
    }

    [Fact]
    public async Task Changes_and_reads_of_personal_data_are_audited_and_the_chain_verifies()
    {
        var admin = await Host.SignedInAsync("quantri");
        var officials = await (await admin.GetAsync("/api/v1/officials?q=bui%20thi%20mai")).Json(HttpStatusCode.OK);
        var id = officials.GetProperty("items")[0].GetProperty("id").GetString();
        await (await admin.GetAsync($"/api/v1/officials/{id}")).Json(HttpStatusCode.OK);
        var trail = await (await admin.GetAsync($"/api/v1/audit?entityType=Official&entityId={id}")).Json(HttpStatusCode.OK);
        Assert.Contains(trail.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "read");
        Assert.Contains(trail.GetProperty("items").EnumerateArray(), e => e.GetProperty("action").GetString() == "create");
        var verify = await (await admin.GetAsync("/api/v1/audit/verify")).Json(HttpStatusCode.OK);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        var leader = await Host.SignedInAsync("lanhdao");
        await (await leader.GetAsync("/api/v1/audit")).Json(HttpStatusCode.Forbidden);
    }
}

[Collection("sqlite")] public sealed class DirectoryApiSqlite(SqliteHost f) : DirectoryApiTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class DirectoryApiPostgres(PostgresHost f) : DirectoryApiTests(f), IClassFixture<PostgresHost>;
