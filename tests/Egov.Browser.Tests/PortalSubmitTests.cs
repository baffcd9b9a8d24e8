using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// A new citizen applies online from a phone: registers, finds the procedure typed without diacritics, fills the form with a
/// bad phone number and corrects it, attaches a photo, then finishes on another device without JavaScript from the draft,
/// reviews, submits and downloads the receipt. Every page on the way passes axe's WCAG 2.1 A/AA checks.
/// </summary>
public sealed class PortalSubmitTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = "khaisinh2026";

    [Fact]
    public async Task A_new_citizen_applies_online_resumes_the_draft_elsewhere_and_downloads_the_receipt()
    {
        var phone = await fixture.NewPageAsync();
        await phone.GotoAsync("/account/register");
        await phone.GetByLabel("Họ và tên").FillAsync("Lê Văn Khai");
        await phone.GetByLabel("Số định danh cá nhân (CCCD)").FillAsync("038097003311");
        await phone.GetByLabel("Số điện thoại").FillAsync("0936111222");
        await phone.Locator("#password").FillAsync(Password);
        await phone.GetByLabel("Nhập lại mật khẩu").FillAsync(Password);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex("/account\\?welcome=1$"));

        await phone.GotoAsync("/portal");
        await phone.GetByRole(AriaRole.Searchbox).FillAsync("dang ky khai sinh");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        await phone.Locator("ol.hits").First.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh" }).ClickAsync();
        await phone.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }).ClickAsync();

        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nộp hồ sơ trực tuyến");
        await Assertions.Expect(phone.GetByLabel("Họ và tên")).ToHaveValueAsync("Lê Văn Khai");
        await Assertions.Expect(phone.GetByText("038097003311")).ToBeVisibleAsync();
        await phone.GetByLabel("Số điện thoại").FillAsync("0936 111");
        await phone.GetByLabel("Địa chỉ thường trú").FillAsync("Phường Hàm Rồng, Thanh Hóa");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Lưu và tiếp tục" }).ClickAsync();
        // The message stands next to the field, in Vietnamese; nothing typed is lost.
        await Assertions.Expect(phone.Locator("#applicantPhone-error")).ToContainTextAsync("Số điện thoại \"0936 111\" không hợp lệ");
        await Assertions.Expect(phone.GetByLabel("Số điện thoại")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(phone.GetByLabel("Địa chỉ thường trú")).ToHaveValueAsync("Phường Hàm Rồng, Thanh Hóa");
        await PortalPages.CheckAccessibilityAsync(phone);
        await phone.GetByLabel("Số điện thoại").FillAsync("0936111222");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Lưu và tiếp tục" }).ClickAsync();

        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Bước 2. Giấy tờ đính kèm" })).ToBeVisibleAsync();
        await phone.Locator("#document-0").SetInputFilesAsync(new FilePayload
        {
            Name = "to-khai.png", MimeType = "image/png", Buffer = Egov.Testing.TestFiles.TinyPng(),
        });
        await phone.GetByRole(AriaRole.Button, new() { Name = "Lưu và tiếp tục" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Bước 3. Nơi nộp và cách nhận kết quả" })).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await PortalPages.CheckAccessibilityAsync(phone);

        // Another device, JavaScript off: sign in, open the draft from "Hồ sơ đang soạn", go on from where it stopped.
        var laptop = await fixture.NewPageAsync(javaScript: false, desktop: true);
        await laptop.GotoAsync("/account/login?returnUrl=%2Fportal%2Fdrafts");
        await laptop.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("0936111222");
        await laptop.GetByLabel("Mật khẩu").FillAsync(Password);
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(laptop.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hồ sơ đang soạn");
        await laptop.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh" }).ClickAsync();
        await Assertions.Expect(laptop.GetByRole(AriaRole.Heading, new() { Name = "Bước 3. Nơi nộp và cách nhận kết quả" })).ToBeVisibleAsync();
        await Assertions.Expect(laptop.GetByText("8.000 đồng").First).ToBeVisibleAsync();   // the fee, before submitting
        await laptop.GetByLabel("Nơi nộp hồ sơ").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await laptop.GetByLabel("Nhận qua dịch vụ bưu chính").CheckAsync();
        await laptop.GetByLabel("Xã, phường, đặc khu").FillAsync("Hàm Rồng");
        await laptop.GetByLabel("Số nhà, đường, thôn/xóm").FillAsync("12 Lê Lợi");
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Lưu và tiếp tục" }).ClickAsync();

        await Assertions.Expect(laptop.GetByRole(AriaRole.Heading, new() { Name = "Bước 4. Xem lại và nộp hồ sơ" })).ToBeVisibleAsync();
        await Assertions.Expect(laptop.GetByText("to-khai.pdf")).ToBeVisibleAsync();   // the photo, made PDF
        await Assertions.Expect(laptop.GetByText("12 Lê Lợi, Phường Hàm Rồng", new() { Exact = false })).ToBeVisibleAsync();
        // axe runs in the page's JavaScript: the checks are made on the phone, which has it.
        await phone.GotoAsync(laptop.Url);
        await PortalPages.CheckAccessibilityAsync(phone);
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(laptop.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã nộp hồ sơ");
        var code = await laptop.Locator("code.big").TextContentAsync();
        Assert.Matches(@"^\d{3}\.\d{2}\.\d{2}\.H56-\d{6}-\d{4}$", code);
        await Assertions.Expect(laptop.GetByText("Ngày hẹn trả kết quả")).ToBeVisibleAsync();
        await phone.GotoAsync(laptop.Url);
        await PortalPages.CheckAccessibilityAsync(phone);
        var download = await laptop.RunAndWaitForDownloadAsync(() => laptop.GetByRole(AriaRole.Link, new() { Name = "Tải giấy tiếp nhận (PDF)" }).ClickAsync());
        Assert.Equal("%PDF"u8.ToArray(), (await File.ReadAllBytesAsync(await download.PathAsync()))[..4]);

        // Back on the phone the draft is gone from the list.
        await phone.GotoAsync("/portal/drafts");
        await Assertions.Expect(phone.GetByText("Bạn chưa có hồ sơ nào đang soạn.")).ToBeVisibleAsync();
        await PortalPages.CheckAccessibilityAsync(phone);
    }
}
