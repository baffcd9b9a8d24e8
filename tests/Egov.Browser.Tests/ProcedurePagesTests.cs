using Microsoft.Playwright;

namespace Egov.Browser.Tests;

public sealed class ProcedurePagesTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_official_finds_a_procedure_without_diacritics_and_reads_its_process()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/account/login?returnUrl=%2Fadmin%2Fprocedures");
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("motcua.xa1");
        await page.GetByLabel("Mật khẩu").FillAsync(fixture.Host.PasswordOf("motcua.xa1"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thủ tục hành chính");

        await page.GetByLabel("Tên hoặc mã thủ tục").FillAsync("dang ky khai sinh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh", Exact = true });
        await link.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đăng ký khai sinh");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Quy trình nội bộ" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("1.001193.000.00.00.H56")).ToBeVisibleAsync();
        // The import form is for system administrators only.
        await page.GotoAsync("/admin/procedures");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nhập tệp" })).ToHaveCountAsync(0);
    }
}
