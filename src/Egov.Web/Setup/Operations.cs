using System.Globalization;
using System.Threading.RateLimiting;
using Egov.Hosting;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Egov.Web.Setup;

public static class Operations
{
    public const string SignInLimit = "sign-in";
    public const string RegistrationLimit = "registration";
    public const string LookupLimit = "lookup";
    public const string FeedbackLimit = "feedback";
    public const string RateLimitedVi = "Bạn đã thử quá nhiều lần; hãy đợi một phút rồi thử lại.";

    /// <summary>
    /// Per-address limits on sign-in, registration, the public dossier look-up and feedback about procedures; over the limit gets 429 with Retry-After,
    /// as problem details for the API and as a short Vietnamese page for the portal's pages.
    /// </summary>
    public static IServiceCollection AddEgovRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var signIn = configuration.GetValue("Security:SignInPermitsPerMinute", 10);
        var register = configuration.GetValue("Security:RegistrationPermitsPerMinute", 5);
        var lookup = configuration.GetValue("Security:LookupPermitsPerMinute", 10);
        var feedback = configuration.GetValue("Security:FeedbackPermitsPerMinute", 5);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInLimit, http => Window(http, signIn));
            o.AddPolicy(RegistrationLimit, http => Window(http, register));
            // Only asking counts: opening the empty look-up page does not.
            o.AddPolicy(LookupLimit, http => IsLookUp(http.Request) ? Window(http, lookup, LookupLimit) : RateLimitPartition.GetNoLimiter(""));
            // Only sending counts: opening the feedback form does not.
            o.AddPolicy(FeedbackLimit, http => HttpMethods.IsPost(http.Request.Method) ? Window(http, feedback, FeedbackLimit) : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                if (!ctx.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    await WriteRateLimitedPageAsync(ctx.HttpContext, ct);
                    return;
                }
                await ctx.HttpContext.Response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = 429, Type = ProblemMapper.TypeBase + "rate-limit", Title = "Quá nhiều yêu cầu",
                    Detail = RateLimitedVi,
                }, options: null, contentType: "application/problem+json", cancellationToken: ct);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Window(HttpContext http, int permits, string? kind = null) =>
        RateLimitPartition.GetFixedWindowLimiter(kind + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static bool IsLookUp(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || HttpMethods.IsPost(request.Method) || request.Query.ContainsKey("code");

    /// <summary>The portal's pages over the limit: a plain page in the chosen language (the layout is not rendered for a refused request).</summary>
    private static async Task WriteRateLimitedPageAsync(HttpContext http, CancellationToken ct)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var vi = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "en";
        string T(string v, string e) => vi ? v : e;
        var (back, backText) = http.Request.Path.StartsWithSegments("/portal/lookup")
            ? ("/portal/lookup", T("Quay lại trang tra cứu", "Back to the look-up"))
            : ("/", T("Về trang chủ", "Back to the home page"));
        var title = T("Quá nhiều yêu cầu", "Too many requests");
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="{{(vi ? "vi" : "en")}}">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{title}}</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body><main id="main">
            <h1>{{title}}</h1>
            <div class="error-summary" role="alert"><p>{{T(RateLimitedVi, "Too many attempts; wait a minute and try again.")}}</p></div>
            <p>{{T("Giới hạn này bảo vệ thông tin của người nộp hồ sơ.", "This limit protects the applicants' information.")}} <a href="{{back}}">{{backText}}</a></p>
            </main></body>
            </html>
            """, ct);
    }

    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en")];

    public static RequestLocalizationOptions Localization() => new()
    {
        DefaultRequestCulture = new RequestCulture("vi-VN"),
        SupportedCultures = Cultures,
        SupportedUICultures = Cultures,
        // Only the visitor's explicit choice switches language: Vietnamese is the default whatever the browser says.
        RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()],
    };

    public sealed class DatabaseHealth(EgovDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy($"{db.Provider} reachable")
                : HealthCheckResult.Unhealthy($"{db.Provider} unreachable");
    }

    public static HealthCheckOptions HealthOptions => new()
    {
        ResponseWriter = async (http, report) =>
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
            });
        },
    };

    /// <summary>Migrates and seeds the demo province on start, printing the demo accounts once (to the console, not the logs).</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        await using var scope = app.Services.CreateScopeAs(new SystemCaller("startup"));
        var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
        // Nodes started together take turns: each seed below reads, then inserts what is missing, so two at once would
        // both insert and one would die on a unique key; each would also make its own first data-protection key.
        await using var turn = await StartupTurn.TakeAsync(db);
        if (database.MigrateOnStart) await EgovDatabase.MigrateAsync(db);
        await Egov.Calendar.Module.CalendarService.SeedAsync(db, TimeProvider.System);
        await Egov.OneStop.Escalation.EscalationRuleService.SeedDefaultsAsync(db, TimeProvider.System);
        // The first key, made in turn: a node that made its own would protect cookies and tokens that the others, which
        // read the key ring at start and then once a day, cannot read until then.
        app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector("Egov.Startup").Protect([0]);
        if (!app.Configuration.GetValue("Demo:SeedOnStart", true)) return;
        var file = app.Configuration["Demo:AccountsFile"] ?? "data/demo-accounts.txt";
        var seeded = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(file, new Progress<string>(Console.WriteLine));
        if (seeded.Count > 0)
        {
            Console.WriteLine(DemoSeeder.Format(seeded));
            Console.WriteLine($"(Đã ghi vào {Path.GetFullPath(file)})");
        }
        else if (File.Exists(file))
            Console.WriteLine($"Tài khoản dùng thử: xem {Path.GetFullPath(file)}");
    }
}

/// <summary>
/// The database-wide turn of a starting node (PostgreSQL: a session advisory lock held while the node migrates and
/// seeds; SQLite has one node, so nothing to take).
/// </summary>
internal sealed class StartupTurn : IAsyncDisposable
{
    // Any constant of its own (0x45474F5653545254, "EGOVSTRT"): every node takes the same lock.
    private const string Lock = "SELECT pg_advisory_lock(4992045944147300948)";
    private const string Unlock = "SELECT pg_advisory_unlock(4992045944147300948)";
    private readonly EgovDbContext? _db;

    private StartupTurn(EgovDbContext? db) => _db = db;

    public static async Task<StartupTurn> TakeAsync(EgovDbContext db)
    {
        if (db.Provider != DatabaseProvider.PostgreSql) return new StartupTurn(null);
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync(Lock);
        return new StartupTurn(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is null) return;
        // Unlocked at once rather than when the pooled connection is next reset; if the connection broke, its end released it.
        try { await _db.Database.ExecuteSqlRawAsync(Unlock); }
        catch (System.Data.Common.DbException) { }
        await _db.Database.CloseConnectionAsync();
    }
}

