using Egov.Platform.Data;
using Egov.Web.Tests;
using Microsoft.Playwright;

namespace Egov.Browser.Tests;

/// <summary>The real host over SQLite and Debian's chromium driven by Playwright (no browser download).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public EgovHost Host { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("EGOV_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}; ./test.sh installs Debian's chromium.");
        // The sandbox bank is on, as in development and the demo, so that a citizen can pay a fee (PaymentTests).
        Host = await EgovHost.StartAsync(DatabaseProvider.Sqlite, new()
        {
            ["Payments:Sandbox:Enabled"] = "true",
            ["Payments:Providers:sandbox:Secret"] = "browser-test-sandbox-secret-0123",
        });
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context: a phone-sized window unless <paramref name="desktop"/>.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true, bool desktop = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.Address.ToString().TrimEnd('/'), JavaScriptEnabled = javaScript, Locale = "vi-VN",
            ViewportSize = desktop ? new ViewportSize { Width = 1280, Height = 900 } : new ViewportSize { Width = 390, Height = 844 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login page (with the authenticator code for administrators), without JavaScript,
    /// and lands on <paramref name="returnUrl"/>.</summary>
    public async Task<IPage> SignInAsync(string userName, string returnUrl = "/", bool desktop = false)
    {
        var page = await NewPageAsync(javaScript: false, desktop);
        var otp = await Host.EnsureTwoFactorIfAdminAsync(userName);
        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("Tên đăng nhập, số điện thoại hoặc thư điện tử").FillAsync(userName);
        await page.GetByLabel("Mật khẩu").FillAsync(Host.PasswordOf(userName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        if (otp is not null)
        {
            await page.GetByLabel("Mã xác thực").FillAsync(otp);
            await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        }
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Host.DisposeAsync();
    }
}
