using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Access;

/// <summary>
/// Per-scope holder of the caller. Requests fill it from the signed-in principal (through the host's default
/// factory); start-up seeding, the CLI and background jobs set it explicitly before resolving services.
/// </summary>
public sealed class CallerSlot
{
    public ICallerContext? Caller { get; set; }
}

public delegate ICallerContext DefaultCallerFactory(IServiceProvider services);

public static class CallerRegistration
{
    public static IServiceCollection AddCallerContext(this IServiceCollection services, DefaultCallerFactory defaultCaller)
    {
        services.AddSingleton(defaultCaller);
        services.AddScoped<CallerSlot>();
        services.AddScoped<ICallerContext>(sp =>
            sp.GetRequiredService<CallerSlot>().Caller ?? sp.GetRequiredService<DefaultCallerFactory>()(sp));
        return services;
    }

    /// <summary>A scope acting as <paramref name="caller"/> (seeding, CLI, jobs).</summary>
    public static AsyncServiceScope CreateScopeAs(this IServiceProvider services, ICallerContext caller)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CallerSlot>().Caller = caller;
        return scope;
    }
}
