using Egov.Audit;
using Egov.Calendar.Module;
using Egov.Procedures;
using Egov.OneStop;
using Egov.Directory;
using Egov.Identity;
using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Egov.Platform.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Hosting;

public static class EgovCore
{
    /// <summary>Everything the web host and the CLI share: database, modules and the clock.</summary>
    public static IServiceCollection AddEgovCore(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddEgovDbContext(database);
        services.AddPlatformServices();
        services.AddMessaging(configuration);
        services.AddDirectoryModule();
        services.AddCalendarModule();
        services.AddProceduresModule();
        services.AddOneStopModule();
        services.AddAuditModule();
        services.AddIdentityModule();
        services.AddScoped<DemoSeeder>();
        services.AddSingleton(configuration.GetSection(Egov.OneStop.Payments.PaymentOptions.Section).Get<Egov.OneStop.Payments.PaymentOptions>()
            ?? new Egov.OneStop.Payments.PaymentOptions());
        return services;
    }

    /// <summary>
    /// The recurring background jobs (escalation, …), run under database leases. Only the web host adds this:
    /// the CLI is short-lived and must not start jobs. Section "Jobs" (Enabled) switches them off.
    /// </summary>
    public static IServiceCollection AddEgovBackgroundJobs(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRecurringJobsHost(configuration).AddOutboxSender();
}
