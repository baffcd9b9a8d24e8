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

    private readonly IReadOnlyDictionary<string, string?> _settings;

    private OneStopEnv(TestDatabase database, ManualClock clock, IReadOnlyDictionary<string, string?>? settings)
    {
        _database = database;
        Clock = clock;
        _settings = settings ?? new Dictionary<string, string?>();
        Services = BuildNode();
    }

    /// <summary>
    /// The host's services over this database with the test's clock and settings; another call is another node of the same
    /// deployment (background jobs only when <paramref name="withJobs"/>).
    /// </summary>
    public ServiceProvider BuildNode(bool withJobs = false)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_database.Settings).AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEgovCore(configuration);
        if (withJobs) services.AddEgovBackgroundJobs(configuration);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddCallerContext(_ => new SystemCaller("test"));
        services.AddDataProtection();
        return services.BuildServiceProvider();
    }

    public static async Task<OneStopEnv> StartAsync(DatabaseProvider provider, DateTimeOffset now, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var env = new OneStopEnv((await TestDatabase.CreateSeededAsync(provider)).db, new ManualClock(now), settings);
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
