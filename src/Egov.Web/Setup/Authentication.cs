using System.Security.Claims;
using Egov.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Egov.Web.Setup;

public static class EgovAuth
{
    /// <summary>Default scheme: a bearer token when the request has one, otherwise the sign-in cookie.</summary>
    public const string Smart = "egov";
    /// <summary>Claim of a session that must enrol a second factor before it may do anything.</summary>
    public const string MustEnrolTwoFactor = "egov:enrol2fa";
    public const string AuthMethod = "amr";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddEgovAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(Smart, "Cookie or bearer", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TokenLifetime);
        auth.AddIdentityCookies(cookies =>
        {
            cookies.ApplicationCookie?.Configure(o =>
            {
                o.Cookie.Name = "egov.auth";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
            });
            cookies.TwoFactorUserIdCookie?.Configure(o => o.Cookie.Name = "egov.2fa");
            cookies.ExternalCookie?.Configure(o => o.Cookie.Name = "egov.ext");
        });

        // National identity (VNeID) or any OpenID Connect provider, switched on by configuration alone.
        var oidc = configuration.GetSection("Authentication:Oidc");
        if (!string.IsNullOrWhiteSpace(oidc["Authority"]))
            auth.AddOpenIdConnect("oidc", oidc["DisplayName"] ?? "OpenID Connect", o =>
            {
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.ResponseType = "code";
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.CallbackPath = "/signin-oidc";
                o.Scope.Add("email");
                // Plain HTTP only for a provider on this machine (development, tests).
                o.RequireHttpsMetadata = !(Uri.TryCreate(o.Authority, UriKind.Absolute, out var authority) && authority.IsLoopback);
            });

        // Sessions re-read the account every minute, so disabling an account or changing its roles bites quickly.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();
        return services;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Issues a bearer token (the same format the bearer handler validates) for a principal.</summary>
    public static object IssueToken(IServiceProvider services, ClaimsPrincipal principal, TimeProvider clock)
    {
        var options = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var properties = new AuthenticationProperties { ExpiresUtc = clock.GetUtcNow() + options.BearerTokenExpiration };
        var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme);
        return new TokenResponse(options.BearerTokenProtector.Protect(ticket), "Bearer", (int)options.BearerTokenExpiration.TotalSeconds);
    }

    public static ClaimsPrincipal ClientPrincipal(ApiClient client)
    {
        var identity = new ClaimsIdentity(IdentityConstants.BearerScheme);
        identity.AddClaim(new Claim(EgovClaims.ClientId, client.ClientId));
        identity.AddClaim(new Claim(ClaimTypes.Name, client.Name));
        identity.AddClaim(new Claim(EgovClaims.Role, client.Role));
        identity.AddClaim(new Claim(EgovClaims.Grant, EgovClaims.Format(new Platform.Access.CallerGrant(client.Role, client.AgencyId, client.AgencyPath))));
        return new ClaimsPrincipal(identity);
    }
}

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
