using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.Platform.Jobs;

/// <summary>
/// Keeps the query planner's statistics current as the tables grow, so that the inbox and the searches keep using
/// the right indexes. SQLite gathers them only when asked (<c>PRAGMA optimize</c>, which re-analyses the tables that
/// changed much); PostgreSQL's autovacuum already does it.
/// </summary>
public sealed class DatabaseStatisticsJob : IRecurringJob
{
    public string Name => "platform.database-statistics";
    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<EgovDbContext>();
        if (db.Provider == DatabaseProvider.Sqlite) await EgovDatabase.OptimizeSqliteAsync(db, ct);
    }
}
