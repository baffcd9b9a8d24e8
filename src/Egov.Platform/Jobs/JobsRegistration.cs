using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Jobs;

public static class JobsRegistration
{
    /// <summary>The leases (any process may read or take them; the CLI could run a job by hand).</summary>
    public static IServiceCollection AddJobLeases(this IServiceCollection services)
    {
        services.AddScoped<JobLeases>();
        return services;
    }

    /// <summary>The background runner; only long-running hosts (the web host) add it.</summary>
    public static IServiceCollection AddRecurringJobsHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions());
        services.AddHostedService<RecurringJobsHost>();
        services.AddSingleton<IRecurringJob, DatabaseStatisticsJob>();
        return services;
    }
}
