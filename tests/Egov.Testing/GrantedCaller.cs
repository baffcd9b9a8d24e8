using Egov.Platform.Access;

namespace Egov.Testing;

/// <summary>An official holding the given roles in the given agencies, for service-level tests and benchmarks.</summary>
public sealed class GrantedCaller(params CallerGrant[] grants) : ICallerContext
{
    public Guid? UserId { get; } = Guid.NewGuid();
    public string Actor => "test:" + string.Join(",", grants.Select(g => g.Role));
    public IReadOnlyList<CallerGrant> Grants => grants;
}
