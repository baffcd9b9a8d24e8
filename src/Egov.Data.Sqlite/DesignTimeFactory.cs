using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Egov.Data.Sqlite;

/// <summary>Used only by `dotnet ef migrations add` (see docs/operations.md).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EgovDbContext>
{
    public EgovDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<EgovDbContext>();
        EgovDatabase.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" });
        return new EgovDbContext(builder.Options, [new Egov.Directory.DirectoryModel(), new Egov.Identity.IdentityModel(), new Egov.Audit.AuditModel(), new Egov.Calendar.Module.CalendarModel(), new Egov.Procedures.ProceduresModel(), new Egov.OneStop.OneStopModel()], []);
    }
}
