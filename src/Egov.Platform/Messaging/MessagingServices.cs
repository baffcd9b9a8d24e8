using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Messaging;

public static class MessagingServices
{
    /// <summary>Preferences, the outbox and the channels; the sender job itself runs only where background jobs do.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(NotificationsOptions.Section).Get<NotificationsOptions>() ?? new NotificationsOptions();
        services.AddSingleton(options);
        services.AddSingleton<Outbox>();
        services.AddScoped<ContactPreferenceService>();
        services.AddSingleton<IEmailSender, SmtpEmailSender>();
        if (string.Equals(options.Sms.Provider, SmsOptions.Development, StringComparison.OrdinalIgnoreCase))
        {
            services.AddScoped<DevelopmentSmsSink>();
            services.AddScoped<ISmsSender>(sp => sp.GetRequiredService<DevelopmentSmsSink>());
        }
        else services.AddSingleton<ISmsSender, NoSmsProvider>();
        return services;
    }

    /// <summary>The outbox's sender, a recurring job under a database lease (web host only).</summary>
    public static IServiceCollection AddOutboxSender(this IServiceCollection services)
    {
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<Jobs.IRecurringJob>(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
