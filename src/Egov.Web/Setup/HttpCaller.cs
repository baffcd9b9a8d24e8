using System.Security.Claims;
using Egov.Identity;
using Egov.Platform.Access;

namespace Egov.Web.Setup;

/// <summary>
/// The caller of a request, read from the principal that the cookie, bearer token or client token carries.
/// Read on each use, not when the service is created: services are created during authentication itself
/// (the security-stamp check), before the request's principal is known.
/// </summary>
public sealed class HttpCaller(IHttpContextAccessor accessor) : ICallerContext
{
    private ClaimsPrincipal? _seen;
    private Snapshot _snapshot = Snapshot.Anonymous;

    private Snapshot Current
    {
        get
        {
            var user = accessor.HttpContext?.User;
            if (!ReferenceEquals(user, _seen)) (_seen, _snapshot) = (user, Snapshot.Of(user));
            return _snapshot;
        }
    }

    public Guid? UserId => Current.UserId;
    public string Actor => Current.Actor;
    public IReadOnlyList<CallerGrant> Grants => Current.Grants;

    private sealed record Snapshot(Guid? UserId, string Actor, IReadOnlyList<CallerGrant> Grants)
    {
        public static readonly Snapshot Anonymous = new(null, "anonymous", []);

        public static Snapshot Of(ClaimsPrincipal? user)
        {
            if (user?.Identity?.IsAuthenticated != true) return Anonymous;
            var clientId = user.FindFirstValue(EgovClaims.ClientId);
            Guid? userId = clientId is null && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
            var actor = clientId is not null ? $"client:{clientId}" : userId is { } uid ? $"user:{uid}" : "anonymous";
            // A session that still has to enrol its second factor holds no powers until it does.
            var grants = user.HasClaim(c => c.Type == EgovAuth.MustEnrolTwoFactor) ? [] : EgovClaims.GrantsOf(user).ToList();
            return new Snapshot(userId, actor, grants);
        }
    }
}
