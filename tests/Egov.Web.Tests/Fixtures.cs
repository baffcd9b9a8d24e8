using Egov.Platform.Data;

namespace Egov.Web.Tests;

public abstract class HostFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public EgovHost Host { get; private set; } = null!;
    public async Task InitializeAsync() => Host = await EgovHost.StartAsync(provider);
    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteHost() : HostFixture(DatabaseProvider.Sqlite);
public sealed class PostgresHost() : HostFixture(DatabaseProvider.PostgreSql);
