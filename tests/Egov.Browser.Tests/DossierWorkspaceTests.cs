using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// One birth registration walked through the commune's counter in the browser (no JavaScript): the one-stop officer
/// receives it, the specialist submits it, the chairman signs it, the officer returns the result.
/// </summary>
public sealed partial class DossierWorkspaceTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Where the screenshots of the pages go (outside the repository), to be looked at by a person.</summary>
    private static readonly string Shots = Path.Combine(Path.GetTempPath(), "egov-screenshots");

    [Fact]
    public async Task A_birth_registration_goes_from_the_counter_through_the_specialist_and_the_leader_back_to_the_applicant()
    {
        System.IO.Directory.CreateDirectory(Shots);
        var officer = await SignInAsync("motcua.xa1", "/dossiers/receive", desktop: true);
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tiếp nhận hồ sơ");
        await officer.GetByLabel("Tên hoặc mã thủ tục").FillAsync("dang ky khai sinh");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Tìm thủ tục" }).ClickAsync();
        await officer.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh", Exact = true }).ClickAsync();

        // Nothing ticked: the mandatory declaration is named and what was typed stays.
        await officer.GetByLabel("Họ và tên").FillAsync("Nguyễn Văn Thành");
        await officer.GetByLabel("Số định danh cá nhân hoặc mã số thuế").FillAsync("038090004567");
        await officer.GetByLabel("Số điện thoại").FillAsync("0912345678");
        await officer.GetByLabel("Người nộp đồng ý nhận thông báo", new() { Exact = false }).CheckAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận", Exact = true }).ClickAsync();
        await Expect(officer.Locator("#documents-error")).ToContainTextAsync("Tờ khai đăng ký khai sinh theo mẫu");
        await Expect(officer.GetByLabel("Họ và tên")).ToHaveValueAsync("Nguyễn Văn Thành");
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Shots, "receive-error.png"), FullPage = true });

        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "Tờ khai đăng ký khai sinh theo mẫu" }).CheckAsync();
        await officer.GetByRole(AriaRole.Checkbox, new() { Name = "Giấy chứng sinh" }).CheckAsync();
        // The declaration is scanned at the counter and kept with the dossier.
        await officer.Locator("#scan-0").SetInputFilesAsync(new FilePayload
        {
            Name = "to-khai-quet.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% tờ khai\n%%EOF"u8.ToArray(),
        });
        await officer.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận", Exact = true }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đã tiếp nhận hồ sơ");
        var code = (await officer.Locator("code.big").TextContentAsync())!.Trim();
        Assert.Matches(@"^000\.01\.40\.H56-\d{6}-\d{4}$", code);
        Assert.Matches(Appointment(), await officer.Locator(".notice").InnerTextAsync());
        await Expect(officer.GetByRole(AriaRole.Link, new() { Name = "In giấy tiếp nhận" })).ToHaveAttributeAsync("href", $"/dossiers/{code}/forms/receipt");
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Shots, "received.png"), FullPage = true });

        await officer.GetByRole(AriaRole.Link, new() { Name = "Mở hồ sơ" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(code);
        var scan = officer.GetByRole(AriaRole.Link, new() { Name = "to-khai-quet.pdf" });
        await Expect(scan).ToBeVisibleAsync();
        var stored = await officer.Context.APIRequest.GetAsync((await scan.GetAttributeAsync("href"))!);
        Assert.Equal(200, stored.Status);
        Assert.Equal("%PDF"u8.ToArray(), (await stored.BodyAsync())[..4]);
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Shots, "dossier-actions.png"), FullPage = true });
        await officer.Locator("#comment-chuyen_tham_dinh").FillAsync("Đã kiểm tra đủ giấy tờ");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Chuyển thẩm định" }).ClickAsync();
        await Expect(officer.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện “Chuyển thẩm định”");

        var specialist = await SignInAsync("tuphap.xa1", "/dossiers", desktop: true);
        await Expect(specialist.Locator("nav.tabs a[aria-current=page]")).ToHaveTextAsync("Của tôi");
        await specialist.ScreenshotAsync(new() { Path = Path.Combine(Shots, "inbox-desktop.png"), FullPage = true });
        await specialist.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Trình lãnh đạo ký" }).ClickAsync();
        await Expect(specialist.GetByRole(AriaRole.Status)).ToContainTextAsync("Trình lãnh đạo ký");

        var leader = await SignInAsync("lanhdao.xa1", "/workspace", desktop: false);
        await Expect(leader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bàn làm việc");
        await leader.ScreenshotAsync(new() { Path = Path.Combine(Shots, "workspace-phone.png"), FullPage = true });
        await leader.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await leader.GetByRole(AriaRole.Button, new() { Name = "Ký duyệt" }).ClickAsync();
        await Expect(leader.GetByRole(AriaRole.Status)).ToContainTextAsync("Ký duyệt");

        await officer.GotoAsync("/dossiers");
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Shots, "inbox-officer.png"), FullPage = true });
        await officer.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await officer.GetByRole(AriaRole.Button, new() { Name = "Trả kết quả" }).ClickAsync();
        await Expect(officer.Locator("h1 + p .tag.status")).ToHaveTextAsync("Đã trả kết quả");
        var history = officer.Locator("table tbody tr");
        await Expect(history).ToHaveCountAsync(5);
        foreach (var (row, action, by) in new[]
        {
            (0, "Tiếp nhận hồ sơ", "Vũ Đình Nam"), (1, "Chuyển thẩm định", "Vũ Đình Nam"), (2, "Trình lãnh đạo ký", "Bùi Thị Mai"),
            (3, "Ký duyệt", "Trịnh Văn Sơn"), (4, "Trả kết quả", "Vũ Đình Nam"),
        })
        {
            await Expect(history.Nth(row)).ToContainTextAsync(action);
            await Expect(history.Nth(row)).ToContainTextAsync(by);
        }
        await officer.ScreenshotAsync(new() { Path = Path.Combine(Shots, "dossier-desktop.png"), FullPage = true });
        var phone = await SignInAsync("motcua.xa1", $"/dossiers/{code}", desktop: false);
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Shots, "dossier-phone.png"), FullPage = true });
        await phone.GotoAsync("/dossiers?tab=unit");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Shots, "inbox-phone.png"), FullPage = true });
    }

    private Task<IPage> SignInAsync(string userName, string returnUrl, bool desktop) => fixture.SignInAsync(userName, returnUrl, desktop);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    [GeneratedRegex(@"Hẹn trả: \d{2}:\d{2} \d{2}/\d{2}/\d{4}")]
    private static partial Regex Appointment();
}
