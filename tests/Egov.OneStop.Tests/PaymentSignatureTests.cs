using System.Text;
using Egov.OneStop.Payments;

namespace Egov.OneStop.Tests;

/// <summary>The notification's signature covers the timestamp and every byte of the body; the sandbox's secret counts only while it is on.</summary>
public class PaymentSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef-secret");
    private static readonly byte[] Body = """{"reference":"000.01.40.H56-261124-0001","amount":8000,"transactionId":"FT1"}"""u8.ToArray();

    [Fact]
    public void A_signature_verifies_only_for_the_same_secret_timestamp_and_body()
    {
        var sig = PaymentSignature.Sign(Secret, "1795000000", Body);
        Assert.Matches("^sha256=[0-9a-f]{64}$", sig);
        Assert.True(PaymentSignature.Verify(Secret, "1795000000", Body, sig));
        Assert.True(PaymentSignature.Verify(Secret, "1795000000", Body, sig[7..].ToUpperInvariant()));   // prefix optional, hex in any case
        Assert.False(PaymentSignature.Verify(Secret, "1795000001", Body, sig));
        var tampered = (byte[])Body.Clone();
        tampered[^3] ^= 1;
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", tampered, sig));
        Assert.False(PaymentSignature.Verify(Encoding.UTF8.GetBytes("another-secret-0123456"), "1795000000", Body, sig));
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", Body, null));
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", Body, "sha256=zz"));
        Assert.False(PaymentSignature.Verify(Secret, "1795000000", Body, sig[..^1]));
    }

    [Fact]
    public void The_sandbox_secret_counts_only_while_the_sandbox_is_on_and_short_secrets_never()
    {
        var options = new PaymentOptions();
        options.Providers["sandbox"] = new PaymentProviderOptions { Secret = "dev-only-sandbox-secret" };
        options.Providers["napas"] = new PaymentProviderOptions { Secret = "short" };
        options.Providers["bank"] = new PaymentProviderOptions { Secret = "a-long-enough-bank-secret" };
        Assert.Null(options.SecretOf("sandbox"));
        options.Sandbox.Enabled = true;
        Assert.NotNull(options.SecretOf("sandbox"));
        Assert.Null(options.SecretOf("napas"));
        Assert.NotNull(options.SecretOf("bank"));
        Assert.Null(options.SecretOf("nobody"));
    }
}

/// <summary>
/// Refusals before any data is read are logged (reason, provider, no body) and audited under the gateway's actor.
/// The web tests check the refusals' audit entries on both databases; the log is checked here because the test hosts of
/// one process share Serilog's static logger.
/// </summary>
public class PaymentRefusalLogTests
{
    private sealed class Recorder : Microsoft.Extensions.Logging.ILogger<PaymentNotificationHandler>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Add($"{logLevel}: {formatter(state, exception)}");
    }

    private sealed class Trail(List<string> entries, Egov.Platform.Access.ICallerContext caller) : Egov.Platform.Access.IAuditTrail
    {
        public Task RecordReadAsync(string entityType, string entityId, string what, CancellationToken ct = default) => Task.CompletedTask;
        public Task RecordEventAsync(string action, string entityType, string entityId, string? details, CancellationToken ct = default)
        {
            entries.Add($"{caller.Actor} {action} {entityType} {entityId} {details}");
            return Task.CompletedTask;
        }
        public Task<int> CountEventsAsync(string action, string entityType, string entityId, DateTime sinceUtc, CancellationToken ct = default) =>
            Task.FromResult(entries.Count(e => e.Contains($" {action} {entityType} {entityId}")));
    }

    [Fact]
    public async Task Forged_notifications_are_logged_and_audited_without_their_body()
    {
        var audit = new List<string>();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Egov.Platform.Access.CallerRegistration.AddCallerContext(services, _ => new Egov.Platform.Access.SystemCaller("test"));
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped<Egov.Platform.Access.IAuditTrail>(services,
            sp => new Trail(audit, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Egov.Platform.Access.ICallerContext>(sp)));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var options = new PaymentOptions();
        options.Providers["bank"] = new PaymentProviderOptions { Secret = "a-long-enough-bank-secret" };
        var log = new Recorder();
        var clock = new Egov.Testing.ManualClock(DateTimeOffset.Parse("2026-11-24T05:00:00Z"));
        var handler = new PaymentNotificationHandler(provider, options, clock, log);
        var body = Encoding.UTF8.GetBytes("""{"reference":"000.01.40.H56-261124-0001","amount":8000,"transactionId":"FT9","payer":"Nguyễn Thị An"}""");
        var ts = PaymentSignature.Timestamp(clock.GetUtcNow());

        var forged = await handler.HandleAsync("bank", ts, PaymentSignature.Sign(Encoding.UTF8.GetBytes("not-the-bank-secret-123"), ts, body), body);
        Assert.Equal((401, "badSignature"), (forged.Status, forged.Code));
        var stale = PaymentSignature.Timestamp(clock.GetUtcNow().AddMinutes(-6));
        Assert.Equal("staleTimestamp", (await handler.HandleAsync("bank", stale, PaymentSignature.Sign(Encoding.UTF8.GetBytes("a-long-enough-bank-secret"), stale, body), body)).Code);
        Assert.Equal("unknownProvider", (await handler.HandleAsync("Evil Bank", ts, "sha256=00", body)).Code);

        Assert.Equal(3, log.Lines.Count);
        Assert.All(log.Lines, l => Assert.StartsWith("Warning: Payment notification refused", l));
        Assert.Contains(log.Lines, l => l.Contains("badSignature") && l.Contains("bank"));
        Assert.DoesNotContain(log.Lines, l => l.Contains("Nguyễn") || l.Contains("8000"));
        Assert.Equal(3, audit.Count);
        Assert.StartsWith("payment:bank payment.refused PaymentNotification bank:- badSignature", audit[0]);
        Assert.StartsWith("payment:unknown payment.refused PaymentNotification unknown:- unknownProvider", audit[2]);
        Assert.DoesNotContain(audit, a => a.Contains("Nguyễn"));
    }
}
