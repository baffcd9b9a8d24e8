using static Egov.Web.Tests.PageForms;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Egov.Web.Tests;

/// <summary>The officer's one-stop pages over HTTP: inbox scope and search, date filter errors, the reception checklist, stale actions.</summary>
public abstract partial class WorkspacePageTests(HostFixture fixture)
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task The_inbox_lists_a_commune_dossier_for_its_officer_only_and_finds_it_without_diacritics_or_by_id_number()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await ReceiveAsync(officer, "Nguyễn Văn Khải", "038088004321");

        var mine = await PageAsync(officer, "/dossiers");
        Assert.Contains(code, mine);
        Assert.Contains("Của đơn vị", mine);
        Assert.Contains(code, await PageAsync(officer, "/dossiers?tab=unit&q=nguyen%20van%20khai"));
        Assert.Contains(code, await PageAsync(officer, "/dossiers?tab=unit&q=038088004321"));
        Assert.DoesNotContain(code, await PageAsync(officer, "/dossiers?tab=unit&q=nguyen%20van%20khoa"));
        Assert.Contains(code, await PageAsync(officer, $"/dossiers?tab=unit&procedure={BirthRegistration}&field=HT"));
        Assert.DoesNotContain(code, await PageAsync(officer, "/dossiers?tab=unit&field=DD"));

        var other = await Host.SignedInAsync("motcua.xa2");
        Assert.DoesNotContain(code, await PageAsync(other, "/dossiers?tab=unit"));
        Assert.DoesNotContain(code, await PageAsync(other, "/dossiers?tab=unit&q=038088004321"));
        var hidden = await other.GetAsync($"/dossiers/{code}");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Contains("Không tìm thấy", await hidden.Content.ReadAsStringAsync());

        var citizen = await Host.SignedInAsync("congdan@example.vn");
        var refused = await citizen.GetAsync("/dossiers");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Không có quyền", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invalid_received_date_shows_a_Vietnamese_error_beside_the_filter()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var html = await PageAsync(officer, "/dossiers?tab=unit&from=31%2F02%2F2026&to=01%2F03%2F2026");
        Assert.Contains("Ngày “31/02/2026” không hợp lệ", html);
        Assert.Contains("id=\"from-error\"", html);
        Assert.DoesNotContain("id=\"to-error\"", html);
    }

    [Fact]
    public async Task Reception_refuses_missing_mandatory_documents_and_saves_nothing_then_receives()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var url = $"/dossiers/receive?procedure={BirthRegistration}";
        var form = new Dictionary<string, string>
        {
            ["Input.ApplicantName"] = "Phạm Thị Thiếu Giấy", ["Input.ApplicantIdNumber"] = "038188004322", ["Input.ApplicantPhone"] = "0912345678",
            ["docs"] = "1",
        };
        var refused = await PostAsync(officer, url, "receive", form);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Thiếu giấy tờ bắt buộc: Tờ khai đăng ký khai sinh theo mẫu", html);
        Assert.Contains("value=\"Phạm Thị Thiếu Giấy\"", html);
        Assert.DoesNotContain("Phạm Thị Thiếu Giấy", await PageAsync(officer, "/dossiers?tab=unit&q=pham%20thi%20thieu%20giay"));

        form["docs"] = "0";
        form["Input.ApplicantIdNumber"] = "12";
        var invalid = await (await PostAsync(officer, url, "receive", form)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"applicantIdNumber-error\"", invalid);
        Assert.Contains("value=\"Phạm Thị Thiếu Giấy\"", invalid);

        form["Input.ApplicantIdNumber"] = "038188004322";
        var received = await PostAsync(officer, url, "receive", form);
        Assert.Equal(HttpStatusCode.Redirect, received.StatusCode);
        var done = await PageAsync(officer, received.Headers.Location!.ToString());
        Assert.Matches(@"000\.01\.40\.H56-\d{6}-\d{4}", done);
        Assert.Matches(@"Hẹn trả: \d{2}:\d{2} \d{2}/\d{2}/\d{4}", done);
        Assert.Contains("/forms/receipt", done);
        Assert.Contains("Phạm Thị Thiếu Giấy", await PageAsync(officer, "/dossiers?tab=unit&q=pham%20thi%20thieu%20giay"));
    }

    [Fact]
    public async Task A_stale_version_shows_the_conflict_and_keeps_the_comment()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var code = await ReceiveAsync(officer, "Lê Văn Cũ", "038077004323");
        var url = $"/dossiers/{code}";
        var stale = await PostAsync(officer, url, "act-chuyen_tham_dinh",
            new Dictionary<string, string> { ["Input.Version"] = "0", ["Input.Comment"] = "Hồ sơ đầy đủ, chuyển tư pháp" });
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("Hồ sơ đã được người khác cập nhật", html);
        Assert.Contains("Hồ sơ đầy đủ, chuyển tư pháp</textarea>", html);
        Assert.Contains("Tiếp nhận hồ sơ", html); // still at the first step

        var required = await (await PostAsync(officer, url, "act-tu_choi_tiep_nhan", new Dictionary<string, string> { ["Input.Version"] = "1", ["Input.Comment"] = "" }))
            .Content.ReadAsStringAsync();
        Assert.Contains("id=\"comment-tu_choi_tiep_nhan-error\"", required);

        var moved = await PostAsync(officer, url, "act-chuyen_tham_dinh", new Dictionary<string, string> { ["Input.Version"] = "1", ["Input.Comment"] = "Chuyển" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Contains("Công chức Tư pháp - Hộ tịch kiểm tra, ghi Sổ hộ tịch", await PageAsync(officer, url));
    }

    [Fact]
    public async Task A_bulk_action_reports_which_dossiers_moved_and_why_the_others_did_not()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var first = await ReceiveAsync(officer, "Đỗ Văn Một", "038066004324");
        var second = await ReceiveAsync(officer, "Đỗ Văn Hai", "038066004325");
        await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{first}/actions/chuyen_tham_dinh", new { })).Json(HttpStatusCode.OK);

        var url = "/dossiers?tab=unit&q=do%20van";
        var response = await PostAsync(officer, url, "bulk", new KeyValuePair<string, string>[]
        {
            new("codes", first), new("codes", second), new("Bulk.BulkAction", "chuyen_tham_dinh"), new("Bulk.BulkComment", "Chuyển hàng loạt"),
        });
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Đã thực hiện 1/2 hồ sơ", html);
        Assert.Matches($@"{Regex.Escape(first)}</a>: ✗ Không thể thực hiện", html);
        Assert.Matches($@"{Regex.Escape(second)}</a>: ✓ Đã chuyển sang: Công chức Tư pháp", html);
    }

    [Fact]
    public async Task A_leader_assigns_several_dossiers_to_one_specialist_at_once()
    {
        var officer = await Host.SignedInAsync("motcua.xa1");
        var codes = new[] { await ReceiveAsync(officer, "Lã Văn Một", "038066004326"), await ReceiveAsync(officer, "Lã Văn Hai", "038066004327") };
        foreach (var code in codes)
            await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/chuyen_tham_dinh", new { })).Json(HttpStatusCode.OK);

        var leader = await Host.SignedInAsync("lanhdao.xa1");
        var url = "/dossiers?tab=unit&q=la%20van";
        var page = WebUtility.HtmlDecode(await PageAsync(leader, url));
        Assert.Contains("<option value=\"phan_cong\">Phân công xử lý</option>", page);
        var specialist = Regex.Match(page, "<option value=\"([0-9a-f-]{36})\">Bùi Thị Mai \\(").Groups[1].Value;
        Assert.NotEmpty(specialist);
        // No one chosen: each dossier says so, nothing moves.
        var none = WebUtility.HtmlDecode(await (await PostAsync(leader, url, "bulk",
            [new("codes", codes[0]), new("codes", codes[1]), new("Bulk.BulkAction", "phan_cong")])).Content.ReadAsStringAsync());
        Assert.Contains("Hãy chọn người xử lý.", none);

        var response = await PostAsync(leader, url, "bulk",
            [new("codes", codes[0]), new("codes", codes[1]), new("Bulk.BulkAction", "phan_cong"), new("Bulk.BulkAssigneeId", specialist)]);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Đã thực hiện 2/2 hồ sơ", html);
        foreach (var code in codes)
        {
            Assert.Matches($@"{Regex.Escape(code)}</a>: ✓ Đã phân công cho Bùi Thị Mai", html);
            var dossier = await (await leader.GetAsync("/api/v1/dossiers/" + code)).Json(HttpStatusCode.OK);
            Assert.Equal("Bùi Thị Mai", dossier.GetProperty("assigneeName").GetString());
        }
        // The specialist finds them in her own inbox.
        var mine = await PageAsync(await Host.SignedInAsync("tuphap.xa1"), "/dossiers?tab=mine");
        Assert.All(codes, code => Assert.Contains(code, mine));
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
}

[Collection("sqlite")] public sealed class WorkspacePagesSqlite(SqliteHost f) : WorkspacePageTests(f), IClassFixture<SqliteHost>;
[Collection("postgres")] public sealed class WorkspacePagesPostgres(PostgresHost f) : WorkspacePageTests(f), IClassFixture<PostgresHost>;
