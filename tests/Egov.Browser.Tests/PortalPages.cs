using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Egov.Web.Tests;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>A portal page a citizen uses, signed out or signed in as the demo citizen.</summary>
public sealed record PortalPage(string Name, string Url, bool SignedIn);

/// <summary>
/// Every page of the citizen portal, with the demo citizen's dossiers in the states that show each part of them: one awaiting a
/// supplement (the supplement and withdrawal forms), one returned (the electronic result and the rating), one accepted with a fee
/// (the VietQR payment and the sandbox bank), and a draft that reached the review step (each step of the guided form).
/// Made once per host.
/// </summary>
public static class PortalPages
{
    public const string Birth = "1.001193.000.00.00.H56";   // Đăng ký khai sinh: toàn trình, 8.000 đồng with a copy
    public const string Marriage = "1.000894.000.00.00.H56"; // Đăng ký kết hôn

    private static readonly ConditionalWeakTable<EgovHost, Task<IReadOnlyList<PortalPage>>> Made = new();

    public static Task<IReadOnlyList<PortalPage>> AllAsync(EgovHost host)
    {
        lock (Made) return Made.GetValue(host, MakeAsync);
    }

    private static async Task<IReadOnlyList<PortalPage>> MakeAsync(EgovHost host)
    {
        var supplement = await Egov.Web.Tests.PortalFollowTests.AwaitingSupplementAsync(host);
        var returned = await Egov.Web.Tests.PortalRateTests.ReturnedAsync(host);
        var fee = await PaymentTests.AcceptedDossierWithFeeAsync(host);
        await DraftAtReviewAsync(host, Marriage);
        var submit = $"/portal/procedures/{Marriage}/submit?step=";
        return
        [
            new("Trang chủ (home)", "/", false),
            new("Cổng dịch vụ công", "/portal", false),
            new("Tìm kiếm (search)", "/portal/search?q=dang+ky+khai+sinh", false),
            new("Tìm theo lĩnh vực (by field)", "/portal/search?field=HT", false),
            new("Thủ tục (procedure)", "/portal/procedures/" + Birth, false),
            new("Góp ý thủ tục (feedback)", $"/portal/procedures/{Birth}/feedback", false),
            new("Tra cứu hồ sơ (lookup)", "/portal/lookup", false),
            new("Tra cứu: kết quả (lookup result)", "/portal/lookup?code=" + supplement, false),
            new("Đăng nhập (sign in)", "/account/login", false),
            new("Đăng ký (register)", "/account/register", false),
            new("Cổng, đã đăng nhập (portal, signed in)", "/portal", true),
            new("Nộp: bước 1 người nộp", submit + "applicant", true),
            new("Nộp: bước 2 giấy tờ", submit + "documents", true),
            new("Nộp: bước 3 nơi nộp, nhận", submit + "delivery", true),
            new("Nộp: bước 4 xem lại", submit + "review", true),
            new("Đã nộp (submitted)", $"/portal/dossiers/{fee}/submitted", true),
            new("Hồ sơ đang soạn (drafts)", "/portal/drafts", true),
            new("Hồ sơ của tôi (my dossiers)", "/portal/dossiers", true),
            new("Hồ sơ: bổ sung, rút (supplement, withdraw)", "/portal/dossiers/" + supplement, true),
            new("Hồ sơ: kết quả, đánh giá (result, rating)", "/portal/dossiers/" + returned, true),
            new("Thanh toán VietQR (pay)", $"/portal/dossiers/{fee}/pay", true),
            new("Ngân hàng mô phỏng (sandbox bank)", "/portal/sandbox-bank/" + fee, true),
            new("Tài khoản (account)", "/account", true),
            new("Nhận thông báo (notification settings)", "/portal/account/notifications", true),
        ];
    }

    /// <summary>The demo citizen's draft of <paramref name="procedure"/>, through its documents and delivery, at the review step.</summary>
    public static async Task DraftAtReviewAsync(EgovHost host, string procedure)
    {
        var citizen = await host.SignedInAsync("congdan@example.vn");
        var officer = await host.SignedInAsync("motcua.xa1");
        var commune = (await (await officer.GetAsync("/api/v1/agencies/by-code/000.01.40.H56")).Json(HttpStatusCode.OK)).GetProperty("id").GetGuid();
        var id = (await (await citizen.PostAsJsonAsync("/api/v1/drafts", new
        {
            procedureCode = procedure, applicant = new { name = "Nguyễn Thị An", phone = "0912345678", address = "Phường Hàm Rồng, Thanh Hóa" },
        })).Json(HttpStatusCode.OK)).GetProperty("id").GetString();
        var files = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n%%EOF"u8.ToArray()), "document-0", "to-khai.pdf" } };
        await (await citizen.PostAsync($"/api/v1/drafts/{id}/files", files)).Json(HttpStatusCode.OK);
        await (await citizen.PostAsync($"/api/v1/drafts/{id}/documents/done", null)).Json(HttpStatusCode.OK);
        await (await citizen.PutAsJsonAsync($"/api/v1/drafts/{id}/delivery", new
        {
            receivingAgencyId = commune, returnChannel = "Post", postalRecipientName = "Nguyễn Thị An", postalPhone = "0912345678",
            postalLine = "12 Lê Lợi", postalProvinceCode = "38", postalCommune = "Hàm Rồng",
        })).Json(HttpStatusCode.OK);
    }

    /// <summary>The cookies of the demo citizen signed in (no cache comes with them).</summary>
    public static async Task<string> CitizenStateAsync(BrowserFixture fixture)
    {
        var page = await fixture.SignInAsync("congdan@example.vn", "/portal");
        var state = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return state;
    }

    /// <summary>A fresh context (cold cache) on a phone, optionally signed in and with English chosen.</summary>
    public static async Task<IPage> PhoneAsync(BrowserFixture fixture, string? state, bool english = false, bool javaScript = true,
        string locale = "vi-VN")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Host.Address.ToString().TrimEnd('/'), JavaScriptEnabled = javaScript, Locale = locale,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, StorageState = state,
        });
        if (english)
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie
            {
                Name = ".AspNetCore.Culture", Value = "c=en|uic=en", Url = fixture.Host.Address.ToString().TrimEnd('/'),
            }]);
        return await context.NewPageAsync();
    }

    /// <summary>axe-core's WCAG 2.1 A and AA rules on the page; every violation is named with the elements at fault.</summary>
    public static async Task CheckAccessibilityAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(result.Violations.Length == 0, page.Url + "\n" + string.Join("\n", result.Violations.Select(v =>
            $"{v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")));
        Assert.NotEmpty(result.Passes);
    }
}
