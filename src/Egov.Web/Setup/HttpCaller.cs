using System.Security.Claims;
using Egov.Identity;
using Egov.Platform.Access;

namespace Egov.Web.Setup;

/// <summary>The caller of a request, read from the principal that the cookie, bearer token or client token carries.</summary>
public sealed class HttpCaller : ICallerContext
{
    public HttpCaller(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            Actor = "anonymous";
            Grants = [];
            return;
        }
        var clientId = user.FindFirstValue(EgovClaims.ClientId);
        UserId = clientId is null && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
        Actor = clientId is not null ? $"client:{clientId}" : UserId is { } uid ? $"user:{uid}" : "anonymous";
        // A session that still has to enrol its second factor holds no powers until it does.
        Grants = user.HasClaim(c => c.Type == EgovAuth.MustEnrolTwoFactor) ? [] : EgovClaims.GrantsOf(user).ToList();
        Roles = user.FindAll(EgovClaims.Role).Select(c => c.Value).ToHashSet();
    }

    public Guid? UserId { get; }
    public string Actor { get; }
    public IReadOnlyList<CallerGrant> Grants { get; }
    public IReadOnlySet<string> Roles { get; } = new HashSet<string>();
}
