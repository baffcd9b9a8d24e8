using Egov.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Identity;

public static class IdentityServices
{
    /// <summary>Identity core (users without Identity's global roles: our roles are scoped to agencies) and the module's services.</summary>
    public static IdentityBuilder AddIdentityModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, IdentityModel>();
        services.AddScoped<AccountService>();
        services.AddScoped<ApiClientService>();
        return services.AddIdentityCore<EgovUser>(o =>
            {
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            })
            .AddUserStore<Microsoft.AspNetCore.Identity.EntityFrameworkCore.UserOnlyStore<EgovUser, EgovDbContext, Guid>>()
            .AddClaimsPrincipalFactory<EgovClaimsFactory>()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddDefaultTokenProviders();
    }
}
