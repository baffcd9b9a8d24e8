using System.Text.RegularExpressions;
using Egov.Testing;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>The directory administration pages as an official uses them, JavaScript off.</summary>
public sealed class AdministrationTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await fixture.SignInAsync(userName);
        await Assertions.Expect(page.GetByText("Xin chào")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task A_leader_searches_agencies_without_diacritics_but_cannot_administer()
    {
        var page = await SignInAsync("lanhdao");
        await page.GetByRole(AriaRole.Link, new() { Name = "Cơ quan, đơn vị" }).ClickAsync();
        await page.GetByLabel("Tên hoặc mã định danh").FillAsync("ham rong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ủy ban nhân dân phường Hàm Rồng" }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Thêm cơ quan, đơn vị" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/agencies/new");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Không có quyền").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_commune_administrator_creates_a_sub_agency_after_fixing_its_code()
    {
        var page = await SignInAsync("quantri.xa1");
        await page.GotoAsync("/admin/agencies/new");
        await page.Locator("#code").FillAsync("1.01.40.H56");
        await page.GetByLabel("Tên cơ quan, đơn vị").FillAsync("Bộ phận Một cửa phường Hàm Rồng");
        await page.GetByLabel("Loại cơ quan").SelectOptionAsync("Other");
        await page.GetByLabel("Mã định danh cơ quan cấp trên").FillAsync("000.01.40.H56");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo cơ quan" }).ClickAsync();

        await Assertions.Expect(page.Locator("#code-error")).ToContainTextAsync("không đúng định dạng QCVN 102:2016");
        await Assertions.Expect(page.GetByLabel("Tên cơ quan, đơn vị")).ToHaveValueAsync("Bộ phận Một cửa phường Hàm Rồng");

        await page.Locator("#code").FillAsync("001.01.40.H56");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo cơ quan" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/admin/agencies/[0-9a-f-]{36}"));
        await Assertions.Expect(page.GetByLabel("Tên cơ quan, đơn vị")).ToHaveValueAsync("Bộ phận Một cửa phường Hàm Rồng");

        // The commune administrator's list holds their commune and its new sub-agency, nothing else.
        await page.GotoAsync("/admin/agencies");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Bộ phận Một cửa phường Hàm Rồng" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sở Tư pháp tỉnh Thanh Hóa" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_system_administrator_verifies_the_audit_trail()
    {
        var page = await SignInAsync("quantri");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nhật ký" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra toàn vẹn" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("Chuỗi nhật ký toàn vẹn \\([\\d.]+ bản ghi\\)"))).ToBeVisibleAsync();
    }
}
