using System.Net;
using System.Net.Http.Json;
using Egov.Platform.Data;

namespace Egov.Web.Tests;

[Collection("sqlite")]
public sealed class OperationsTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    private EgovHost Host => fixture.Host;

    [Fact]
    public async Task Health_metrics_openapi_and_security_headers()
    {
        var anon = Host.Anonymous();
        var health = await (await anon.GetAsync("/health")).Json(HttpStatusCode.OK);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        var metrics = await (await anon.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("http_requests_received_total", metrics);

        var openapi = await (await anon.GetAsync("/api/v1/openapi.json")).Json(HttpStatusCode.OK);
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/agencies", out _));
        Assert.True(openapi.GetProperty("paths").TryGetProperty("/api/v1/auth/token", out _));

        var home = await anon.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("frame-ancestors 'none'", home.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"vi\"", html);
        Assert.Contains("Chính quyền số tỉnh Thanh Hóa", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task The_english_switch_sets_the_language()
    {
        var client = Host.Anonymous();
        var switched = await client.GetAsync("/culture?c=en&returnUrl=/");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
        Assert.Contains("Thanh Hóa digital government", html);
        var evil = await client.GetAsync("/culture?c=vi&returnUrl=//evil.example");
        Assert.Equal("/", evil.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Personal_data_never_reaches_the_logs()
    {
        // The host logs to the console as JSON; the request log records only method, path and status.
        var anon = Host.Anonymous();
        await anon.PostAsJsonAsync("/api/v1/accounts/citizens", new { fullName = "Đinh Thị Riêng Tư", citizenId = "038199004321", phone = "0977000111", password = "matkhau123" });
        await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "0977000111", password = "sai-mat-khau" });
        var log = Host.CapturedLog;
        // This host's own request lines are there (each host logs to its own file, not through a process-wide logger)…
        Assert.Contains("\"RequestPath\":\"/api/v1/auth/login\"", log);
        Assert.Contains("\"RequestPath\":\"/api/v1/accounts/citizens\"", log);
        // … and none of what the person typed.
        Assert.DoesNotContain("038199004321", log);
        Assert.DoesNotContain("0977000111", log);
        Assert.DoesNotContain("Riêng Tư", log);
    }
}

/// <summary>Rate limits need their own host: the shared ones run with the limits lifted.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_address()
    {
        await using var host = await EgovHost.StartAsync(DatabaseProvider.Sqlite, new() { ["Security:SignInPermitsPerMinute"] = "3" });
        var anon = host.Anonymous();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "ai-do", password = "x" })).StatusCode);
        var limited = await anon.PostAsJsonAsync("/api/v1/auth/login", new { userName = "ai-do", password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        Assert.Contains("quá nhiều", (await limited.Content.ReadAsStringAsync()).ToLowerInvariant());
    }
}
