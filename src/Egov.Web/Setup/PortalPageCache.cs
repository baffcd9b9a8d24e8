using System.Globalization;
using Egov.Directory.Agencies;
using Egov.Platform.Caching;
using Egov.Procedures;
using Microsoft.AspNetCore.OutputCaching;

namespace Egov.Web.Setup;

/// <summary>
/// The portal's public pages (home, procedure search, procedure page) are the same for every visitor who is not signed in,
/// and most visitors are not: a node renders each once per language and query and serves the bytes for
/// <see cref="MaxAge"/>. Signed-in visitors, bearer-token callers and responses that set a cookie are never cached (the
/// output cache's default rules), so nobody is served another person's page. A save on this node that changes the
/// procedures or the agencies drops the pages at once; other nodes see the change within <see cref="MaxAge"/>, as they see
/// the procedure catalogue itself (<see cref="ProcedureCache.MaxAge"/>).
/// </summary>
public static class PortalPageCache
{
    public const string Policy = "portal-page";
    public const string Tag = "portal";
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddPortalPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(o =>
        {
            o.SizeLimit = 32 * 1024 * 1024;  // a page is 15–35 KB: room for about a thousand; searches of arbitrary text cannot grow it further
            o.AddPolicy(Policy, b => b.Expire(MaxAge).SetVaryByQuery("*").Tag(Tag)
                .VaryByValue(_ => new KeyValuePair<string, string>("culture", CultureInfo.CurrentUICulture.Name)));
        });
        services.AddScoped<Platform.Data.ISaveChangesHook, Invalidation>();
        return services;
    }

    /// <summary>Drops this node's cached portal pages when a save changes what they show.</summary>
    public sealed class Invalidation(IOutputCacheStore store) : InvalidateOnSave
    {
        protected override bool Concerns(object entity) => entity is ProcedureRecord or ProcedureVersionRecord or Agency;

        // The in-memory store evicts synchronously.
        protected override void Invalidate() => store.EvictByTagAsync(Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }
}
