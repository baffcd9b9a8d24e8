using Egov.Identity;
using Egov.Platform.Access;
using Egov.Platform.Validation;
using Egov.Web.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Egov.Web.Api;

public sealed record LoginRequest(string? UserName, string? Password, string? Otp);
public sealed record RoleGrantRequest(string? Role, Guid? AgencyId);

public static class AccountApi
{
    public static void Map(RouteGroupBuilder api)
    {
        // Tokens: users with password (+ TOTP when enrolled), partner systems with OAuth 2.0 client credentials.
        api.MapPost("/auth/login", Login).RequireRateLimiting(Operations.SignInLimit).AllowAnonymous();
        api.MapPost("/auth/token", ClientToken).RequireRateLimiting(Operations.SignInLimit).AllowAnonymous().DisableAntiforgery();

        api.MapPost("/accounts/citizens", async (AccountService s, CitizenRegistration r, CancellationToken ct) =>
            TypedResults.Created("/api/v1/me", await s.RegisterCitizenAsync(r, ct))).RequireRateLimiting(Operations.RegistrationLimit).AllowAnonymous();
        api.MapPost("/accounts/businesses", async (AccountService s, BusinessRegistration r, CancellationToken ct) =>
            TypedResults.Created("/api/v1/me", await s.RegisterBusinessAsync(r, ct))).RequireRateLimiting(Operations.RegistrationLimit).AllowAnonymous();

        var secured = api.MapGroup("").RequireAuthorization();
        secured.MapGet("/me", (AccountService s, CancellationToken ct) => s.GetOwnAsync(ct));
        // Consent to be told about one's dossiers by e-mail and/or SMS (citizens and businesses; opt-in).
        secured.MapGet("/me/notifications", (Egov.Platform.Messaging.ContactPreferenceService s, CancellationToken ct) => s.GetAsync(ct));
        secured.MapPut("/me/notifications", (Egov.Platform.Messaging.ContactPreferenceService s, Egov.Platform.Messaging.ContactPreferenceInput input, CancellationToken ct) =>
            s.SaveAsync(input, ct));
        var users = secured.MapGroup("/users");
        users.MapGet("/", (AccountService s, string? q, AccountKind? kind, Guid? agencyId, int? page, int? pageSize, CancellationToken ct) =>
            s.ListAsync(new UserQuery(q, kind, agencyId, page, pageSize), ct));
        users.MapGet("/{id:guid}", (AccountService s, Guid id, CancellationToken ct) => s.GetAsync(id, ct));
        users.MapPost("/", async (AccountService s, OfficialAccountInput input, CancellationToken ct) =>
        {
            var created = await s.CreateOfficialAsync(input, ct);
            return TypedResults.Created($"/api/v1/users/{created.Id}", created);
        });
        users.MapPost("/{id:guid}/disable", async (AccountService s, Guid id, CancellationToken ct) => { await s.SetDisabledAsync(id, true, ct); return TypedResults.NoContent(); });
        users.MapPost("/{id:guid}/enable", async (AccountService s, Guid id, CancellationToken ct) => { await s.SetDisabledAsync(id, false, ct); return TypedResults.NoContent(); });
        users.MapPost("/{id:guid}/roles", async (AccountService s, Guid id, RoleGrantRequest r, CancellationToken ct) => { await s.GrantAsync(id, r.Role, r.AgencyId, ct); return TypedResults.NoContent(); });
        users.MapDelete("/{id:guid}/roles/{role}", async (AccountService s, Guid id, string role, Guid? agencyId, CancellationToken ct) => { await s.RevokeAsync(id, role, agencyId, ct); return TypedResults.NoContent(); });

        var clients = secured.MapGroup("/api-clients");
        clients.MapGet("/", (ApiClientService s, CancellationToken ct) => s.ListAsync(ct));
        clients.MapPost("/", async (ApiClientService s, ApiClientInput input, CancellationToken ct) =>
        {
            var created = await s.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/api-clients/{created.Client.Id}", created);
        });
        clients.MapPost("/{id:guid}/deactivate", async (ApiClientService s, Guid id, CancellationToken ct) => { await s.SetActiveAsync(id, false, ct); return TypedResults.NoContent(); });
    }

    private static IResult Unauthorized(string detail) => TypedResults.Problem(new ProblemDetails
    {
        Status = 401, Type = ProblemMapper.TypeBase + "sign-in", Title = "Đăng nhập không thành công", Detail = detail,
    });

    private static async Task<IResult> Login(LoginRequest request, SignInManager<EgovUser> signIn, UserManager<EgovUser> users,
        IAuditTrail audit, AccountService accounts, TimeProvider clock, IServiceProvider services)
    {
        var errors = new ValidationErrors();
        errors.RequiredText("userName", request.UserName, 256, "Tên đăng nhập", "User name");
        errors.RequiredText("password", request.Password, 256, "Mật khẩu", "Password");
        errors.ThrowIfAny();
        var outcome = await SignInChecks.CheckAsync(signIn, users, accounts, request.UserName!, request.Password!, request.Otp);
        if (outcome.User is not null)
            await audit.RecordEventAsync(outcome.Ok ? "sign-in" : "sign-in-failed", "EgovUser", outcome.User.Id.ToString(), "api");
        if (!outcome.Ok)
            return outcome.Status == 429
                ? TypedResults.Problem(new ProblemDetails { Status = 429, Type = ProblemMapper.TypeBase + "locked-out", Title = "Tài khoản tạm khóa", Detail = outcome.Message })
                : outcome.Status == 403
                    ? TypedResults.Problem(new ProblemDetails { Status = 403, Type = ProblemMapper.TypeBase + "two-factor-enrolment", Title = "Cần xác thực hai lớp", Detail = outcome.Message })
                    : Unauthorized(outcome.Message);
        var principal = await signIn.CreateUserPrincipalAsync(outcome.User!);
        if (outcome.UsedTwoFactor) ((System.Security.Claims.ClaimsIdentity)principal.Identity!).AddClaim(new(EgovAuth.AuthMethod, "mfa"));
        return TypedResults.Ok(EgovAuth.IssueToken(services, principal, clock));
    }

    private static async Task<IResult> ClientToken(HttpRequest request, ApiClientService clients, TimeProvider clock, IServiceProvider services)
    {
        if (!request.HasFormContentType)
            return OAuthError("invalid_request", "Gửi grant_type=client_credentials, client_id và client_secret dạng application/x-www-form-urlencoded.");
        IFormCollection form;
        try { form = await request.ReadFormAsync(); }
        catch (InvalidDataException) { return OAuthError("invalid_request", "Nội dung biểu mẫu không hợp lệ."); }
        if (form["grant_type"] != "client_credentials")
            return OAuthError("unsupported_grant_type", "Chỉ hỗ trợ grant_type=client_credentials.");
        var (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        // RFC 6749 §2.3.1: credentials may also come as HTTP Basic.
        if (request.Headers.Authorization.ToString() is { } h && h.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(h[6..].Trim())).Split(':', 2);
                if (pair.Length == 2) (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
            }
            catch (FormatException) { return OAuthError("invalid_client", "Thông tin xác thực Basic không hợp lệ.", 401); }
        }
        var client = await clients.AuthenticateAsync(id, secret);
        if (client is null) return OAuthError("invalid_client", "Sai client_id hoặc client_secret, hoặc hệ thống đã bị ngừng.", 401);
        return TypedResults.Ok(EgovAuth.IssueToken(services, EgovAuth.ClientPrincipal(client), clock));
    }

    private static IResult OAuthError(string error, string description, int status = 400) =>
        TypedResults.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
