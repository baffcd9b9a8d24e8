using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Data.PostgreSql;

/// <summary>Used only by `dotnet ef migrations add` (see docs/operations.md).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EgovDbContext>
{
    public EgovDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<EgovDbContext>();
        EgovDatabase.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=localhost;Database=egov_design" });
        // The modules' models, as the host registers them.
        var modules = new ServiceCollection();
        foreach (var module in new IModuleModel[] { new Egov.Directory.DirectoryModel(), new Egov.Identity.IdentityModel(), new Egov.Audit.AuditModel(), new Egov.Calendar.Module.CalendarModel(), new Egov.Procedures.ProceduresModel(), new Egov.OneStop.OneStopModel() })
            modules.AddSingleton(module);
        builder.UseApplicationServiceProvider(modules.BuildServiceProvider());
        return new EgovDbContext(builder.Options);
    }
}
