using Egov.Directory.Agencies;
using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop.Tests;

/// <summary>A seeded database with the host's services and a clock the test sets.</summary>
internal sealed class OneStopEnv : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly List<AsyncServiceScope> _scopes = [];
    public ServiceProvider Services { get; }
    public ManualClock Clock { get; }
    public const string CommuneCode = "000.01.40.H56";
    public AgencyView Commune { get; private set; } = null!;
    public AgencyView OtherCommune { get; private set; } = null!;

    private OneStopEnv(TestDatabase database, ManualClock clock)
    {
        _database = database;
        Clock = clock;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEgovCore(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddCallerContext(_ => new SystemCaller("test"));
        services.AddDataProtection();
        Services = services.BuildServiceProvider();
    }

    public static async Task<OneStopEnv> StartAsync(DatabaseProvider provider, DateTimeOffset now)
    {
        var env = new OneStopEnv((await TestDatabase.CreateSeededAsync(provider)).db, new ManualClock(now));
        var agencies = env.Scope().ServiceProvider.GetRequiredService<AgencyService>();
        env.Commune = (await agencies.FindByCodeAsync(CommuneCode))!;
        var communes = await agencies.ListAsync(new AgencyQuery(Kind: env.Commune.Kind, PageSize: 5));
        env.OtherCommune = communes.Items.First(a => a.Code != CommuneCode);
        return env;
    }

    public AsyncServiceScope Scope(ICallerContext? caller = null)
    {
        var scope = Services.CreateScopeAs(caller ?? new SystemCaller("test"));
        _scopes.Add(scope);
        return scope;
    }

    public DossierService As(string role, AgencyView agency) =>
        new Wrapper(this, new GrantedCaller(new CallerGrant(role, agency.Id, agency.Path))).Service;

    private sealed class Wrapper(OneStopEnv env, ICallerContext caller)
    {
        public DossierService Service { get; } = env.Scope(caller).ServiceProvider.GetRequiredService<DossierService>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _scopes) await s.DisposeAsync();
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }
}

internal static class OneStopEnvExtensions
{
    public static async Task<AgencyView> AgencyAsync(this OneStopEnv env, string code) =>
        (await env.Scope().ServiceProvider.GetRequiredService<AgencyService>().FindByCodeAsync(code))!;

    public static DossierService AsCaller(this OneStopEnv env, ICallerContext caller) =>
        env.Scope(caller).ServiceProvider.GetRequiredService<DossierService>();

    public static DossierService AsSystem(this OneStopEnv env) => env.AsCaller(new SystemCaller("test"));
}
