using System.Text.RegularExpressions;
using Egov.Testing;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

public sealed class AccountJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_registers_fixing_a_wrong_id_number_and_lands_on_their_account()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký tài khoản" }).ClickAsync();
        await page.GetByLabel("Họ và tên").FillAsync("Phạm Thị Hương");
        await page.GetByLabel("Số định danh cá nhân (CCCD)").FillAsync("03819800456"); // one digit short
        await page.GetByLabel("Số điện thoại").FillAsync("0945123456");
        await page.Locator("#password").FillAsync("huong2026");
        await page.GetByLabel("Nhập lại mật khẩu").FillAsync("huong2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();

        // The error stands next to the field, in Vietnamese, and what was typed is still there.
        var idField = page.GetByLabel("Số định danh cá nhân (CCCD)");
        await Assertions.Expect(page.Locator("#citizenId-error")).ToHaveTextAsync("Số định danh cá nhân phải gồm đúng 12 chữ số.");
        await Assertions.Expect(idField).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Họ và tên")).ToHaveValueAsync("Phạm Thị Hương");
        await Assertions.Expect(page.GetByLabel("Số điện thoại")).ToHaveValueAsync("0945123456");

        await idField.FillAsync("038198004567");
        await page.Locator("#password").FillAsync("huong2026");
        await page.GetByLabel("Nhập lại mật khẩu").FillAsync("huong2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account\\?welcome=1$"));
        await Assertions.Expect(page.GetByText("Đăng ký thành công. Chào mừng bạn!")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("account-name")).ToHaveTextAsync("Phạm Thị Hương");
        await Assertions.Expect(page.GetByText("••••••••4567")).ToBeVisibleAsync();

        // Sign out, then sign in again with the phone number.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("0945 123 456");
        await page.GetByLabel("Mật khẩu").FillAsync("huong2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Xin chào, Phạm Thị Hương.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_administrator_enrols_two_factor_then_signs_in_with_a_code()
    {
        var page = await fixture.NewPageAsync();
        var password = fixture.Host.PasswordOf("quantri.xa1");
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("quantri.xa1");
        await page.GetByLabel("Mật khẩu").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Sai tên đăng nhập hoặc mật khẩu.");

        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        // First sign-in of an administrator: only the enrolment page is reachable.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/2fa-setup$"));
        await page.GotoAsync("/admin/agencies");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/2fa-setup$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Mã QR cài đặt ứng dụng xác thực" })).ToBeVisibleAsync();
        var key = (await page.GetByTestId("authenticator-key").InnerTextAsync()).Replace(" ", "");

        await page.GetByLabel("Mã xác thực").FillAsync("000000" == Totp.Code(key) ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai lớp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#code-error")).ToContainTextAsync("Mã xác thực không đúng");

        await page.GetByLabel("Mã xác thực").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Bật xác thực hai lớp" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã bật xác thực hai lớp.")).ToBeVisibleAsync();

        // Next sign-in asks for the code.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("quantri.xa1");
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login-2fa"));
        await page.GetByLabel("Mã xác thực").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Quản trị đơn vị — Ủy ban nhân dân phường Hàm Rồng")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tài khoản", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Pages_switch_to_english_and_back()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thanh Hóa digital government");
        await page.GetByRole(AriaRole.Link, new() { Name = "Tiếng Việt" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Chính quyền số tỉnh Thanh Hóa");
    }
}
