using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// A citizen, on a phone, asks for the result by post from the dossier's page: a wrong phone number is explained next to its
/// field with the rest kept, then the address is saved. The page passes axe's WCAG 2.1 A/AA checks before and after.
/// </summary>
public sealed class PortalReceiveTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_chooses_delivery_by_post_on_a_phone()
    {
        var code = await Egov.Web.Tests.PortalFollowTests.AwaitingSupplementAsync(fixture.Host);
        var phone = await fixture.NewPageAsync();   // phone-sized, with JavaScript so that axe runs in the page
        await phone.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString($"/portal/dossiers/{code}"));
        await phone.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("congdan@example.vn");
        await phone.GetByLabel("Mật khẩu").FillAsync(fixture.Host.PasswordOf("congdan@example.vn"));
        await phone.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Cách nhận kết quả" })).ToBeVisibleAsync();
        await Accessibility.CheckAsync(phone);
        var size = await phone.EvaluateAsync<int>("document.documentElement.outerHTML.length");
        Assert.True(size < 150_000, $"the page is {size} characters");

        await phone.GetByLabel("Nhận qua dịch vụ bưu chính").CheckAsync();
        await Assertions.Expect(phone.GetByLabel("Họ tên người nhận")).ToHaveValueAsync("Nguyễn Thị An");   // proposed from the dossier
        await phone.GetByLabel("Số điện thoại người nhận").FillAsync("0912");
        await Assertions.Expect(phone.GetByLabel("Tỉnh, thành phố")).ToHaveValueAsync("38");
        await phone.GetByLabel("Xã, phường, đặc khu").FillAsync("Hàm Rồng");
        await phone.GetByLabel("Số nhà, đường, thôn/xóm").FillAsync("12 Lê Lợi");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Lưu cách nhận kết quả" }).ClickAsync();

        await Assertions.Expect(phone.Locator("#postalPhone-error")).ToContainTextAsync("Số điện thoại \"0912\" không hợp lệ");
        await Assertions.Expect(phone.GetByLabel("Số nhà, đường, thôn/xóm")).ToHaveValueAsync("12 Lê Lợi");
        await Assertions.Expect(phone.GetByLabel("Nhận qua dịch vụ bưu chính")).ToBeCheckedAsync();
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await Accessibility.CheckAsync(phone);

        await phone.GetByLabel("Số điện thoại người nhận").FillAsync("0912345678");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Lưu cách nhận kết quả" }).ClickAsync();
        await Assertions.Expect(phone.GetByText("Đã lưu cách nhận kết quả.")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("dl.facts")).ToContainTextAsync("12 Lê Lợi, Phường Hàm Rồng, Tỉnh Thanh Hoá");
        await Accessibility.CheckAsync(phone);
    }
}
