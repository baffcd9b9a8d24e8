using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;
using Egov.Directory.Demo;
using Egov.Directory.Officials;
using Egov.Directory.Units;
using Egov.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Directory;

public static class DirectoryServices
{
    public static IServiceCollection AddDirectoryModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, DirectoryModel>();
        services.AddScoped<AgencyService>();
        services.AddScoped<AgencyBankAccountService>();
        services.AddSingleton<AgencyDirectoryCache>();
        services.AddScoped<ISaveChangesHook, AgencyDirectoryInvalidation>();
        services.AddScoped<OfficialService>();
        services.AddScoped<CatalogueService>();
        services.AddScoped<AdministrativeUnitService>();
        services.AddScoped<DemoProvince>();
        return services;
    }
}
