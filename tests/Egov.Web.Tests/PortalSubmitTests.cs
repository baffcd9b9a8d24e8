using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Egov.Web.Tests;

/// <summary>The portal's online submission over real HTTP, as a browser without JavaScript posts it: step by step, with a
/// bad value kept and explained, a file checked by content, the draft resumed from another device, one dossier for two clicks.</summary>
public abstract partial class PortalSubmitTests(HostFixture fixture)
{
    private const string Marriage = "1.000894.000.00.00.H56";   // Đăng ký kết hôn
    private const string Birth = "1.001193.000.00.00.H56";
    private const int MaxPageBytes = 150 * 1024;
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task A_citizen_submits_online_step_by_step_and_a_second_click_makes_no_second_dossier()
    {
        var submit = $"/portal/procedures/{Birth}/submit";
        var visitor = await Host.Anonymous().GetAsync(submit);
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(submit), Where(visitor));
        var officer = await Host.SignedInAsync("motcua.xa1");
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync(submit)).StatusCode);

        var phone = await Host.SignedInAsync("congdan@example.vn");
        var first = await PageAsync(phone, submit);
        Assert.True(first.Length < MaxPageBytes);
        Assert.Contains("value=\"Nguyễn Thị An\"", first);
        Assert.Contains("038095001234", first);

        var bad = await PostAsync(phone, submit, "applicant", Applicant("0912"));
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("id=\"applicantPhone-error\">Số điện thoại &quot;0912&quot; không hợp lệ", html);
        Assert.Contains("value=\"0912\"", html);
        Assert.Contains("value=\"Hàm Rồng, Thanh Hóa\"", html);

        // Another device: the draft is listed and keeps what was typed.
        var laptop = await Host.SignedInAsync("congdan@example.vn");
        Assert.Contains($"href=\"{submit}\"", await PageAsync(laptop, "/portal/drafts"));
        Assert.Contains("value=\"0912\"", await PageAsync(laptop, submit));
        var saved = await PostAsync(laptop, submit, "applicant", Applicant("0912 345 678"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(submit + "?step=documents", Where(saved));

        // A file that is not what its name says is refused next to its document; the draft stays.
        var documents = submit + "?step=documents";
        var refused = await UploadAsync(phone, documents, "MZ not a pdf"u8.ToArray(), "to-khai.pdf", "next");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("id=\"document-0-error\">Tệp &quot;to-khai.pdf&quot; không phải PDF", refusedHtml);
        var uploaded = await UploadAsync(phone, documents, "%PDF-1.4\n%%EOF"u8.ToArray(), "to-khai.pdf", "next");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Equal(submit + "?step=delivery", Where(uploaded));

        var delivery = submit + "?step=delivery";
        var commune = (await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK)).GetProperty("id").GetString()!;
        var deliveryPage = await PageAsync(phone, delivery);
        Assert.Contains("8.000 đồng", deliveryPage);   // the fee, before submitting
        var noAddress = await PostAsync(phone, delivery, "delivery", [new("Delivery.ReceivingAgencyId", commune), new("Delivery.ReturnChannel", "Post"), new("Delivery.PostalLine", "")]);
        Assert.Contains("id=\"postalLine-error\"", await noAddress.Content.ReadAsStringAsync());
        // The registration is free; the copy of the certificate (8.000 đồng) is ticked, so the dossier will owe 8.000 đồng.
        Assert.Contains("<input type=\"checkbox\" id=\"fee-0\" name=\"fees\" value=\"0\" checked disabled", deliveryPage);
        Assert.Contains("id=\"fee-1\" name=\"fees\" value=\"1\"", deliveryPage);
        var ok = await PostAsync(phone, delivery, "delivery", [new("Delivery.ReceivingAgencyId", commune), new("Delivery.ReturnChannel", "Online"), new("Delivery.PostalLine", ""),
            new("fees", "1")]);
        Assert.Equal(submit + "?step=review", Where(ok));

        var review = await PageAsync(phone, submit + "?step=review");
        Assert.Contains("to-khai.pdf", review);
        Assert.Contains("Số tiền phải nộp: <strong>8.000 đồng</strong>", review);
        Assert.Contains("Nộp hồ sơ", review);
        var action = WebUtility.HtmlDecode(Regex.Match(review, "<form method=\"post\" action=\"([^\"]+draft=[^\"]+)\"").Groups[1].Value);
        var token = WebUtility.HtmlDecode(Regex.Match(review, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        HttpResponseMessage Post(HttpClient c) => c.PostAsync(action, new FormUrlEncodedContent([new("_handler", "submit"), new("__RequestVerificationToken", token)])).Result;
        var done = Post(phone);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var acknowledged = Where(done)!;
        Assert.Matches(@"^/portal/dossiers/000\.01\.40\.H56-\d{6}-\d{4}/submitted$", acknowledged);
        var again = Post(phone);   // the same form posted twice
        Assert.Equal(acknowledged, Where(again));

        var code = acknowledged.Split('/')[3];
        var page = await PageAsync(phone, acknowledged);
        Assert.Contains(code, page);
        Assert.Contains("Ngày hẹn trả kết quả", page);
        Assert.Contains($"href=\"/dossiers/{code}/forms/receipt\"", page);
        var receipt = await phone.GetAsync($"/dossiers/{code}/forms/receipt");
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
        var mine = await (await phone.GetAsync("/api/v1/dossiers?pageSize=100")).Json(HttpStatusCode.OK);
        Assert.Single(mine.GetProperty("items").EnumerateArray(), d => d.GetProperty("code").GetString() == code);
        Assert.Equal(8000, (await (await phone.GetAsync("/api/v1/dossiers/" + code)).Json(HttpStatusCode.OK)).GetProperty("feeAmount").GetInt64());
        Assert.DoesNotContain($"href=\"{submit}\"", await PageAsync(laptop, "/portal/drafts"));
        // Nobody else reads the dossier or its receipt.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Host.SignedInAsync("motcua.xa2")).GetAsync($"/dossiers/{code}/forms/receipt")).StatusCode);
    }

    [Fact]
    public async Task The_drafts_api_keeps_a_draft_refuses_bad_input_as_problem_details_and_submits_once()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        await (await citizen.PostAsJsonAsync("/api/v1/drafts", new { procedureCode = "nope" })).Problem(HttpStatusCode.BadRequest, "procedureCode");
        await (await citizen.PostAsJsonAsync("/api/v1/drafts", new { procedureCode = Marriage, applicant = new { name = "Nguyễn Thị An", phone = "12" } }))
            .Problem(HttpStatusCode.BadRequest, "applicantPhone");
        var drafts = await (await citizen.GetAsync("/api/v1/drafts")).Json(HttpStatusCode.OK);
        var id = drafts.EnumerateArray().Single(d => d.GetProperty("procedureCode").GetString() == Marriage).GetProperty("id").GetString();
        var kept = await (await citizen.GetAsync($"/api/v1/drafts/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("12", kept.GetProperty("applicant").GetProperty("phone").GetString());
        await (await (await Host.SignedInAsync("motcua.xa1")).GetAsync($"/api/v1/drafts/{id}")).Json(HttpStatusCode.Forbidden);
        await (await citizen.PostAsync($"/api/v1/drafts/{id}/submit", null)).Problem(HttpStatusCode.BadRequest, "step");
        var files = new MultipartFormDataContent { { new ByteArrayContent("MZ"u8.ToArray()), "document-0", "a.pdf" } };
        await (await citizen.PostAsync($"/api/v1/drafts/{id}/files", files)).Problem(HttpStatusCode.BadRequest, "files[0]");
        Assert.Equal(HttpStatusCode.NoContent, (await citizen.DeleteAsync($"/api/v1/drafts/{id}")).StatusCode);
        await (await citizen.GetAsync($"/api/v1/drafts/{id}")).Json(HttpStatusCode.NotFound);
        var openApi = await (await Host.Anonymous().GetAsync("/api/v1/openapi.json")).Content.ReadAsStringAsync();
        Assert.Contains("/api/v1/drafts/{id}/submit", openApi);
        Assert.Contains("/api/v1/my-documents", openApi);
    }

    [Fact]
    public async Task An_upload_cut_off_half_way_keeps_the_draft_and_the_files_already_attached()
    {
        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var draft = await (await citizen.PostAsJsonAsync("/api/v1/drafts", new
        {
            procedureCode = Marriage, applicant = new { name = "Nguyễn Thị An", phone = "0912345678", address = "Hàm Rồng, Thanh Hóa" },
        })).Json(HttpStatusCode.OK);
        var id = draft.GetProperty("id").GetString();
        var first = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "document-0", "to-khai.pdf" } };
        await (await citizen.PostAsync($"/api/v1/drafts/{id}/files", first)).Json(HttpStatusCode.OK);

        // The phone loses its connection half way through a 2 MB photo: the request body stops and the socket closes.
        var cut = new MultipartFormDataContent { { new StreamContent(new CutOffStream(2 * 1024 * 1024, 300 * 1024)), "document-1", "giay-to.jpg" } };
        await Assert.ThrowsAnyAsync<Exception>(() => citizen.PostAsync($"/api/v1/drafts/{id}/files", cut));

        // Back online: the draft is there with what was typed and the file attached before; nothing half-written.
        var again = await Host.SignedInAsync("congdan@example.vn");
        var kept = await (await again.GetAsync($"/api/v1/drafts/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal("0912345678", kept.GetProperty("applicant").GetProperty("phone").GetString());
        var files = kept.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("to-khai.pdf", Assert.Single(files).GetProperty("fileName").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await again.DeleteAsync($"/api/v1/drafts/{id}")).StatusCode);
    }

    /// <summary>A request body of <paramref name="length"/> bytes that fails after <paramref name="failAfter"/>, as a dropped connection does.</summary>
    private sealed class CutOffStream(long length, long failAfter) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter) throw new IOException("connection lost");
            var n = (int)Math.Min(count, failAfter - _position);
            Array.Fill(buffer, (byte)0xFF, offset, n);
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Where a redirect goes, as a path and query (pages answer with absolute URLs).</summary>
    private static string? Where(HttpResponseMessage response) =>
        response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;

    private static KeyValuePair<string, string>[] Applicant(string phone) =>
    [
        new("Applicant.ApplicantName", "Nguyễn Thị An"), new("Applicant.ApplicantPhone", phone),
        new("Applicant.ApplicantEmail", "congdan@example.vn"), new("Applicant.ApplicantAddress", "Hàm Rồng, Thanh Hóa"),
    ];

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, byte[] content, string name, string go)
    {
        var page = await PageAsync(client, url);
        var token = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        var form = new MultipartFormDataContent
        {
            { new StringContent("documents"), "_handler" }, { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(go), "go" }, { new ByteArrayContent(content), "document-0", name },
        };
        return await client.PostAsync(url, form);
    }
}

[Collection("sqlite")] public sealed class PortalSubmitSqlite(SqliteHost f) : PortalSubmitTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class PortalSubmitPostgres(PostgresHost f) : PortalSubmitTests(f), IClassFixture<PostgresHost>;
