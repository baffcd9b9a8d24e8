using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Audit;

public static class AuditServices
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, AuditModel>();
        services.AddScoped<ISaveChangesHook, AuditHook>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<AuditLog>();
        return services;
    }
}
