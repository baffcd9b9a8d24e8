using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Egov.Web.Tests;

/// <summary>The one-stop counter over HTTP: receive, list, read and move a dossier; another commune does not see it.</summary>
public abstract class DossierApiTests(HostFixture fixture)
{
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task A_commune_officer_receives_and_lists_a_dossier_that_another_commune_cannot_see()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var bad = await officer.PostAsJsonAsync("/api/v1/dossiers", new
        {
            procedureCode = "1.001193.000.00.00.H56", receivingAgencyId = commune.GetProperty("id").GetGuid(),
            applicantName = "", applicantIdNumber = "038095001234",
        });
        await bad.Problem(HttpStatusCode.BadRequest, "applicantName");

        var created = await (await officer.PostAsJsonAsync("/api/v1/dossiers", new
        {
            procedureCode = "1.001193.000.00.00.H56", receivingAgencyId = commune.GetProperty("id").GetGuid(),
            applicantName = "Trần Thị Bình", applicantIdNumber = "038095001234", applicantPhone = "0912345678",
        })).Json(HttpStatusCode.Created);
        var code = created.GetProperty("summary").GetProperty("code").GetString()!;
        Assert.Matches(@"^000\.01\.40\.H56-\d{6}-\d{4}$", code);

        var list = await (await officer.GetAsync("/api/v1/dossiers?q=tran%20thi%20binh")).Json(HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == code);
        var read = await (await officer.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.OK);
        Assert.Equal("038095001234", read.GetProperty("applicantIdNumber").GetString());

        var other = await Host.SignedInAsync("motcua.xa2");
        await (await other.GetAsync($"/api/v1/dossiers/{code}")).Json(HttpStatusCode.NotFound);
        var otherList = await (await other.GetAsync("/api/v1/dossiers?q=tran%20thi%20binh")).Json(HttpStatusCode.OK);
        Assert.DoesNotContain(otherList.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == code);

        var specialist = await Host.SignedInAsync("tuphap.xa1");
        await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh", new { })).Json(HttpStatusCode.Forbidden);
        await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/tra_ket_qua", new { }))
            .Problem(HttpStatusCode.BadRequest, "action");
        var moved = await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh", new { version = 1 })).Json(HttpStatusCode.OK);
        Assert.Equal("THAM_DINH", moved.GetProperty("summary").GetProperty("state").GetString());
        await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", new { version = 1 })).Json(HttpStatusCode.Conflict);
        var submitted = await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", new { comment = "Đủ điều kiện" })).Json(HttpStatusCode.OK);
        Assert.Equal("PHE_DUYET", submitted.GetProperty("summary").GetProperty("state").GetString());
        // The demo has no commune leader: the system administrator signs in its place.
        var admin = await Host.SignedInAsync("quantri");
        var signed = await (await admin.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/ky_duyet", new { })).Json(HttpStatusCode.OK);
        Assert.Equal(9, signed.GetProperty("summary").GetProperty("status").GetInt32());
        Assert.Equal(4, signed.GetProperty("history").GetArrayLength());
    }
}

[Collection("sqlite")] public sealed class DossierApiSqlite(SqliteHost f) : DossierApiTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class DossierApiPostgres(PostgresHost f) : DossierApiTests(f), IClassFixture<PostgresHost>;
