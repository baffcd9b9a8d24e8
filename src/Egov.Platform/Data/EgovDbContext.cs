using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Egov.Platform.Data;

/// <summary>
/// The one database of a deployment. Modules contribute their entities through <see cref="IModuleModel"/>;
/// hooks (the audit trail) run in the transaction of every save so that a change and its audit entry
/// are committed together or not at all.
/// </summary>
public class EgovDbContext : DbContext, IDataProtectionKeyContext
{
    private IReadOnlyList<ISaveChangesHook> _hooks = [];

    /// <summary>
    /// For the host's pool of contexts (<see cref="EgovDatabase.AddEgovDbContext"/>): a context is built once and lent
    /// to one scope after another, which spares each request the setting up of EF Core's services for a new context.
    /// The modules come from the application's services when the model is built (a tool building a context by hand
    /// passes its own with <c>UseApplicationServiceProvider</c>); the hooks are the lending scope's.
    /// </summary>
    public EgovDbContext(DbContextOptions<EgovDbContext> options) : base(options) { }

    /// <summary>The save hooks of the scope the pool lends this context to (the audit trail records that scope's caller).</summary>
    public void UseHooks(IEnumerable<ISaveChangesHook> hooks) => _hooks = hooks.ToList();

    private DatabaseProvider? _provider;

    /// <summary>Remembered: EF Core reads the provider's assembly name on every call, and this is asked on every write.</summary>
    public DatabaseProvider Provider => _provider ??= Database.ProviderName?.Contains("Npgsql") == true
        ? DatabaseProvider.PostgreSql
        : DatabaseProvider.Sqlite;

    /// <summary>ASP.NET Core data-protection keys, shared by all web nodes so cookies and tokens work on any of them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>().ToTable("sys_data_protection_keys");
        PlatformModel.Build(modelBuilder);
        foreach (var module in Modules()) module.Build(modelBuilder);
        // Agency paths are identifiers compared by range (ScopeQueries.WithinPaths): bytewise, as SQLite does already.
        if (Provider == DatabaseProvider.PostgreSql)
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredProperties())
                         .Where(p => p.ClrType == typeof(string) && p.Name.EndsWith("Path", StringComparison.Ordinal)))
                property.SetCollation("C");
    }

    /// <summary>The modules registered with the application's services (EF Core's own services know none).</summary>
    private IEnumerable<IModuleModel> Modules() =>
        this.GetService<IDbContextOptions>().FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()
            ?.ApplicationServiceProvider?.GetService(typeof(IEnumerable<IModuleModel>)) as IEnumerable<IModuleModel>
        ?? throw new InvalidOperationException("EgovDbContext needs the application's services (UseApplicationServiceProvider) to find the modules.");

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

        if (Database.CurrentTransaction is not null) return await SaveWithHooksAsync(acceptAllChangesOnSuccess, detected: false, cancellationToken);
        ChangeTracker.DetectChanges();   // here, not on the writer's turn
        return await WriteAsync(async ct =>
        {
            await using var transaction = await Database.BeginTransactionAsync(ct);
            var written = await SaveWithHooksAsync(acceptAllChangesOnSuccess, detected: true, ct);
            await transaction.CommitAsync(ct);
            return written;
        }, cancellationToken);
    }

    /// <summary>
    /// One scan for changes serves the hooks and the save: EF Core would otherwise scan every tracked entity again for
    /// each hook's look at the entries and for the save itself. Hooks only add entities, which needs no scan.
    /// </summary>
    private async Task<int> SaveWithHooksAsync(bool acceptAllChangesOnSuccess, bool detected, CancellationToken cancellationToken)
    {
        if (!detected) ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        int written;
        try
        {
            foreach (var hook in _hooks) await hook.BeforeSaveAsync(this, cancellationToken);
            if (Provider == DatabaseProvider.Sqlite && PlainSave.TryPlan(this) is { } plain)
            {
                written = await plain.ExecuteAsync(this, cancellationToken);
                if (acceptAllChangesOnSuccess) ChangeTracker.AcceptAllChanges();
            }
            else written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
        foreach (var hook in _hooks) hook.AfterSave(this);
        return written;
    }

    /// <summary>
    /// Runs a write transaction's work: on SQLite on the database's writer thread (see <see cref="SqliteWriter"/>),
    /// after the writes queued before it; on PostgreSQL at once. Read and check before, so that the turn is short.
    /// Hooks' after-save work runs again once the work has returned (committed).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var result = Provider == DatabaseProvider.Sqlite && !SqliteWriter.OnWriterThread
            ? await SqliteWriter.For(Database.GetDbConnection().ConnectionString)
                .RunAsync(() => WithGroupCommitAsync(work, cancellationToken), cancellationToken)
            : await work(cancellationToken);
        foreach (var hook in _hooks) hook.AfterSave(this);
        return result;
    }

    /// <summary>
    /// The writer's commits skip the fsync (<c>synchronous=NORMAL</c>); <see cref="SqliteWriter.RunAsync"/> answers
    /// after a shared one. They do not checkpoint either (<c>wal_autocheckpoint=0</c>): <see cref="WalFlush"/> copies the
    /// WAL into the database on another thread. The turn runs on the writer's kept connection (<see cref="WriterConnection"/>),
    /// set so for good, whose statements stay prepared from one turn to the next; the context gets a connection of its own
    /// again afterwards. A context already in a transaction, or holding a connection it did not open itself, writes on its
    /// own connection with those settings made for the turn and undone after it (SQLite's defaults for writes made elsewhere).
    /// </summary>
    private async Task<T> WithGroupCommitAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (await OnWriterConnectionAsync() is { } connectionString)
            try
            {
                return await work(cancellationToken);
            }
            catch (Exception e) when (WriterConnection.IsBroken(e))
            {
                SqliteWriter.DropKeptConnection();   // opened afresh by the next turn
                throw;
            }
            finally
            {
                // A connection of the context's own again, made by EF Core when it is next needed.
                Database.SetDbConnection(null, contextOwnsConnection: true);
                Database.SetConnectionString(connectionString);
            }

        var connection = Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await Database.OpenConnectionAsync(cancellationToken);
        try
        {
            Pragma("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;");
            return await work(cancellationToken);
        }
        finally
        {
            Pragma("PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=1000;");
            if (opened) await Database.CloseConnectionAsync();
        }

        void Pragma(string sql)
        {
            using var command = Command(sql);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Puts this context on the writer's kept connection and returns its own connection string, or null when it must stay on
    /// its own connection. The context's connection, if open for its reads (<see cref="KeepConnectionOpenAsync"/>), is closed:
    /// EF Core changes a context's connection only while it is closed.
    /// </summary>
    private async Task<string?> OnWriterConnectionAsync()
    {
        if (Database.CurrentTransaction is not null || Database.GetConnectionString() is not { } connectionString) return null;
        var own = Database.GetDbConnection();
        if (own.State == System.Data.ConnectionState.Open)
        {
            await Database.CloseConnectionAsync();
            if (own.State == System.Data.ConnectionState.Open)
            {
                await Database.OpenConnectionAsync();   // opened by its user, not by EF Core: left as it was
                return null;
            }
        }
        var kept = SqliteWriter.KeptConnection(() => WriterConnection.Open((DbContextOptions<EgovDbContext>)this.GetService<IDbContextOptions>()));
        Database.SetDbConnection(kept.Connection, contextOwnsConnection: false);
        return connectionString;
    }

    /// <summary>
    /// Keeps the connection open until the context is disposed, for an operation that runs several statements. EF Core
    /// otherwise opens and closes it around each one, and on SQLite every opening registers EF's SQL functions anew.
    /// </summary>
    public async Task KeepConnectionOpenAsync(CancellationToken cancellationToken = default)
    {
        if (Database.GetDbConnection().State != System.Data.ConnectionState.Open) await Database.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// A plain command in the current transaction, for the few fixed statements on every write path (the dossier
    /// counter, the audit chain's tail): EF Core compiles a new delegate for such queries on each run, which costs more
    /// than the statement. Parameters are named @p0, @p1… in the order given.
    /// </summary>
    public System.Data.Common.DbCommand TransactionCommand(string sql, params object[] parameters)
    {
        if (Database.CurrentTransaction is null) throw new InvalidOperationException("A transaction command needs an open transaction.");
        return Command(sql, parameters);
    }

    /// <summary>
    /// A plain command for a fixed statement on a hot path, on the context's open connection and in its current
    /// transaction if any. Parameters are @p0, @p1… in the order given; dispose it after use.
    /// </summary>
    public System.Data.Common.DbCommand Command(string sql, params object?[] parameters)
    {
        var connection = Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) throw new InvalidOperationException("A plain command needs an open connection.");
        // On the writer's kept connection, the statement prepared in an earlier turn.
        var command = SqliteWriter.KeptOnThisThread(connection)?.Statement(sql) ?? connection.CreateCommand();
        if (command.CommandText != sql) command.CommandText = sql;
        command.Transaction = Database.CurrentTransaction is { } transaction
            ? Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(transaction)
            : null;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = parameters[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
