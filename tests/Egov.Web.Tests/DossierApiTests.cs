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
            applicantName = "Trần Thị Bình", applicantIdNumber = "038095001234", applicantPhone = "0912345678", receivedDocuments = new[] { 0 },
        })).Json(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        Assert.Equal(2, created.GetProperty("status").GetInt32());
        Assert.Equal("Đã tiếp nhận", created.GetProperty("statusName").GetString());
        Assert.Equal("1.001193.000.00.00.H56", created.GetProperty("procedureCode").GetString());
        Assert.Equal("000.01.40.H56", created.GetProperty("agencyCode").GetString());
        Assert.True(created.GetProperty("appointmentAt").GetDateTime() > created.GetProperty("receivedAt").GetDateTime());
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
        Assert.Equal("THAM_DINH", moved.GetProperty("state").GetString());
        await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", new { version = 1 })).Json(HttpStatusCode.Conflict);
        var submitted = await (await specialist.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", new { comment = "Đủ điều kiện" })).Json(HttpStatusCode.OK);
        Assert.Equal("PHE_DUYET", submitted.GetProperty("state").GetString());
        // The demo has no commune leader: the system administrator signs in its place.
        var admin = await Host.SignedInAsync("quantri");
        var signed = await (await admin.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/ky_duyet", new { })).Json(HttpStatusCode.OK);
        Assert.Equal(9, signed.GetProperty("status").GetInt32());
        Assert.Equal(4, signed.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Retries_with_an_Idempotency_Key_stale_If_Match_and_hostile_uploads_are_handled()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var body = new
        {
            procedureCode = "1.001193.000.00.00.H56", receivingAgencyId = commune.GetProperty("id").GetGuid(),
            applicantName = "Lê Văn Đức", applicantIdNumber = "038095001234", receivedDocuments = new[] { 0 },
        };
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post(object content, string? idempotencyKey, string url = "/api/v1/dossiers")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(content) };
            if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }
        var first = await (await officer.SendAsync(Post(body, key))).Json(HttpStatusCode.Created);
        var retry = await (await officer.SendAsync(Post(body, key))).Json(HttpStatusCode.OK);
        var code = first.GetProperty("code").GetString()!;
        Assert.Equal(code, retry.GetProperty("code").GetString());

        // Missing mandatory documents: nothing is created.
        var missing = await officer.PostAsJsonAsync("/api/v1/dossiers", new
        {
            body.procedureCode, body.receivingAgencyId, body.applicantName, body.applicantIdNumber, receivedDocuments = Array.Empty<int>(),
        });
        Assert.Contains("Tờ khai đăng ký khai sinh", await missing.Problem(HttpStatusCode.BadRequest, "receivedDocuments"));

        // An action retried with the same key is applied once; a stale If-Match is a conflict.
        var actKey = Guid.NewGuid().ToString();
        var moved = await (await officer.SendAsync(Post(new { comment = "Chuyển thẩm định" }, actKey, $"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh"))).Json(HttpStatusCode.OK);
        var again = await (await officer.SendAsync(Post(new { comment = "Chuyển thẩm định" }, actKey, $"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh"))).Json(HttpStatusCode.OK);
        Assert.Equal(moved.GetProperty("version").GetInt32(), again.GetProperty("version").GetInt32());
        Assert.Equal(2, again.GetProperty("history").GetArrayLength());
        var specialist = await Host.SignedInAsync("tuphap.xa1");
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/dossiers/{code}/actions/trinh_ky") { Content = JsonContent.Create(new { }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await specialist.SendAsync(stale)).Json(HttpStatusCode.Conflict);

        // Uploads are judged by their content: an executable named .pdf is refused, a real PDF is kept and served back.
        var form = new MultipartFormDataContent
        {
            { new StringContent(System.Text.Json.JsonSerializer.Serialize(new { comment = "Kèm biên bản" })), "input" },
            { new ByteArrayContent("MZ\u0090\u0000 not a pdf"u8.ToArray()), "files", "bien-ban.pdf" },
        };
        await (await specialist.PostAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", form)).Problem(HttpStatusCode.BadRequest, "files[0]");
        var pdf = "%PDF-1.4\n%%EOF"u8.ToArray();
        var good = new MultipartFormDataContent
        {
            { new StringContent("{\"comment\":\"Kèm biên bản\"}"), "input" },
            { new ByteArrayContent(pdf), "files", "../../bien-ban.pdf" },
        };
        var withFile = await (await specialist.PostAsync($"/api/v1/dossiers/{code}/actions/trinh_ky", good)).Json(HttpStatusCode.OK);
        var file = withFile.GetProperty("files").EnumerateArray().Single();
        Assert.Equal("bien-ban.pdf", file.GetProperty("fileName").GetString());
        var download = await specialist.GetAsync($"/api/v1/dossiers/{code}/files/{file.GetProperty("id").GetGuid()}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        // The receipt and the control sheet as PDFs with the dossier code; the register as Excel.
        var receipt = await officer.GetAsync($"/api/v1/dossiers/{code}/forms/receipt");
        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await receipt.Content.ReadAsByteArrayAsync())[..5]));
        Assert.Equal(HttpStatusCode.OK, (await officer.GetAsync($"/dossiers/{code}/forms/control-sheet")).StatusCode);
        await (await officer.GetAsync($"/api/v1/dossiers/{code}/forms/nonsense")).Problem(HttpStatusCode.BadRequest, "form");
        await (await (await Host.SignedInAsync("motcua.xa2")).GetAsync($"/api/v1/dossiers/{code}/forms/receipt")).Json(HttpStatusCode.NotFound);
        var today = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM-dd");
        var register = await officer.GetAsync($"/api/v1/dossiers/register?agencyId={commune.GetProperty("id").GetGuid()}&from={today}&to={today}&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        using (var book = new ClosedXML.Excel.XLWorkbook(await register.Content.ReadAsStreamAsync()))
            Assert.Contains(book.Worksheets.First().CellsUsed(), c => c.GetString() == code);
        await (await officer.GetAsync("/api/v1/dossiers/register")).Problem(HttpStatusCode.BadRequest, "from");

        var badJson = new MultipartFormDataContent { { new StringContent("{not json"), "input" } };
        await (await specialist.PostAsync($"/api/v1/dossiers/{code}/actions/ky_duyet", badJson)).Problem(HttpStatusCode.BadRequest, "input");
    }

    [Fact]
    public async Task A_citizen_submits_online_for_themselves_only()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var officer = await Host.SignedInAsync("motcua.xa1");
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        MultipartFormDataContent Form(string idNumber) => new()
        {
            { new StringContent(JsonSerializer.Serialize(new
            {
                procedureCode = "1.001193.000.00.00.H56", receivingAgencyId = commune.GetProperty("id").GetGuid(),
                applicantName = "Nguyễn Thị An", applicantIdNumber = idNumber, applicantPhone = "0912345678",
            })), "dossier" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "document-0", "to-khai.pdf" },
        };
        // Someone else's number (valid in form) is refused, naming the field; nothing is created.
        await (await citizen.PostAsync("/api/v1/dossiers/online", Form("001203004567"))).Problem(HttpStatusCode.BadRequest, "applicantIdNumber");
        var created = await (await citizen.PostAsync("/api/v1/dossiers/online", Form(Egov.Hosting.DemoSeeder.DemoCitizenId))).Json(HttpStatusCode.Created);
        Assert.Equal(1, created.GetProperty("status").GetInt32());
        var mine = await (await citizen.GetAsync("/api/v1/dossiers")).Json(HttpStatusCode.OK);
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == created.GetProperty("code").GetString());
    }
}

[Collection("sqlite")] public sealed class DossierApiSqlite(SqliteHost f) : DossierApiTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class DossierApiPostgres(PostgresHost f) : DossierApiTests(f), IClassFixture<PostgresHost>;
