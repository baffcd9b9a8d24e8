using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>The citizen portal as a person with a cheap phone finds a procedure: without signing in, without diacritics.</summary>
public sealed class PortalTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string BirthRegistration = "1.001193.000.00.00.H56";

    [Fact]
    public async Task A_citizen_on_a_phone_finds_a_procedure_typed_without_diacritics_and_downloads_its_form()
    {
        var page = await fixture.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, response) => responses.Add(response); // bodies are read after the load: never block Playwright's events
        await page.GotoAsync("/portal");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        long bytes = 0;
        foreach (var response in responses.ToList()) bytes += (await response.BodyAsync()).Length;
        Assert.True(bytes is > 0 and < 150 * 1024, $"the portal home weighs {bytes} bytes with everything it loads");

        await page.GetByRole(AriaRole.Searchbox).FillAsync("dang ky khai sinh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("dang ky khai sinh");
        var first = page.Locator("ol.hits").First.GetByRole(AriaRole.Link).First;
        await Assertions.Expect(first).ToHaveTextAsync("Đăng ký khai sinh");
        await first.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đăng ký khai sinh");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Giấy tờ cần nộp" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }))
            .ToHaveAttributeAsync("href", $"/account/login?returnUrl=%2Fportal%2Fprocedures%2F{BirthRegistration}%2Fsubmit");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Tải mẫu Tờ khai đăng ký khai sinh theo mẫu (.docx)" }).ClickAsync());
        Assert.Equal("to-khai-dang-ky-khai-sinh.docx", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(path))[..2]);

        // Nothing on the way overflows a phone's width.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task Browsing_by_life_event_and_filtering_work_with_javascript_off()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/portal");
        await page.GetByRole(AriaRole.Link, new() { Name = "Xây nhà" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Xây nhà");
        await Assertions.Expect(page.Locator("ol.hits > li")).ToHaveCountAsync(2);

        await page.GotoAsync("/portal/search?q=dang+ky");
        await page.GetByText("Lọc kết quả").ClickAsync();
        await page.GetByLabel("Lĩnh vực").SelectOptionAsync(new SelectOptionValue { Label = "Hộ tịch" });
        await page.GetByLabel("Mức độ trực tuyến").SelectOptionAsync(new SelectOptionValue { Label = "Một phần" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        Assert.Contains("field=HT", page.Url);
        var names = await page.Locator("ol.hits h3").AllTextContentsAsync();
        Assert.Contains("Đăng ký kết hôn", names);
        Assert.DoesNotContain("Đăng ký khai sinh", names); // toàn trình
        await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký kết hôn" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Một phần —")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/portal/search?q=khai+sinh")]
    [InlineData("/portal/search?q=" + "qwertyuiop")]
    [InlineData("/portal/procedures/" + BirthRegistration)]
    [InlineData("/portal/procedures/1.009940.000.00.00.H56")]
    public async Task Portal_pages_pass_the_wcag_2_1_aa_checks_of_axe(string url)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(url);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")));
        Assert.NotEmpty(result.Passes);
    }
}
