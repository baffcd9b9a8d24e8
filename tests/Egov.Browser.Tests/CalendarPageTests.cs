using Microsoft.Playwright;

namespace Egov.Browser.Tests;

public sealed class CalendarPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Anyone_sees_tet_in_the_month_view_with_lunar_dates()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/calendar?year=2026&month=2");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Lịch làm việc tháng 02/2026");
        var tet = page.Locator("td[data-date='2026-02-17']");
        await Assertions.Expect(tet).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\boff\\b"));
        await Assertions.Expect(tet.Locator(".lunar")).ToHaveTextAsync("1/1");
        await Assertions.Expect(tet.Locator(".label")).ToHaveTextAsync("Tết Nguyên đán");
        await Assertions.Expect(page.Locator("td[data-date='2026-02-23']")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\boff\\b"));
    }

    [Fact]
    public async Task The_system_administrator_adds_an_announced_day_off_and_a_contradiction_is_refused()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        var otp = await fixture.Host.EnsureTwoFactorIfAdminAsync("quantri");
        await page.GotoAsync("/account/login?returnUrl=%2Fcalendar%3Fyear%3D2026%26month%3D12");
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("quantri");
        await page.GetByLabel("Mật khẩu").FillAsync(fixture.Host.PasswordOf("quantri"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.GetByLabel("Mã xác thực").FillAsync(otp!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Lịch làm việc tháng 12/2026");

        // Saturday 05/12/2026 is already off: refused with the reason, next to the field.
        await page.Locator("#date").FillAsync("2026-12-05");
        await page.GetByLabel("Loại").SelectOptionAsync("DayOff");
        await page.Locator("#name").FillAsync("Nghỉ thêm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#date-error")).ToBeVisibleAsync();

        await page.Locator("#date").FillAsync("2026-12-31");
        await page.GetByLabel("Loại").SelectOptionAsync("DayOff");
        await page.Locator("#name").FillAsync("Nghỉ cuối năm theo thông báo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã thêm.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("td[data-date='2026-12-31'] .label")).ToHaveTextAsync("Nghỉ cuối năm theo thông báo");

        // A new holiday rule from 2027: an impossible date first, then the right one.
        await page.Locator("#code-rule").FillAsync("NGAY_MOI");
        await page.Locator("#name-rule").FillAsync("Ngày lễ mới");
        await page.Locator("#kind-rule").SelectOptionAsync("Solar");
        await page.Locator("#month-rule").FillAsync("2");
        await page.Locator("#day-rule").FillAsync("30");
        await page.Locator("#fromYear-rule").FillAsync("2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm quy tắc" }).ClickAsync();
        await Assertions.Expect(page.Locator("#month-rule-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#name-rule")).ToHaveValueAsync("Ngày lễ mới");
        await page.Locator("#day-rule").FillAsync("14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm quy tắc" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã thêm quy tắc.")).ToBeVisibleAsync();
        await page.GotoAsync("/calendar?year=2027&month=2");
        await Assertions.Expect(page.Locator("td[data-date='2027-02-14'] .label")).ToHaveTextAsync("Ngày lễ mới");
    }
}
