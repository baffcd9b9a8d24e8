using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// A citizen rates a returned dossier on a phone: the electronic result to download, the rating form (axe's WCAG 2.1 A/AA
/// checks, with its error next to the radio buttons), then the rating given.
/// </summary>
public sealed class PortalRateTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_rates_a_returned_dossier_on_a_phone()
    {
        var code = await Egov.Web.Tests.PortalRateTests.ReturnedAsync(fixture.Host);
        var page = await fixture.NewPageAsync();   // phone-sized, with JavaScript for axe
        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString("/portal/dossiers/" + code));
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("congdan@example.vn");
        await page.GetByLabel("Mật khẩu").FillAsync(fixture.Host.PasswordOf("congdan@example.vn"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(code);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kết quả điện tử" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tải về ket-qua.pdf" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đánh giá mức độ hài lòng" })).ToBeVisibleAsync();
        await PortalPages.CheckAccessibilityAsync(page);

        await page.GetByLabel("Ý kiến thêm (nếu có)").FillAsync("Trả kết quả sớm, cảm ơn cán bộ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rating-error")).ToHaveTextAsync("Hãy chọn một mức độ hài lòng.");
        await Assertions.Expect(page.GetByLabel("Ý kiến thêm (nếu có)")).ToHaveValueAsync("Trả kết quả sớm, cảm ơn cán bộ");
        await PortalPages.CheckAccessibilityAsync(page);

        await page.GetByLabel("Rất hài lòng", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Cảm ơn bạn đã đánh giá");
        var given = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Đánh giá của bạn" }) });
        await Assertions.Expect(given).ToContainTextAsync("Rất hài lòng");
        await Assertions.Expect(given).ToContainTextAsync("Trả kết quả sớm, cảm ơn cán bộ");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" })).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await PortalPages.CheckAccessibilityAsync(page);
    }
}
