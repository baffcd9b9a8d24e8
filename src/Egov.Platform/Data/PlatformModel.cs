using Egov.Platform.Jobs;
using Egov.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Data;

/// <summary>Tables of the platform itself (prefix plat_): job leases, notifications, contact preferences and the outbox. Always part of the model.</summary>
public static class PlatformModel
{
    public static void Build(ModelBuilder model)
    {
        JobsModel.Build(model);
        NotificationsModel.Build(model);
        Messaging.MessagingModel.Build(model);
    }

    /// <summary>Services over the platform's tables, shared by every host.</summary>
    public static IServiceCollection AddPlatformServices(this IServiceCollection services)
    {
        services.AddJobLeases();
        services.AddScoped<NotificationService>();
        return services;
    }
}
