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

        var ownTransaction = Database.CurrentTransaction is null ? await BeginWriteAsync(cancellationToken) : null;
        try
        {
            foreach (var hook in _hooks) await hook.BeforeSaveAsync(this, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
            foreach (var hook in _hooks) hook.AfterSave(this);
            return written;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    /// <summary>
    /// Begins a transaction that will write: on SQLite it waits for this process's turn at the single writer first
    /// (see <see cref="WriteTransaction"/>). Do the reading and checking before, so that the turn is short.
    /// </summary>
    public Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken = default) =>
        WriteTransaction.BeginAsync(this, cancellationToken);

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
