using System.Text.RegularExpressions;
using Egov.Web.Tests;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// The whole journey of issue 5 with one dossier, in the browser as the people do it: a new citizen registers on a phone, finds
/// the procedure typed without diacritics, fills the form with a bad value and corrects it, attaches a photo, asks for a copy of
/// the certificate (8.000 đồng) and submits; the commune's officer accepts it; the citizen pays through the sandbox bank's VietQR
/// callback; the specialist and the leader process it (the leader attaches the electronic result); the officer returns it; the
/// citizen follows the timeline, downloads the result and rates the service.
/// </summary>
public sealed class CitizenJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = "hanhtrinh2026";
    private const string Phone = "0936222333";

    [Fact]
    public async Task A_new_citizen_goes_from_registering_to_rating_the_returned_result()
    {
        var citizen = await fixture.NewPageAsync();   // a phone, with JavaScript (for axe)
        await citizen.GotoAsync("/account/register");
        await citizen.GetByLabel("Họ và tên").FillAsync("Lê Thị Hành");
        await citizen.GetByLabel("Số định danh cá nhân (CCCD)").FillAsync("038098004422");
        await citizen.GetByLabel("Số điện thoại").FillAsync(Phone);
        await citizen.Locator("#password").FillAsync(Password);
        await citizen.GetByLabel("Nhập lại mật khẩu").FillAsync(Password);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
        await Expect(citizen).ToHaveURLAsync(new Regex("/account\\?welcome=1$"));

        // Find: typed without diacritics.
        await citizen.GotoAsync("/portal");
        await citizen.GetByRole(AriaRole.Searchbox).FillAsync("dang ky khai sinh");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        await citizen.Locator("ol.hits").First.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh" }).ClickAsync();
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }).ClickAsync();

        // Submit: a bad phone number is explained next to the field as soon as it is left, in Vietnamese, and the message goes
        // when the number is right; posted bad all the same, the server says so too and keeps what was typed.
        var phone = citizen.GetByLabel("Số điện thoại");
        await citizen.Locator("html[data-live-checks=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });   // the deferred script ran
        await phone.FillAsync("0936 222");
        await citizen.GetByLabel("Địa chỉ thường trú").FillAsync("Phường Hàm Rồng, Thanh Hóa");
        await Expect(citizen.Locator("#applicantPhone-live")).ToHaveTextAsync(new Regex("^Số điện thoại không hợp lệ"));
        await Expect(phone).ToHaveAttributeAsync("aria-invalid", "true");
        await phone.FillAsync(Phone);
        await Expect(citizen.Locator("#applicantPhone-live")).ToBeHiddenAsync();
        await Expect(phone).ToHaveAttributeAsync("aria-invalid", "false");
        await phone.FillAsync("0936 222");
        await Continue(citizen);
        await Expect(citizen.Locator("#applicantPhone-error")).ToContainTextAsync("không hợp lệ");
        await Expect(phone).ToHaveValueAsync("0936 222");
        await phone.FillAsync(Phone);
        await Continue(citizen);
        await citizen.Locator("#document-0").SetInputFilesAsync(new FilePayload
        {
            Name = "to-khai.png", MimeType = "image/png", Buffer = Egov.Testing.TestFiles.TinyPng(),
        });
        await Continue(citizen);
        await Expect(citizen.GetByRole(AriaRole.Heading, new() { Name = "Bước 3. Nơi nộp và cách nhận kết quả" })).ToBeVisibleAsync();
        await citizen.GetByLabel("Nơi nộp hồ sơ").SelectOptionAsync(new SelectOptionValue { Value = await CommuneIdAsync() });   // motcua.xa1's commune
        await citizen.GetByLabel("Trực tuyến (bản điện tử trên Cổng)").CheckAsync();
        // The registration is free (checked and fixed); the copy of the certificate is asked for.
        await Expect(citizen.Locator("#fee-0")).ToBeCheckedAsync();
        await Expect(citizen.Locator("#fee-0")).ToBeDisabledAsync();
        await citizen.Locator("#fee-1").CheckAsync();
        await PortalPages.CheckAccessibilityAsync(citizen);
        await Continue(citizen);
        await Expect(citizen.GetByRole(AriaRole.Heading, new() { Name = "Bước 4. Xem lại và nộp hồ sơ" })).ToBeVisibleAsync();
        await Expect(citizen.GetByText("Số tiền phải nộp: 8.000 đồng", new() { Exact = false })).ToBeVisibleAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Expect(citizen.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã nộp hồ sơ");
        var code = (await citizen.Locator("code.big").TextContentAsync())!.Trim();
        Assert.Matches(@"^000\.01\.40\.H56-\d{6}-\d{4}$", code);

        // The commune's one-stop officer accepts the online dossier.
        var officer = await fixture.SignInAsync("motcua.xa1", $"/dossiers/{code}", desktop: true);
        await Act(officer, "Tiếp nhận hồ sơ trực tuyến");

        // Pay: the VietQR code of the agency's account, then the sandbox bank's signed callback marks the fee paid.
        var pay = $"/portal/dossiers/{code}/pay";
        await citizen.GotoAsync(pay);
        await Expect(citizen.GetByTestId("payment-amount")).ToHaveTextAsync("8.000 đồng");
        await Expect(citizen.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Mã VietQR") })).ToBeVisibleAsync();
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Thanh toán thử qua ngân hàng mô phỏng" }).ClickAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Thanh toán thử" }).ClickAsync();
        await Expect(citizen).ToHaveURLAsync(new Regex(Regex.Escape(pay) + "$"));
        await Expect(citizen.GetByTestId("payment-status")).ToHaveTextAsync("Đã thanh toán");

        // The process: specialist, leader (with the electronic result), back to the one-stop officer who returns it.
        await officer.ReloadAsync();
        await Act(officer, "Chuyển thẩm định");
        var specialist = await fixture.SignInAsync("tuphap.xa1", $"/dossiers/{code}", desktop: true);
        await Act(specialist, "Trình lãnh đạo ký");
        var leader = await fixture.SignInAsync("lanhdao.xa1", $"/dossiers/{code}", desktop: true);
        await leader.Locator("#files-ky_duyet").SetInputFilesAsync(new FilePayload
        {
            Name = "giay-khai-sinh.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% giấy khai sinh\n%%EOF"u8.ToArray(),
        });
        await Act(leader, "Ký duyệt");
        await officer.ReloadAsync();
        await Act(officer, "Trả kết quả");
        await Expect(officer.Locator("h1 + p .tag.status")).ToHaveTextAsync("Đã trả kết quả");

        // Follow: the status in plain words and the timeline; the result to download; the rating.
        await citizen.GotoAsync("/portal/dossiers");
        await citizen.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Expect(citizen.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(code);
        var timeline = citizen.Locator("ol.timeline li");
        await Expect(timeline.First).ToBeVisibleAsync();
        Assert.True(await timeline.CountAsync() >= 4, "the timeline shows each step the citizen cares about");
        await Expect(citizen.Locator("ol.timeline")).ToContainTextAsync("Trả kết quả");
        var download = await citizen.RunAndWaitForDownloadAsync(() => citizen.GetByRole(AriaRole.Link, new() { Name = "Tải về giay-khai-sinh.pdf" }).ClickAsync());
        Assert.Equal("%PDF"u8.ToArray(), (await File.ReadAllBytesAsync(await download.PathAsync()))[..4]);
        await PortalPages.CheckAccessibilityAsync(citizen);
        await citizen.GetByLabel("Hài lòng", new() { Exact = true }).CheckAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Cảm ơn bạn đã đánh giá");
    }

    private async Task<string> CommuneIdAsync()
    {
        var api = await fixture.Host.SignedInAsync("motcua.xa1");
        var commune = await (await api.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(System.Net.HttpStatusCode.OK);
        return commune.GetProperty("id").GetString()!;
    }

    private static async Task Continue(IPage page) => await page.GetByRole(AriaRole.Button, new() { Name = "Lưu và tiếp tục" }).ClickAsync();

    /// <summary>An officer takes an action shown on the dossier page and sees it done.</summary>
    private static async Task Act(IPage page, string action)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(action);
    }

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
