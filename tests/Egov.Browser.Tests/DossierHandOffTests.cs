using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// One provincial dossier walked in the browser (no JavaScript) across agencies: the service centre receives it, hands it
/// to the Sở Dân tộc và Tôn giáo, which asks the commune's opinion; the commune answers, the province leader signs and the
/// service centre returns the result.
/// </summary>
public sealed class DossierHandOffTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Procedure = "Thủ tục đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo, địa điểm hợp pháp đã đăng ký có quy mô tổ chức ở nhiều xã trong một tỉnh";
    private const string Centre = "Trung tâm PVHCC tỉnh", Department = "Sở Dân tộc và Tôn giáo", Commune = "UBND phường Hàm Rồng";

    [Fact]
    public async Task A_religious_ceremony_request_goes_from_the_service_centre_to_the_department_asks_the_commune_and_comes_back()
    {
        var officer = await SignInAsync("motcua", "/dossiers/receive");
        await officer.GetByLabel("Tên hoặc mã thủ tục").FillAsync("le ngoai co so ton giao");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Tìm thủ tục" }).ClickAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = Procedure, Exact = true }).ClickAsync();
        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "Văn bản đề nghị nêu rõ tên cuộc lễ" }).CheckAsync();
        await officer.GetByLabel("Họ và tên").FillAsync("Lê Văn Thiện");
        await officer.GetByLabel("Số định danh cá nhân hoặc mã số thuế").FillAsync("038080007788");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận", Exact = true }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã tiếp nhận hồ sơ");
        var code = (await officer.Locator("code.big").TextContentAsync())!.Trim();
        Assert.Matches(@"^000\.00\.30\.H56-\d{6}-\d{4}$", code);
        await officer.GetByRole(AriaRole.Link, new() { Name = "Mở hồ sơ" }).ClickAsync();
        await ExpectDossierAsync(officer, "Đã tiếp nhận", Centre);
        await officer.GetByRole(AriaRole.Button, new() { Name = "Chuyển hồ sơ về Sở" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện “Chuyển hồ sơ về Sở”");
        await ExpectDossierAsync(officer, "Đang xử lý", Department);
        await Expect(History(officer).Nth(1)).ToContainTextAsync("Chuyển hồ sơ về Sở");
        await Expect(History(officer).Nth(1)).ToContainTextAsync(Department);
        await Expect(officer.GetByRole(AriaRole.Button, new() { Name = "Gửi lấy ý kiến" })).ToHaveCountAsync(0);

        // The demo province has no specialist of the Sở Dân tộc và Tôn giáo: the system administrator acts for them.
        var department = await SignInAsync("quantri", $"/dossiers/{code}");
        await department.GetByLabel("Xã, phường xử lý").SelectOptionAsync(new SelectOptionValue { Label = Commune });
        await department.GetByRole(AriaRole.Button, new() { Name = "Gửi lấy ý kiến" }).ClickAsync();
        await Expect(department.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện “Gửi lấy ý kiến”");
        await ExpectDossierAsync(department, "Đang xử lý", Department);
        await Expect(Opinions(department)).ToHaveCountAsync(1);
        await Expect(Opinions(department).First).ToContainTextAsync(Commune);
        await Expect(Opinions(department).First).ToContainTextAsync("Chờ ý kiến");
        // Still awaited: moving on is refused with the commune named.
        await department.GetByRole(AriaRole.Button, new() { Name = "Tổng hợp ý kiến, chuyển bước tiếp" }).ClickAsync();
        await Expect(department.GetByRole(AriaRole.Alert).Filter(new() { HasText = "còn chờ ý kiến của " + Commune })).ToBeVisibleAsync();

        var commune = await SignInAsync("tuphap.xa1", "/dossiers");
        await commune.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Expect(Opinions(commune).First).ToContainTextAsync("Chờ ý kiến");
        await commune.GetByLabel("Đồng ý", new() { Exact = true }).CheckAsync();
        await commune.Locator("#comment-cho_y_kien").FillAsync("Phường thống nhất, đảm bảo an ninh trật tự");
        await commune.GetByRole(AriaRole.Button, new() { Name = "Cho ý kiến" }).ClickAsync();
        await Expect(commune.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện “Cho ý kiến”");
        await Expect(Opinions(commune).First).ToContainTextAsync("Đồng ý");
        await Expect(Opinions(commune).First).ToContainTextAsync("Phường thống nhất, đảm bảo an ninh trật tự");
        await Expect(commune.GetByRole(AriaRole.Button, new() { Name = "Cho ý kiến" })).ToHaveCountAsync(0);

        await department.GotoAsync($"/dossiers/{code}");
        await department.GetByRole(AriaRole.Button, new() { Name = "Tổng hợp ý kiến, chuyển bước tiếp" }).ClickAsync();
        await Expect(department.GetByRole(AriaRole.Status)).ToContainTextAsync("Tổng hợp ý kiến, chuyển bước tiếp");
        await ExpectDossierAsync(department, "Đang xử lý", Department);

        // The province's vice-chairman leads a sub-tree holding every department: the demo's only leader there.
        var leader = await SignInAsync("lanhdao", $"/dossiers/{code}");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Ký duyệt" }).ClickAsync();
        await Expect(leader.GetByRole(AriaRole.Status)).ToContainTextAsync("Ký duyệt");
        await ExpectDossierAsync(leader, "Đã có kết quả", Centre);

        await officer.GotoAsync("/dossiers");
        await officer.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "Trả kết quả" }).ClickAsync();
        await ExpectDossierAsync(officer, "Đã trả kết quả", Centre);
        var history = History(officer);
        await Expect(history).ToHaveCountAsync(7);
        foreach (var (row, action, by, agency) in new[]
        {
            (0, "Tiếp nhận hồ sơ", "Phạm Minh Đức", Centre), (1, "Chuyển hồ sơ về Sở", "Phạm Minh Đức", Department),
            (2, "Gửi lấy ý kiến", "Nguyễn Văn Quản", Department), (3, "Cho ý kiến", "Bùi Thị Mai", Commune),
            (4, "Tổng hợp ý kiến, chuyển bước tiếp", "Nguyễn Văn Quản", Department), (5, "Ký duyệt", "Lê Thị Hồng Đào", Centre),
            (6, "Trả kết quả", "Phạm Minh Đức", Centre),
        })
        {
            await Expect(history.Nth(row)).ToContainTextAsync(action);
            await Expect(history.Nth(row)).ToContainTextAsync(by);
            await Expect(history.Nth(row).Locator("td[data-label='Cơ quan']")).ToHaveTextAsync(agency);
        }
        await Expect(Opinions(officer).First).ToContainTextAsync("Đồng ý");
    }

    /// <summary>The status tag under the title and the agency acting now, as the dossier page shows them.</summary>
    private static async Task ExpectDossierAsync(IPage page, string status, string agency)
    {
        await Expect(page.Locator("h1 + p .tag.status")).ToHaveTextAsync(status);
        await Expect(page.Locator("xpath=//dl[contains(@class,'facts')]/dt[normalize-space()='Cơ quan đang xử lý']/following-sibling::dd[1]")).ToHaveTextAsync(agency);
    }

    private static ILocator History(IPage page) => page.Locator("table.history tbody tr");
    private static ILocator Opinions(IPage page) => page.Locator("table.opinions tbody tr");

    private Task<IPage> SignInAsync(string userName, string returnUrl) => fixture.SignInAsync(userName, returnUrl, desktop: true);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
