using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>
/// A citizen follows his dossier from a phone with JavaScript off: "Hồ sơ của tôi" from the header, the dossier, its timeline
/// with the supplement asked. The public look-up (and the dossier page) pass axe's WCAG 2.1 A/AA checks on a phone.
/// </summary>
public sealed class PortalFollowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_follows_his_dossier_on_a_phone_without_javascript_and_anyone_looks_it_up()
    {
        var code = await Egov.Web.Tests.PortalFollowTests.AwaitingSupplementAsync(fixture.Host);

        var phone = await fixture.SignInAsync("congdan@example.vn", "/portal");   // phone-sized, JavaScript off
        await phone.Locator("header").GetByRole(AriaRole.Link, new() { Name = "Hồ sơ của tôi" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hồ sơ của tôi");
        await phone.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(code);
        await Assertions.Expect(phone.GetByText("Cần bổ sung giấy tờ").First).ToBeVisibleAsync();
        var timeline = phone.Locator("ol.timeline");
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Tiến trình xử lý" })).ToBeVisibleAsync();
        await Assertions.Expect(timeline.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(4);
        await Assertions.Expect(timeline.GetByRole(AriaRole.Listitem).Last).ToContainTextAsync("Yêu cầu bổ sung giấy tờ");
        await Assertions.Expect(timeline).ToContainTextAsync("Bổ sung giấy chứng sinh bản chính");
        await Assertions.Expect(timeline).Not.ToContainTextAsync("Ghi chú nội bộ");
        await Assertions.Expect(phone.GetByLabel("Giấy tờ bổ sung")).ToBeVisibleAsync();

        // Anyone, on a phone with JavaScript (axe runs in the page): the look-up, then the timeline with the second factor.
        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync("/portal");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Tra cứu hồ sơ" }).First.ClickAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Tra cứu hồ sơ");
        await PortalPages.CheckAccessibilityAsync(visitor);
        await visitor.GetByLabel("Mã hồ sơ").FillAsync(code);
        await visitor.GetByLabel("4 chữ số cuối CCCD hoặc số điện thoại (để xem tiến trình)").FillAsync("9999");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("#secondFactor-error")).ToContainTextAsync("Thông tin xác minh không khớp với hồ sơ");
        await Assertions.Expect(visitor.GetByLabel("Mã hồ sơ")).ToHaveValueAsync(code);
        await PortalPages.CheckAccessibilityAsync(visitor);
        await visitor.GetByLabel("4 chữ số cuối CCCD hoặc số điện thoại (để xem tiến trình)").FillAsync("1234");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("ol.timeline").GetByRole(AriaRole.Listitem).Last).ToContainTextAsync("Yêu cầu bổ sung giấy tờ");
        Assert.True(await visitor.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await PortalPages.CheckAccessibilityAsync(visitor);

        // The owner's pages on a phone with JavaScript, for axe.
        await visitor.GotoAsync("/account/login?returnUrl=%2Fportal%2Fdossiers");
        await visitor.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("congdan@example.vn");
        await visitor.GetByLabel("Mật khẩu").FillAsync(fixture.Host.PasswordOf("congdan@example.vn"));
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hồ sơ của tôi");
        await PortalPages.CheckAccessibilityAsync(visitor);
        await visitor.GotoAsync(phone.Url);
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "Tiến trình xử lý" })).ToBeVisibleAsync();
        Assert.True(await visitor.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await PortalPages.CheckAccessibilityAsync(visitor);
    }
}
