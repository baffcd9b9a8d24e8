using System.Security.Claims;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Egov.Identity;

public static class EgovClaims
{
    /// <summary>"{role}|{agencyId}|{agencyPath}" for each agency-scoped role.</summary>
    public const string Grant = "egov:grant";
    public const string Kind = "egov:kind";
    public const string FullName = "egov:name";
    public const string Role = ClaimTypes.Role;
    public const string ClientId = "client_id";

    public static string Format(CallerGrant g) => $"{g.Role}|{g.AgencyId}|{g.AgencyPath}";

    public static CallerGrant? Parse(string value)
    {
        var parts = value.Split('|');
        return parts.Length == 3 && Guid.TryParse(parts[1], out var id) ? new CallerGrant(parts[0], id, parts[2]) : null;
    }

    /// <summary>The agency-scoped grants, and the citizen's or business's own role as a grant without an agency.</summary>
    public static IEnumerable<CallerGrant> GrantsOf(ClaimsPrincipal principal) =>
        principal.FindAll(Grant).Select(c => Parse(c.Value)).OfType<CallerGrant>()
            .Concat(principal.FindAll(Role).Where(c => c.Value is Roles.Citizen or Roles.Business).Select(c => new CallerGrant(c.Value, Guid.Empty, "")));
}

/// <summary>Puts the account's roles and their agency scopes into the sign-in cookie or token.</summary>
public sealed class EgovClaimsFactory(UserManager<EgovUser> users, IOptions<IdentityOptions> options, EgovDbContext db)
    : UserClaimsPrincipalFactory<EgovUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(EgovUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(EgovClaims.Kind, user.Kind.ToString()));
        identity.AddClaim(new Claim(EgovClaims.FullName, user.FullName));
        var roles = await db.Set<RoleAssignment>().AsNoTracking().Where(r => r.UserId == user.Id).ToListAsync();
        foreach (var r in roles)
        {
            identity.AddClaim(new Claim(EgovClaims.Role, r.Role));
            if (r.AgencyId is { } agencyId && r.AgencyPath is { } path)
                identity.AddClaim(new Claim(EgovClaims.Grant, EgovClaims.Format(new CallerGrant(r.Role, agencyId, path))));
        }
        return identity;
    }
}
