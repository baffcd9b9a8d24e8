using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>The escalation-rule administration and the tracking register in the browser, JavaScript off.</summary>
public sealed class OneStopAdminPagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "egov-screenshots");

    [Fact]
    public async Task The_system_administrator_creates_an_escalation_rule_after_fixing_its_code()
    {
        System.IO.Directory.CreateDirectory(Shots);
        var page = await SignInAsync("quantri");
        await page.GetByRole(AriaRole.Link, new() { Name = "Quy tắc chuyển cấp" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Quy tắc chuyển cấp, cảnh báo quá hạn");
        await page.GetByRole(AriaRole.Link, new() { Name = "Thêm quy tắc" }).ClickAsync();

        await page.GetByLabel("Mã quy tắc").FillAsync("Quá hạn 24 giờ");
        await page.GetByLabel("Tên quy tắc").FillAsync("Quá hạn 24 giờ làm việc → chuyển lãnh đạo");
        await page.GetByLabel("Số giờ làm việc quá hạn").FillAsync("24");
        await page.GetByLabel("Hành động").SelectOptionAsync("Reassign");
        await page.GetByLabel("Vai trò nhận").SelectOptionAsync("leader");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo quy tắc" }).ClickAsync();

        await Expect(page.Locator("#code-error")).ToContainTextAsync("Mã quy tắc chỉ gồm chữ thường không dấu");
        await Expect(page.GetByLabel("Tên quy tắc")).ToHaveValueAsync("Quá hạn 24 giờ làm việc → chuyển lãnh đạo");
        await Expect(page.GetByLabel("Số giờ làm việc quá hạn")).ToHaveValueAsync("24");
        await Expect(page.GetByLabel("Hành động")).ToHaveValueAsync("Reassign");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "escalation-rule-error.png"), FullPage = true });

        await page.GetByLabel("Mã quy tắc").FillAsync("qua-han-24-gio-chuyen-lanh-dao");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo quy tắc" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/admin/escalation-rules/qua-han-24-gio-chuyen-lanh-dao"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã tạo quy tắc.");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Danh sách quy tắc chuyển cấp" }).ClickAsync();
        var row = page.Locator("tr", new() { HasText = "qua-han-24-gio-chuyen-lanh-dao" });
        await Expect(row).ToContainTextAsync("Quá hạn 24 giờ làm việc → chuyển lãnh đạo");
        await Expect(row).ToContainTextAsync("Chuyển bước cho vai trò nhận");
        await Expect(row).ToContainTextAsync("Lãnh đạo");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "escalation-rules.png"), FullPage = true });
    }

    [Fact]
    public async Task A_one_stop_officer_opens_the_tracking_register_with_the_cookie_sign_in()
    {
        var page = await SignInAsync("motcua.xa1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sổ theo dõi hồ sơ" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sổ theo dõi hồ sơ");

        await page.GetByLabel("Từ ngày").FillAsync("20/11/2026");
        await page.GetByLabel("Đến ngày").FillAsync("10/11/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem sổ" }).ClickAsync();
        await Expect(page.Locator("#to-error")).ToContainTextAsync("phải bằng hoặc sau ngày bắt đầu");
        await Expect(page.GetByLabel("Từ ngày")).ToHaveValueAsync("20/11/2026");

        await page.GetByLabel("Từ ngày").FillAsync("01/11/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem sổ" }).ClickAsync();
        var pdf = page.GetByRole(AriaRole.Link, new() { Name = "In sổ theo dõi hồ sơ (PDF)" });
        var href = await pdf.GetAttributeAsync("href");
        Assert.NotNull(href);
        var response = await page.Context.APIRequest.GetAsync(href!);   // the page's cookies
        Assert.Equal(200, response.Status);
        Assert.Equal("%PDF"u8.ToArray(), (await response.BodyAsync())[..4]);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "register.png"), FullPage = true });
    }

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await fixture.SignInAsync(userName);
        await Assertions.Expect(page.GetByText("Xin chào")).ToBeVisibleAsync();
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
