using static Egov.Web.Tests.PageForms;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Egov.Web.Tests;

/// <summary>
/// Issue 4 leftovers over real HTTP: the printed forms linked from the dossier page, the tracking register page and its
/// PDF/Excel files, and the escalation-rule administration pages (forms posted as a browser without JavaScript does).
/// </summary>
public abstract partial class OneStopPagesTests(HostFixture fixture)
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task The_dossier_page_links_the_forms_that_apply_and_each_link_gives_a_pdf()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await ReceiveAsync(officer, "Trần Văn Biểu Mẫu", "038088005001");

        var fresh = await PageAsync(officer, $"/dossiers/{code}");
        Assert.Contains($"href=\"/dossiers/{code}/forms/receipt\"", fresh);
        Assert.Contains("In giấy tiếp nhận hồ sơ và hẹn trả kết quả", fresh);
        Assert.Contains($"href=\"/dossiers/{code}/forms/control-sheet\"", fresh);
        Assert.Contains("In phiếu kiểm soát quá trình giải quyết hồ sơ", fresh);
        foreach (var form in new[] { "supplement", "refusal", "apology", "stop" })
            Assert.DoesNotContain($"/forms/{form}\"", fresh);

        // The specialist asks for a supplement: the supplement request applies from then on, also once it is handed in.
        await ActAsync(officer, code, "chuyen_tham_dinh", null);
        await ActAsync(await Host.SignedInAsync("tuphap.xa1"), code, "yeu_cau_bo_sung", "Bổ sung giấy chứng sinh bản chính");
        var waiting = await PageAsync(officer, $"/dossiers/{code}");
        Assert.Contains($"href=\"/dossiers/{code}/forms/supplement\"", waiting);
        Assert.Contains("In phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", waiting);
        await ActAsync(officer, code, "nop_bo_sung", null);
        Assert.Contains($"/forms/supplement\"", await PageAsync(officer, $"/dossiers/{code}"));
        foreach (var form in new[] { "receipt", "supplement", "control-sheet" })
            await PdfAsync(officer, $"/dossiers/{code}/forms/{form}");

        // Refused at the counter: the refusal applies; the stop notice does not.
        var refused = await ReceiveAsync(officer, "Trần Văn Từ Chối", "038088005002");
        await ActAsync(officer, refused, "tu_choi_tiep_nhan", "Không thuộc thẩm quyền của phường");
        var html = await PageAsync(officer, $"/dossiers/{refused}");
        Assert.Contains($"href=\"/dossiers/{refused}/forms/refusal\"", html);
        Assert.Contains("In phiếu từ chối tiếp nhận giải quyết hồ sơ", html);
        Assert.DoesNotContain("/forms/stop\"", html);
        Assert.DoesNotContain("/forms/supplement\"", html);
        await PdfAsync(officer, $"/dossiers/{refused}/forms/refusal");
    }

    [Fact]
    public async Task The_register_page_links_a_pdf_and_an_xlsx_of_the_officers_agency()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        await ReceiveAsync(officer, "Lê Thị Sổ Theo Dõi", "038188005003");
        Assert.Contains("href=\"/dossiers/register\"", await PageAsync(officer, "/workspace"));

        var first = await PageAsync(officer, "/dossiers/register");
        Assert.Contains("Sổ theo dõi hồ sơ", first);
        Assert.Contains("Ủy ban nhân dân phường Hàm Rồng", first);
        Assert.Matches(FileLink("pdf"), first);   // this month by default

        var (from, to) = (Day(-1), Day(1));
        var html = await PageAsync(officer, $"/dossiers/register?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        Assert.Contains($"value=\"{from}\"", html);
        var pdfHref = WebUtility.HtmlDecode(FileLink("pdf").Match(html).Groups[1].Value);
        var xlsxHref = WebUtility.HtmlDecode(FileLink("xlsx").Match(html).Groups[1].Value);
        Assert.Contains("agency=", pdfHref);

        await PdfAsync(officer, pdfHref);
        var xlsx = await officer.GetAsync(xlsxHref);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);

        // The same links for a leader of the commune.
        Assert.Matches(FileLink("xlsx"), await PageAsync(await Host.SignedInAsync("lanhdao.xa1"), $"/dossiers/register?from={from}&to={to}"));
    }

    [Fact]
    public async Task Bad_or_reversed_register_dates_are_explained_in_Vietnamese_beside_the_fields()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var bad = await PageAsync(officer, "/dossiers/register?from=31%2F02%2F2026&to=01%2F03%2F2026");
        Assert.Contains("Ngày “31/02/2026” không hợp lệ", bad);
        Assert.Contains("id=\"from-error\"", bad);
        Assert.DoesNotContain("id=\"to-error\"", bad);
        Assert.Contains("value=\"31/02/2026\"", bad);
        Assert.DoesNotMatch(FileLink("pdf"), bad);

        var reversed = await PageAsync(officer, "/dossiers/register?from=10%2F11%2F2026&to=01%2F11%2F2026");
        Assert.Contains("id=\"to-error\"", reversed);
        Assert.Contains("Ngày kết thúc (01/11/2026) phải bằng hoặc sau ngày bắt đầu (10/11/2026).", reversed);
        Assert.DoesNotMatch(FileLink("xlsx"), reversed);

        var missing = await PageAsync(officer, "/dossiers/register?from=01%2F11%2F2026&to=");
        Assert.Contains("Hãy nhập ngày kết thúc", missing);
    }

    [Fact]
    public async Task The_register_is_refused_to_citizens_and_to_officers_of_another_agency()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var communeA = (await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK)).GetProperty("id").GetGuid();
        var iso = $"/dossiers/register/pdf?agency={communeA}&from={Iso(-1)}&to={Iso(0)}";
        await PdfAsync(officer, iso);

        var citizen = await Host.SignedInAsync("congdan@example.vn");
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync("/dossiers/register")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync(iso)).StatusCode);

        var other = await Host.SignedInAsync("motcua.xa2");
        var refused = await other.GetAsync($"/dossiers/register?agency={communeA}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Không có quyền", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(iso)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(iso.Replace("/pdf?", "/xlsx?"))).StatusCode);
        Assert.DoesNotContain(communeA.ToString(), await PageAsync(other, "/dossiers/register"));

        // A specialist does not keep the register.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Host.SignedInAsync("tuphap.xa1")).GetAsync("/dossiers/register")).StatusCode);
        var anonymous = await Host.Anonymous().GetAsync("/dossiers/register");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_system_administrator_creates_edits_and_deletes_an_escalation_rule_through_the_page_forms()
    {
        var admin = await Host.SignedInAsync("quantri");
        var list = WebUtility.HtmlDecode(await PageAsync(admin, "/admin/escalation-rules"));
        Assert.Contains("Quy tắc chuyển cấp, cảnh báo quá hạn", list);
        Assert.Contains("Bước quá hạn → báo lãnh đạo", list);
        Assert.Contains("href=\"/admin/escalation-rules/new\"", list);

        var form = new Dictionary<string, string>
        {
            ["Input.Code"] = "Quá Hạn 8", ["Input.Name"] = "Quá hạn 8 giờ → báo chuyên viên", ["Input.OverdueWorkingHours"] = "tám",
            ["Input.Action"] = "Notify", ["Input.TargetRole"] = "specialist", ["Input.ProcedureCode"] = BirthRegistration,
        };
        var refused = await PostAsync(admin, "/admin/escalation-rules/new", "rule", form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("id=\"code-error\"", html);
        Assert.Contains("Mã quy tắc chỉ gồm chữ thường không dấu", html);
        Assert.Contains("id=\"overdueWorkingHours-error\"", html);
        Assert.Contains("“tám” không phải là số giờ", html);
        Assert.Contains("value=\"Quá Hạn 8\"", html);
        Assert.Contains("value=\"Quá hạn 8 giờ → báo chuyên viên\"", html);
        Assert.Contains("value=\"tám\"", html);
        Assert.Contains($"value=\"{BirthRegistration}\"", html);
        Assert.Matches("<option value=\"specialist\" selected", html);
        Assert.DoesNotContain("qua-han-8", await PageAsync(admin, "/admin/escalation-rules"));

        form["Input.Code"] = "qua-han-8-gio-khai-sinh";
        form["Input.OverdueWorkingHours"] = "8";
        var created = await PostAsync(admin, "/admin/escalation-rules/new", "rule", form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin/escalation-rules/qua-han-8-gio-khai-sinh?done=created", created.Headers.Location!.PathAndQuery);
        var url = "/admin/escalation-rules/qua-han-8-gio-khai-sinh";
        var shown = WebUtility.HtmlDecode(await PageAsync(admin, created.Headers.Location!.PathAndQuery));
        Assert.Contains("Đã tạo quy tắc.", shown);
        Assert.Contains("value=\"Quá hạn 8 giờ → báo chuyên viên\"", shown);

        // An unknown procedure is refused beside its field and the typed name stays.
        var edit = new Dictionary<string, string>(form) { ["Input.Name"] = "Quá hạn 4,5 giờ → chuyển chuyên viên", ["Input.OverdueWorkingHours"] = "4,5",
            ["Input.Action"] = "Reassign", ["Input.ProcedureCode"] = "9.999999.000.00.00.H56" };
        edit.Remove("Input.Code");
        var unknown = WebUtility.HtmlDecode(await (await PostAsync(admin, url, "rule", edit)).Content.ReadAsStringAsync());
        Assert.Contains("id=\"procedureCode-error\"", unknown);
        Assert.Contains("Không có thủ tục mã \"9.999999.000.00.00.H56\"", unknown);
        Assert.Contains("value=\"Quá hạn 4,5 giờ → chuyển chuyên viên\"", unknown);
        Assert.Contains("value=\"4,5\"", unknown);

        edit["Input.ProcedureCode"] = "";
        var saved = await PostAsync(admin, url, "rule", edit);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var listed = WebUtility.HtmlDecode(await PageAsync(admin, "/admin/escalation-rules"));
        Assert.Contains("Quá hạn 4,5 giờ → chuyển chuyên viên", listed);
        Assert.Matches(@"<td[^>]*>4,5</td>", listed);
        Assert.Contains("Chuyển bước cho vai trò nhận", listed);

        var deactivated = await PostAsync(admin, url, "deactivate", []);
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.Contains("Ngừng áp dụng", await PageAsync(admin, url));

        var deleted = await PostAsync(admin, url, "delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/admin/escalation-rules?done=deleted", deleted.Headers.Location!.PathAndQuery);
        Assert.DoesNotContain("qua-han-8-gio-khai-sinh", await PageAsync(admin, "/admin/escalation-rules?done=deleted"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Escalation_rules_are_read_by_officials_changed_only_by_the_system_administrator()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var list = await PageAsync(officer, "/admin/escalation-rules");
        Assert.Contains("buoc-qua-han-bao-lanh-dao", list);
        Assert.DoesNotContain("href=\"/admin/escalation-rules/new\"", list);
        var rule = await PageAsync(officer, "/admin/escalation-rules/buoc-qua-han-bao-lanh-dao");
        Assert.Contains("Bước quá hạn → báo lãnh đạo", WebUtility.HtmlDecode(rule));
        Assert.DoesNotContain("Lưu thay đổi", rule);
        Assert.DoesNotContain("Xóa quy tắc", rule);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync("/admin/escalation-rules/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Host.SignedInAsync("quantri.xa1")).GetAsync("/admin/escalation-rules/new")).StatusCode);

        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var refused = await citizen.GetAsync("/admin/escalation-rules");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Không có quyền", await refused.Content.ReadAsStringAsync());
    }

    private static string Day(int offset) =>
        DateTime.UtcNow.AddHours(7).AddDays(offset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Iso(int offset) =>
        DateTime.UtcNow.AddHours(7).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Regex FileLink(string format) => new($"href=\"(/dossiers/register/{format}\\?agency=[0-9a-f-]{{36}}&amp;from=\\d{{4}}-\\d{{2}}-\\d{{2}}&amp;to=\\d{{4}}-\\d{{2}}-\\d{{2}})\"");

    private static async Task PdfAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
    }

    private async Task<string> ReceiveAsync(HttpClient officer, string name, string idNumber)
    {
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var created = await (await officer.PostAsJsonAsync("/api/v1/dossiers", new
        {
            procedureCode = BirthRegistration, receivingAgencyId = commune.GetProperty("id").GetGuid(),
            applicantName = name, applicantIdNumber = idNumber, receivedDocuments = new[] { 0 },
        })).Json(HttpStatusCode.Created);
        return created.GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task A_refused_action_keeps_the_comment_and_the_files_chosen_for_the_next_try()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await ReceiveAsync(officer, "Phan Văn Giữ", "038066004328");
        await ActAsync(officer, code, "chuyen_tham_dinh", null);
        var specialist = await Host.SignedInAsync("tuphap.xa1");
        var url = $"/dossiers/{code}";
        var page = await PageAsync(specialist, url);
        string Token(string html) => WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        string Version(string html) => Regex.Match(html, "name=\"Input.Version\" value=\"(\\d+)\"").Groups[1].Value;
        var pdf = "%PDF-1.4\n% giấy chứng sinh\n%%EOF"u8.ToArray();

        // The supplement request needs its reason: refused, but the chosen file comes back with the page.
        var first = await specialist.PostAsync(url, new MultipartFormDataContent
        {
            { new StringContent("act-yeu_cau_bo_sung"), "_handler" }, { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent(Version(page)), "Input.Version" }, { new StringContent(""), "Input.Comment" },
            { new ByteArrayContent(pdf), "files", "mau-giay-chung-sinh.pdf" },
        });
        var refused = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Tệp đã chọn, gửi lại cùng thao tác", refused);
        Assert.Contains("<label for=\"keep-yeu_cau_bo_sung-0\">mau-giay-chung-sinh.pdf</label>", refused);
        var kept = Regex.Match(refused, "name=\"kept-data-0\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(pdf, Convert.FromBase64String(kept));

        // The next try sends the kept file with the reason, without choosing it again.
        var second = await specialist.PostAsync(url, new FormUrlEncodedContent(
        [
            new("_handler", "act-yeu_cau_bo_sung"), new("__RequestVerificationToken", Token(refused)), new("Input.Version", Version(refused)),
            new("Input.Comment", "Bổ sung giấy chứng sinh bản chính"), new("keep", "0"), new("kept-name-0", "mau-giay-chung-sinh.pdf"), new("kept-data-0", kept),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var dossier = await (await specialist.GetAsync("/api/v1/dossiers/" + code)).Json(HttpStatusCode.OK);
        Assert.Equal(5, dossier.GetProperty("status").GetInt32());
        Assert.Contains(dossier.GetProperty("files").EnumerateArray(), f => f.GetProperty("fileName").GetString() == "mau-giay-chung-sinh.pdf");
    }

    private static async Task ActAsync(HttpClient client, string code, string action, string? comment) =>
        await (await client.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/{action}", new { comment })).Json(HttpStatusCode.OK);
}

[Collection("sqlite")] public sealed class OneStopPagesSqlite(SqliteHost f) : OneStopPagesTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class OneStopPagesPostgres(PostgresHost f) : OneStopPagesTests(f), IClassFixture<PostgresHost>;
