using Egov.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Procedures;

public static class ProceduresServices
{
    public static IServiceCollection AddProceduresModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, ProceduresModel>();
        services.AddScoped<ProcedureService>();
        services.AddScoped<Search.ProcedureFinder>();
        services.AddSingleton<ProcedureCache>();
        services.AddScoped<ISaveChangesHook, ProcedureCacheInvalidation>();
        return services;
    }
}
