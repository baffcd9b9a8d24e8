using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Egov.Web.Tests;

/// <summary>
/// Role × agency × resource, through the API: every official reaches only the sub-tree of the agency where
/// they hold their role; an officer of one commune can never read another commune's data.
/// Commune A is Phường Hàm Rồng (000.01.40.H56), commune B Phường Hạc Thành (000.02.40.H56).
/// </summary>
public abstract class AccessMatrixTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    // Callers: demo accounts (null = anonymous).
    private static readonly string?[] Callers =
        [null, "congdan@example.vn", "motcua.xa1", "tuphap.xa1", "quantri.xa1", "motcua.xa2", "chuyenvien.stp", "lanhdao", "vanthu", "quantri"];

    private async Task<Dictionary<string, HttpClient>> ClientsAsync()
    {
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = Host.Anonymous() };
        foreach (var c in Callers.OfType<string>()) clients[c] = await Host.SignedInAsync(c);
        return clients;
    }

    private static string Key(string? caller) => caller ?? "anonymous";

    [Fact]
    public async Task Dossiers_are_seen_by_the_agencies_that_take_part_and_moved_only_by_the_steps_role()
    {
        var clients = await ClientsAsync();
        var communeA = await (await clients["motcua.xa1"].GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var created = await (await clients["motcua.xa1"].PostAsJsonAsync("/api/v1/dossiers", new
        {
            procedureCode = "1.001193.000.00.00.H56", receivingAgencyId = communeA.GetProperty("id").GetGuid(),
            applicantName = "Phạm Thị Lan", applicantIdNumber = "038095001234", receivedDocuments = new[] { 0 },
        })).Json(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        var expected = new Dictionary<string, HttpStatusCode>
        {
            ["anonymous"] = HttpStatusCode.Unauthorized,
            ["congdan@example.vn"] = HttpStatusCode.NotFound,   // not their own dossier
            ["motcua.xa1"] = HttpStatusCode.OK,
            ["tuphap.xa1"] = HttpStatusCode.OK,
            ["quantri.xa1"] = HttpStatusCode.OK,
            ["motcua.xa2"] = HttpStatusCode.NotFound,
            ["chuyenvien.stp"] = HttpStatusCode.NotFound,       // the department takes no part in a birth registration
            ["lanhdao"] = HttpStatusCode.OK,                     // the province's leader oversees every commune
            ["vanthu"] = HttpStatusCode.NotFound,
            ["quantri"] = HttpStatusCode.OK,
        };
        var failures = new List<string>();
        foreach (var caller in Callers)
        {
            var status = (await clients[Key(caller)].GetAsync($"/api/v1/dossiers/{code}")).StatusCode;
            if (status != expected[Key(caller)]) failures.Add($"{Key(caller)} GET dossier: {(int)status}, expected {(int)expected[Key(caller)]}");
            if (caller is "motcua.xa2" or "chuyenvien.stp" or "congdan@example.vn" or "vanthu")
            {
                var list = await (await clients[Key(caller)].GetAsync("/api/v1/dossiers?q=pham%20thi%20lan")).Json(HttpStatusCode.OK);
                if (list.GetProperty("total").GetInt32() != 0) failures.Add($"{caller} lists commune A's dossier");
            }
        }
        // Moving it on: the one-stop officer of commune A may; the commune's specialist is refused; commune B does not even find it.
        var move = $"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh";
        foreach (var (caller, status) in new[] { ("motcua.xa2", HttpStatusCode.NotFound), ("tuphap.xa1", HttpStatusCode.Forbidden), ("motcua.xa1", HttpStatusCode.OK) })
        {
            var actual = (await clients[caller].PostAsJsonAsync(move, new { })).StatusCode;
            if (actual != status) failures.Add($"{caller} POST {move}: {(int)actual}, expected {(int)status}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Reads_are_scoped_to_the_callers_agency_subtree()
    {
        var clients = await ClientsAsync();
        var admin = clients["quantri"];
        var communeA = await (await admin.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var communeAId = communeA.GetProperty("id").GetGuid();
        var officialA = (await (await admin.GetAsync($"/api/v1/officials?agencyId={communeAId}")).Json(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetGuid();

        // Expected status per caller for: agency A, official A's contact details.
        var expected = new Dictionary<string, HttpStatusCode>
        {
            ["anonymous"] = HttpStatusCode.Unauthorized,
            ["congdan@example.vn"] = HttpStatusCode.NotFound,
            ["motcua.xa1"] = HttpStatusCode.OK,
            ["tuphap.xa1"] = HttpStatusCode.OK,
            ["quantri.xa1"] = HttpStatusCode.OK,
            ["motcua.xa2"] = HttpStatusCode.NotFound,
            ["chuyenvien.stp"] = HttpStatusCode.NotFound,
            ["lanhdao"] = HttpStatusCode.OK,
            ["vanthu"] = HttpStatusCode.NotFound,
            ["quantri"] = HttpStatusCode.OK,
        };
        var failures = new List<string>();
        foreach (var caller in Callers)
        {
            var client = clients[Key(caller)];
            foreach (var url in new[] { $"/api/v1/agencies/{communeAId}", $"/api/v1/officials/{officialA}", "/api/v1/agencies/by-code/000.01.40.H56" })
            {
                var status = (await client.GetAsync(url)).StatusCode;
                if (status != expected[Key(caller)]) failures.Add($"{Key(caller)} GET {url}: {(int)status}, expected {(int)expected[Key(caller)]}");
            }
            // Lists never leak rows from outside the scope.
            if (caller is "motcua.xa2" or "chuyenvien.stp" or "congdan@example.vn" or "vanthu")
            {
                var list = await (await client.GetAsync($"/api/v1/officials?agencyId={communeAId}")).Json(HttpStatusCode.OK);
                if (list.GetProperty("total").GetInt32() != 0) failures.Add($"{caller} lists officials of commune A");
                var agencies = await (await client.GetAsync("/api/v1/agencies?q=ham%20rong")).Json(HttpStatusCode.OK);
                if (agencies.GetProperty("total").GetInt32() != 0) failures.Add($"{caller} finds commune A by search");
            }
        }
        Assert.Empty(failures);

        // Commune B's officer sees exactly one agency: their own commune.
        var own = await (await clients["motcua.xa2"].GetAsync("/api/v1/agencies?pageSize=200")).Json(HttpStatusCode.OK);
        Assert.Equal(1, own.GetProperty("total").GetInt32());
        Assert.Equal("000.02.40.H56", own.GetProperty("items")[0].GetProperty("code").GetString());
        // The provincial leader's scope is the whole province.
        var all = await (await clients["lanhdao"].GetAsync("/api/v1/agencies?pageSize=1")).Json(HttpStatusCode.OK);
        Assert.True(all.GetProperty("total").GetInt32() >= 181);
    }

    [Fact]
    public async Task Writes_need_an_administrator_of_the_agency_subtree()
    {
        var clients = await ClientsAsync();
        var admin = clients["quantri"];
        var communeA = await (await admin.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var communeB = await (await admin.GetAsync("/api/v1/agencies/by-code/000.02.40.H56")).Json(HttpStatusCode.OK);
        var failures = new List<string>();
        var n = 0;
        foreach (var caller in Callers)
        {
            var client = clients[Key(caller)];
            n++;
            // Create a sub-unit of commune A.
            var create = await client.PostAsJsonAsync("/api/v1/agencies", new { code = $"{n:000}.01.40.H56", name = $"Bộ phận một cửa số {n}", kind = "Other", parentId = communeA.GetProperty("id").GetGuid() });
            var expectedCreate = caller switch
            {
                null => HttpStatusCode.Unauthorized,
                "quantri.xa1" or "quantri" => HttpStatusCode.Created,
                _ => HttpStatusCode.Forbidden,
            };
            if (create.StatusCode != expectedCreate) failures.Add($"{Key(caller)} create under A: {(int)create.StatusCode}, expected {(int)expectedCreate}");
            // Rename commune B: only the system administrator may (commune A's admin cannot even see it).
            var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/agencies/{communeB.GetProperty("id").GetGuid()}")
            {
                Content = JsonContent.Create(new { code = "000.02.40.H56", name = communeB.GetProperty("name").GetString(), kind = "CommuneCommittee", parentId = communeB.GetProperty("parentId").GetGuid(), shortName = communeB.GetProperty("shortName").GetString(), unitCode = communeB.GetProperty("unitCode").GetString() }),
            };
            var renamed = await client.SendAsync(rename);
            var expectedRename = caller switch
            {
                null => HttpStatusCode.Unauthorized,
                "quantri" => HttpStatusCode.OK,
                "lanhdao" => HttpStatusCode.Forbidden, // sees the whole province, administers nothing
                "motcua.xa2" => HttpStatusCode.Forbidden,
                _ => HttpStatusCode.NotFound,
            };
            if (renamed.StatusCode != expectedRename) failures.Add($"{Key(caller)} rename B: {(int)renamed.StatusCode}, expected {(int)expectedRename}");
            // Accounts and the audit trail.
            var users = await client.GetAsync("/api/v1/users?pageSize=200");
            if (caller is null) { if (users.StatusCode != HttpStatusCode.Unauthorized) failures.Add("anonymous lists users"); }
            else
            {
                var list = await users.Json(HttpStatusCode.OK);
                var names = list.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("userName").GetString()).ToList();
                var ok = caller switch
                {
                    "quantri" => names.Contains("motcua.xa2") && names.Contains("congdan@example.vn"),
                    "quantri.xa1" => names.Contains("motcua.xa1") && !names.Contains("motcua.xa2") && !names.Contains("congdan@example.vn") && !names.Contains("quantri"),
                    _ => names.Count == 0,
                };
                if (!ok) failures.Add($"{caller} lists users: {string.Join(",", names)}");
            }
            var audit = await client.GetAsync("/api/v1/audit");
            var expectedAudit = caller switch { null => HttpStatusCode.Unauthorized, "quantri" => HttpStatusCode.OK, _ => HttpStatusCode.Forbidden };
            if (audit.StatusCode != expectedAudit) failures.Add($"{Key(caller)} audit: {(int)audit.StatusCode}");
            var position = await client.PostAsJsonAsync("/api/v1/positions", new { code = $"P{n}", name = $"Chức vụ {n}" });
            var expectedPosition = caller switch { null => HttpStatusCode.Unauthorized, "quantri" => HttpStatusCode.Created, _ => HttpStatusCode.Forbidden };
            if (position.StatusCode != expectedPosition) failures.Add($"{Key(caller)} create position: {(int)position.StatusCode}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task An_agency_admin_creates_accounts_only_inside_their_subtree()
    {
        var communeAdmin = await Host.SignedInAsync("quantri.xa1");
        var admin = await Host.SignedInAsync("quantri");
        var communeA = await (await admin.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var communeB = await (await admin.GetAsync("/api/v1/agencies/by-code/000.02.40.H56")).Json(HttpStatusCode.OK);
        await (await communeAdmin.PostAsJsonAsync("/api/v1/users", new { userName = "vanthu.xa1", fullName = "Phan Thị Hoa", role = "clerk", agencyId = communeA.GetProperty("id").GetGuid() })).Json(HttpStatusCode.Created);
        await (await communeAdmin.PostAsJsonAsync("/api/v1/users", new { userName = "vanthu.xa2", fullName = "Phan Văn Hùng", role = "clerk", agencyId = communeB.GetProperty("id").GetGuid() })).Json(HttpStatusCode.Forbidden);
        await (await communeAdmin.PostAsJsonAsync("/api/v1/users", new { userName = "sieuquantri", fullName = "Kẻ Lạ", role = "system-admin", agencyId = communeA.GetProperty("id").GetGuid() })).Json(HttpStatusCode.Forbidden);
        var badRole = await communeAdmin.PostAsJsonAsync("/api/v1/users", new { userName = "abc.xa1", fullName = "Vai Trò Lạ", role = "king", agencyId = communeA.GetProperty("id").GetGuid() });
        await badRole.Problem(HttpStatusCode.BadRequest, "role");
    }
}

[Collection("sqlite")] public sealed class AccessMatrixSqlite(SqliteHost f) : AccessMatrixTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class AccessMatrixPostgres(PostgresHost f) : AccessMatrixTests(f), IClassFixture<PostgresHost>;
