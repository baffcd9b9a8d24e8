using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Egov.Web.Tests;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>A citizen whose dossier was accepted opens its payment page, sees the VietQR code, pays through the sandbox
/// bank and sees "Đã thanh toán"; the pages pass axe's WCAG 2.1 A/AA checks.</summary>
public sealed class PaymentTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_pays_the_fee_through_the_sandbox_bank_and_sees_it_paid()
    {
        var code = await AcceptedDossierWithFeeAsync(fixture.Host);
        var page = await fixture.NewPageAsync(javaScript: true);
        var pay = $"/portal/dossiers/{code}/pay";
        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(pay));
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync("congdan@example.vn");
        await page.GetByLabel("Mật khẩu").FillAsync(fixture.Host.PasswordOf("congdan@example.vn"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thanh toán phí, lệ phí");
        await Assertions.Expect(page.GetByTestId("payment-status")).ToHaveTextAsync("Chờ thanh toán");
        await Assertions.Expect(page.GetByTestId("payment-amount")).ToHaveTextAsync("8.000 đồng");
        var qr = page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Mã VietQR") });
        await Assertions.Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await PortalPages.CheckAccessibilityAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Thanh toán thử qua ngân hàng mô phỏng" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thanh toán thử" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(pay) + "$"));
        await Assertions.Expect(page.GetByTestId("payment-status")).ToHaveTextAsync("Đã thanh toán");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Mã VietQR") })).ToHaveCountAsync(0);
        await PortalPages.CheckAccessibilityAsync(page);
    }

    /// <summary>The demo citizen submits a birth registration with a copy (8.000 đồng) and the commune's officer accepts it.</summary>
    public static async Task<string> AcceptedDossierWithFeeAsync(EgovHost host)
    {
        var citizen = await host.SignedInAsync("congdan@example.vn");
        var officer = await host.SignedInAsync("motcua.xa1");
        var commune = await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK);
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(new
            {
                procedureCode = "1.001193.000.00.00.H56", receivingAgencyId = commune.GetProperty("id").GetGuid(), fees = new[] { 1 },
                applicantName = "Nguyễn Thị An", applicantIdNumber = Egov.Hosting.DemoSeeder.DemoCitizenId, applicantPhone = "0912345678",
            })), "dossier" },
            { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "document-0", "to-khai.pdf" },
        };
        var code = (await (await citizen.PostAsync("/api/v1/dossiers/online", form)).Json(HttpStatusCode.Created)).GetProperty("code").GetString()!;
        await (await officer.PostAsJsonAsync($"/api/v1/dossiers/{code}/actions/tiep_nhan", new { })).Json(HttpStatusCode.OK);
        return code;
    }
}
