using Egov.Hosting;
using Microsoft.AspNetCore.Identity;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Web.Api;
using Egov.Web.Components;
using Egov.Web.Setup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Prometheus;
using Serilog;
using Serilog.Formatting.Compact;

// Configuration and assets live beside the binaries; relative data paths (data/egov.db) are relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

// Structured JSON logs. Request logging records method, path and status only: never bodies, query strings or user data.
// The host's own logger, not the process-wide static one: several hosts in one process (the tests) each keep their lines.
var serilog = new Serilog.LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext()
    .WriteTo.Sink(new BufferedConsole(new CompactJsonFormatter()));
if (builder.Configuration["Logging:File"] is { Length: > 0 } logFile) serilog.WriteTo.File(new CompactJsonFormatter(), logFile, shared: true);
var hostLogger = serilog.CreateLogger();
builder.Host.UseSerilog(hostLogger, dispose: true);

builder.Services.AddEgovCore(builder.Configuration);
builder.Services.AddEgovBackgroundJobs(builder.Configuration);
// Pages are UTF-8: write Vietnamese letters as they are instead of numeric character references.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
// Malformed JSON and wrong types become problem details naming the field (ProblemMapper), in every environment.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddHttpContextAccessor();
builder.Services.AddCallerContext(sp => new HttpCaller(sp.GetRequiredService<IHttpContextAccessor>()));
new IdentityBuilder(typeof(Egov.Identity.EgovUser), builder.Services).AddSignInManager();
builder.Services.AddEgovAuthentication(builder.Configuration);
builder.Services.AddDataProtection().SetApplicationName("Egov").PersistKeysToDbContext<EgovDbContext>();
builder.Services.AddEgovRateLimits(builder.Configuration);
builder.Services.AddPaymentRateLimit(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemMapper>();
builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Egov API";
    doc.Info.Description = "REST API of the Egov e-government platform. Errors are RFC 9457 problem details.";
    return Task.CompletedTask;
}));
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddHealthChecks().AddCheck<Operations.DatabaseHealth>("database");
builder.Services.AddRazorComponents();
builder.Services.AddPageCompression();
builder.Services.AddPortalPageCache();
builder.Services.AddAntiforgery(o => o.Cookie.Name = "egov.af");
builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

// /metrics publishes the runtime's meters (GC, JIT, thread pool) and ours. ASP.NET Core's, Kestrel's, HttpClient's and EF
// Core's record on every request or query, at a cost felt under load, and UseHttpMetrics counts requests already.
Metrics.ConfigureMeterAdapter(o => o.InstrumentFilterPredicate = i => i.Meter.Name == "System.Runtime" || i.Meter.Name.StartsWith("Egov", StringComparison.Ordinal));

var app = builder.Build();

if (app.Services.GetRequiredService<Egov.OneStop.Payments.PaymentOptions>().Sandbox.Enabled && !app.Environment.IsDevelopment())
    app.Logger.LogWarning("Payments:Sandbox:Enabled is on: anyone who can see a dossier's payment can mark its fee paid through the sandbox bank. Turn it off outside a demo.");

await app.PrepareDatabaseAsync();

app.UseForwardedHeaders();
app.UseResponseCompression();
app.UseExceptionHandler("/error");
app.UseStatusCodePages();
app.UseApiRequestChecks();
if (!app.Environment.IsDevelopment()) app.UseHsts(); // only sent on HTTPS responses
app.UseSecurityHeaders();
app.UseRequestLocalization(Operations.Localization());
app.UseSerilogRequestLogging(o =>
{
    o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
    o.Logger = hostLogger;
});
app.UseHttpMetrics();
app.MapStaticAssets();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();
app.UseTwoFactorEnrolment();
// After sign-in and the language are known: signed-in visitors are never served a cached page.
app.UseOutputCache();

app.MapOpenApi("/api/v1/openapi.json");
app.MapHealthChecks("/health", Operations.HealthOptions);
app.MapMetrics("/metrics");
app.MapEgovApi();
app.MapCalendarApi();
app.MapProceduresApi();
app.MapDossierApi();
app.MapDraftApi();
app.MapLookupApi();
app.MapRegisterFiles();
app.MapAccountEndpoints();
app.MapPaymentApi();
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point type, visible to the tests' host factory.</summary>
public partial class Program;
