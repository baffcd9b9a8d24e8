using Egov.Platform.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Egov.Identity;

/// <summary>Maps ASP.NET Core Identity's user tables (as IdentityUserContext does) plus role assignments and API clients.</summary>
public sealed class IdentityModel : IModuleModel
{
    public void Build(ModelBuilder model)
    {
        model.Entity<EgovUser>(b =>
        {
            b.ToTable("idn_users");
            b.HasKey(u => u.Id);
            b.HasIndex(u => u.NormalizedUserName).IsUnique();
            b.HasIndex(u => u.NormalizedEmail);
            b.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
            b.Property(u => u.UserName).HasMaxLength(256);
            b.Property(u => u.NormalizedUserName).HasMaxLength(256);
            b.Property(u => u.Email).HasMaxLength(256);
            b.Property(u => u.NormalizedEmail).HasMaxLength(256);
            b.Property(u => u.PhoneNumber).HasMaxLength(15);
            b.Property(u => u.FullName).HasMaxLength(200).IsRequired();
            b.Property(u => u.SearchName).HasMaxLength(200);
            b.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(u => u.CitizenId).HasMaxLength(12);
            b.HasIndex(u => u.CitizenId).IsUnique();
            b.Property(u => u.TaxCode).HasMaxLength(14);
            b.HasIndex(u => u.TaxCode).IsUnique();
            b.HasIndex(u => u.OfficialId);
            b.HasMany(u => u.Roles).WithOne().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
            b.HasMany<IdentityUserClaim<Guid>>().WithOne().HasForeignKey(uc => uc.UserId).IsRequired();
            b.HasMany<IdentityUserLogin<Guid>>().WithOne().HasForeignKey(ul => ul.UserId).IsRequired();
            b.HasMany<IdentityUserToken<Guid>>().WithOne().HasForeignKey(ut => ut.UserId).IsRequired();
        });
        model.Entity<IdentityUserClaim<Guid>>(b => { b.ToTable("idn_user_claims"); b.HasKey(c => c.Id); });
        model.Entity<IdentityUserLogin<Guid>>(b =>
        {
            b.ToTable("idn_user_logins");
            b.HasKey(l => new { l.LoginProvider, l.ProviderKey });
            b.Property(l => l.LoginProvider).HasMaxLength(128);
            b.Property(l => l.ProviderKey).HasMaxLength(128);
        });
        model.Entity<IdentityUserToken<Guid>>(b =>
        {
            b.ToTable("idn_user_tokens");
            b.HasKey(t => new { t.UserId, t.LoginProvider, t.Name });
            b.Property(t => t.LoginProvider).HasMaxLength(128);
            b.Property(t => t.Name).HasMaxLength(128);
        });
        model.Entity<RoleAssignment>(b =>
        {
            b.ToTable("idn_role_assignments");
            b.HasKey(r => r.Id);
            b.Property(r => r.Role).HasMaxLength(30).IsRequired();
            b.Property(r => r.AgencyPath).HasMaxLength(1000);
            b.HasIndex(r => new { r.UserId, r.Role, r.AgencyId }).IsUnique();
            b.HasIndex(r => r.AgencyPath);
        });
        model.Entity<ApiClient>(b =>
        {
            b.ToTable("idn_api_clients");
            b.HasKey(c => c.Id);
            b.Property(c => c.ClientId).HasMaxLength(64).IsRequired();
            b.HasIndex(c => c.ClientId).IsUnique();
            b.Property(c => c.Name).HasMaxLength(200).IsRequired();
            b.Property(c => c.SecretHash).HasMaxLength(200).IsRequired();
            b.Property(c => c.Role).HasMaxLength(30).IsRequired();
            b.Property(c => c.AgencyPath).HasMaxLength(1000).IsRequired();
        });
    }
}
