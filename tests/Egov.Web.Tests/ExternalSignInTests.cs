using System.Net;
using Egov.Platform.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Egov.Web.Tests;

/// <summary>
/// OpenID Connect sign-in (VNeID or any provider) is switched on by configuration alone. A minimal provider
/// (its discovery document) runs on another loopback port; the host must offer the button and send the
/// browser to the provider's authorisation endpoint with the configured client and our callback.
/// </summary>
public sealed class ExternalSignInTests
{
    [Fact]
    public async Task Configuring_an_authority_offers_external_sign_in_and_challenges_it()
    {
        var provider = WebApplication.CreateBuilder();
        provider.WebHost.UseUrls("http://127.0.0.1:0");
        var app = provider.Build();
        var issuer = "";
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/authorize",
            ["token_endpoint"] = issuer + "/token",
            ["jwks_uri"] = issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await app.StartAsync();
        issuer = app.Urls.First();
        try
        {
            await using var host = await EgovHost.StartAsync(DatabaseProvider.Sqlite, new()
            {
                ["Authentication:Oidc:Authority"] = issuer,
                ["Authentication:Oidc:ClientId"] = "egov-thanhhoa",
                ["Authentication:Oidc:ClientSecret"] = "test-secret",
                ["Authentication:Oidc:DisplayName"] = "VNeID",
            });
            var client = host.Anonymous();
            var login = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
            Assert.Contains("Đăng nhập bằng tài khoản định danh điện tử", login);

            var challenge = await client.GetAsync("/account/external?returnUrl=/account");
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            var location = challenge.Headers.Location!.ToString();
            Assert.StartsWith(issuer + "/authorize?", location);
            Assert.Contains("client_id=egov-thanhhoa", location);
            Assert.Contains("redirect_uri=" + Uri.EscapeDataString(host.Address.ToString().TrimEnd('/') + "/signin-oidc"), location);
            Assert.Contains("response_type=code", location);

            // A callback without a valid external sign-in goes back to the sign-in page, not to an error.
            var callback = await client.GetAsync("/account/external/callback");
            Assert.Equal("/account/login?error=external", callback.Headers.Location?.ToString());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
