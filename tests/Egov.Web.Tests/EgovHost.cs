using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Egov.Hosting;
using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Web.Tests;

/// <summary>
/// The real host on Kestrel (real HTTP on a loopback port) over a real, seeded database of one provider.
/// </summary>
public sealed class EgovHost : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; }
    public IReadOnlyList<DemoAccount> DemoAccounts { get; }
    private readonly Dictionary<string, string?> _settings;

    private EgovHost(TestDatabase database, IReadOnlyList<DemoAccount> accounts, Dictionary<string, string?> settings)
    {
        (Database, DemoAccounts, _settings) = (database, accounts, settings);
        UseKestrel(0);
    }

    public static async Task<EgovHost> StartAsync(DatabaseProvider provider, Dictionary<string, string?>? overrides = null)
    {
        var (db, accounts) = await TestDatabase.CreateSeededAsync(provider);
        var settings = new Dictionary<string, string?>(db.Settings)
        {
            ["Demo:SeedOnStart"] = "false",
            ["Demo:AccountsFile"] = Path.Combine(db.Folder, "demo-accounts.txt"),
            ["Security:SignInPermitsPerMinute"] = "100000",
            ["Security:RegistrationPermitsPerMinute"] = "100000",
            ["Security:LookupPermitsPerMinute"] = "100000",
            ["Security:FeedbackPermitsPerMinute"] = "100000",
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Logging:File"] = Path.Combine(db.Folder, "host.log"),
            // Jobs are tested on their own (JobTests, EscalationTests); here they would only add writes at start-up.
            ["Jobs:Enabled"] = "false",
        };
        foreach (var (k, v) in overrides ?? []) settings[k] = v;
        var host = new EgovHost(db, accounts, settings);
        host.StartServer();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        // Serve wwwroot from the project (as in development) so that browser tests and their screenshots get the real stylesheet.
        builder.UseStaticWebAssets();
    }

    /// <summary>Everything the host has logged so far (JSON lines).</summary>
    public string CapturedLog
    {
        get
        {
            using var stream = new FileStream(Path.Combine(Database.Folder, "host.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
    }

    /// <summary>The loopback address Kestrel listens on.</summary>
    public Uri Address => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    /// <summary>A plain HTTP client with its own cookies that does not follow redirects (tests look at them).</summary>
    public HttpClient Anonymous() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = Address };

    public string PasswordOf(string userName) => DemoAccounts.Single(a => a.UserName == userName).Password;

    /// <summary>A client carrying a bearer token of a demo account; administrators are enrolled in TOTP first, as they must be.</summary>
    public async Task<HttpClient> SignedInAsync(string userName)
    {
        var otp = await EnsureTwoFactorIfAdminAsync(userName);
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password = PasswordOf(userName), otp });
        Assert.True(response.IsSuccessStatusCode, $"login {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client signed in through the sign-in page, as a browser is: the session cookie, no bearer token (not for administrators).</summary>
    public async Task<HttpClient> SignedInWithCookieAsync(string userName)
    {
        var client = Anonymous();
        var response = await PageForms.PostAsync(client, "/account/login", "login",
            [new("Input.UserName", userName), new("Input.Password", PasswordOf(userName))]);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in page for {userName}: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Enrols the account's authenticator (as the 2FA page does) and returns a current code, or null for non-administrators.</summary>
    public async Task<string?> EnsureTwoFactorIfAdminAsync(string userName)
    {
        await using var scope = Services.CreateScopeAs(new SystemCaller("test"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<EgovUser>>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        if (!await accounts.MustUseTwoFactorAsync(user.Id)) return null;
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        if (!user.TwoFactorEnabled) await users.SetTwoFactorEnabledAsync(user, true);
        return Totp.Code(key!);
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateScopeAs(new SystemCaller("test"));
        return await work(scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public static class Http
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem naming <paramref name="field"/> and returns its first message.</summary>
    public static async Task<string> Problem(this HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Json(status);
        var named = json.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
        Assert.True(named, $"problem does not name field '{field}': {json}");
        return errors.GetProperty(field)[0].GetString()!;
    }
}
