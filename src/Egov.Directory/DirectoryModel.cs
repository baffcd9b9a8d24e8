using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;
using Egov.Directory.Officials;
using Egov.Directory.Units;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Directory;

public sealed class DirectoryModel : IModuleModel
{
    public void Build(ModelBuilder model)
    {
        model.Entity<Agency>(e =>
        {
            e.ToTable("dir_agencies");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(AgencyCode.MaxLength).IsRequired();
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(DirectoryLimits.Name).IsRequired();
            e.Property(x => x.ShortName).HasMaxLength(DirectoryLimits.ShortName);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Path).HasMaxLength(1000).IsRequired();
            e.HasIndex(x => x.Path);
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.UnitCode).HasMaxLength(5);
            e.Property(x => x.Sector).HasMaxLength(40);
            e.Property(x => x.Address).HasMaxLength(DirectoryLimits.Address);
            e.Property(x => x.Phone).HasMaxLength(15);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.SearchName).HasMaxLength(DirectoryLimits.Name + DirectoryLimits.ShortName + 64);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        model.Entity<AgencyBankAccount>(e =>
        {
            e.ToTable("dir_agency_bank_accounts");
            e.HasKey(x => x.AgencyId);
            e.HasOne<Agency>().WithOne().HasForeignKey<AgencyBankAccount>(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.Property(x => x.BankBin).HasMaxLength(6).IsRequired();
            e.Property(x => x.BankName).HasMaxLength(100);
            e.Property(x => x.AccountNumber).HasMaxLength(19).IsRequired();
            e.Property(x => x.AccountName).HasMaxLength(100).IsRequired();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        model.Entity<Official>(e =>
        {
            e.ToTable("dir_officials");
            e.HasKey(x => x.Id);
            e.Property(x => x.FullName).HasMaxLength(DirectoryLimits.PersonName).IsRequired();
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Phone).HasMaxLength(15);
            e.Property(x => x.SearchName).HasMaxLength(DirectoryLimits.PersonName);
            e.HasOne(x => x.Agency).WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(x => x.Position).WithMany().HasForeignKey(x => x.PositionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => x.AgencyId);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        Catalogue<Position>(model, "dir_positions");
        Catalogue<ProcedureField>(model, "dir_procedure_fields");
        model.Entity<AdministrativeUnit>(e =>
        {
            e.ToTable("dir_admin_units");
            e.HasKey(x => x.Id);
            e.Property(x => x.Scheme).HasMaxLength(10).IsRequired();
            e.Property(x => x.Code).HasMaxLength(5).IsRequired();
            e.HasIndex(x => new { x.Scheme, x.Code }).IsUnique();
            e.HasIndex(x => new { x.Scheme, x.ParentCode });
            e.Property(x => x.Name).HasMaxLength(DirectoryLimits.Name).IsRequired();
            e.Property(x => x.FullName).HasMaxLength(DirectoryLimits.Name).IsRequired();
            e.Property(x => x.NameEn).HasMaxLength(DirectoryLimits.Name);
            e.Property(x => x.UnitType).HasMaxLength(40);
            e.Property(x => x.ParentCode).HasMaxLength(5);
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.SearchName).HasMaxLength(DirectoryLimits.Name);
        });
    }

    private static void Catalogue<T>(ModelBuilder model, string table) where T : CatalogueItem =>
        model.Entity<T>(e =>
        {
            e.ToTable(table);
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(DirectoryLimits.CatalogueCode).IsRequired();
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(DirectoryLimits.Name).IsRequired();
            e.Property(x => x.SearchName).HasMaxLength(DirectoryLimits.Name);
        });
}

public static class DirectoryLimits
{
    public const int Name = 255;
    public const int ShortName = 100;
    public const int PersonName = 100;
    public const int Address = 500;
    public const int CatalogueCode = 30;
}
