using Egov.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Egov.Web.Setup;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<EgovUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        });

        // Language switch: a cookie, then back to the page (only local return addresses).
        app.MapGet("/culture", (HttpContext http, string? c, string? returnUrl) =>
        {
            var culture = c == "en" ? "en" : "vi-VN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, IsEssential = true });
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        });

        // External sign-in (OpenID Connect, e.g. VNeID), available when configured.
        app.MapGet("/account/external", (SignInManager<EgovUser> signIn, string? returnUrl) =>
        {
            var props = signIn.ConfigureExternalAuthenticationProperties("oidc", "/account/external/callback?returnUrl=" + Uri.EscapeDataString(IsLocal(returnUrl) ? returnUrl! : "/"));
            return Results.Challenge(props, ["oidc"]);
        });
        app.MapGet("/account/external/callback", async (HttpContext http, SignInManager<EgovUser> signIn, UserManager<EgovUser> users, string? returnUrl) =>
        {
            var info = await signIn.GetExternalLoginInfoAsync();
            if (info is null) return Results.LocalRedirect("/account/login?error=external");
            var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: false);
            if (result.Succeeded) return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
            if (result.RequiresTwoFactor) return Results.LocalRedirect("/account/login-2fa");
            // Already signed in: link the external identity to this account.
            if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } current)
            {
                await users.AddLoginAsync(current, info);
                return Results.LocalRedirect("/account?linked=1");
            }
            return Results.LocalRedirect("/account/register?external=1");
        });
    }

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");

    /// <summary>Administrators who have not enrolled a second factor can only reach the enrolment page.</summary>
    public static IApplicationBuilder UseTwoFactorEnrolment(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.HasClaim(c => c.Type == EgovAuth.MustEnrolTwoFactor)
            && !http.Request.Path.StartsWithSegments("/account")
            && !http.Request.Path.StartsWithSegments("/api")
            && !http.Request.Path.StartsWithSegments("/css")
            && !http.Request.Path.StartsWithSegments("/health"))
        {
            http.Response.Redirect("/account/2fa-setup");
            return;
        }
        await next();
    });
}
