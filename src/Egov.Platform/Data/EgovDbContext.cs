using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Egov.Platform.Data;

/// <summary>
/// The one database of a deployment. Modules contribute their entities through <see cref="IModuleModel"/>;
/// hooks (the audit trail) run in the transaction of every save so that a change and its audit entry
/// are committed together or not at all.
/// </summary>
public class EgovDbContext(
    DbContextOptions<EgovDbContext> options,
    IEnumerable<IModuleModel> modules,
    IEnumerable<ISaveChangesHook> hooks) : DbContext(options), IDataProtectionKeyContext
{
    private readonly IReadOnlyList<IModuleModel> _modules = modules.ToList();
    private readonly IReadOnlyList<ISaveChangesHook> _hooks = hooks.ToList();

    public DatabaseProvider Provider => Database.ProviderName?.Contains("Npgsql") == true
        ? DatabaseProvider.PostgreSql
        : DatabaseProvider.Sqlite;

    /// <summary>ASP.NET Core data-protection keys, shared by all web nodes so cookies and tokens work on any of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>().ToTable("sys_data_protection_keys");
        PlatformModel.Build(modelBuilder);
        foreach (var module in _modules) module.Build(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All instants are stored in UTC; SQLite returns them without a kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (_hooks.Count == 0 || !ChangeTracker.HasChanges())
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            foreach (var hook in _hooks) await hook.BeforeSaveAsync(this, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
