using Egov.Platform.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Calendar.Module;

public static class CalendarServices
{
    public static IServiceCollection AddCalendarModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, CalendarModel>();
        services.AddSingleton<CalendarCache>();
        services.AddScoped<CalendarService>();
        return services;
    }
}
