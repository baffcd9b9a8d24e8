using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Egov.Platform.Messaging;

/// <summary>When to try again after a failed attempt: 30 s, 1, 2, 4, 8 … minutes, at most an hour apart.</summary>
public static class RetrySchedule
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(30), Longest = TimeSpan.FromHours(1);

    /// <param name="attempts">Attempts made so far (1 after the first failure).</param>
    public static TimeSpan After(int attempts) =>
        TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}

/// <summary>
/// Delivers the outbox. A recurring job, so <see cref="RecurringJobsHost"/> runs it on the one node holding its lease in
/// <c>plat_job_leases</c>; each message is moreover claimed with one conditional update before it is sent, so that even a node
/// that lost the lease mid-run (or a second sender) never sends a message another one has. The retry schedule lives in the
/// rows (<see cref="OutboundMessage.NextAttemptAt"/>), not in memory: it survives restarts and does not hold the lease while
/// waiting. A node that dies between sending and recording lets its claim expire, and the message goes again: at least once.
/// </summary>
public sealed class OutboxSender(NotificationsOptions options, TimeProvider clock, ILogger<OutboxSender> log) : IRecurringJob
{
    public const string JobName = "platform.outbox";
    /// <summary>Longer than any send (SMTP timeout 30 s by default): a claim outlives the attempt it covers.</summary>
    public static readonly TimeSpan ClaimLength = TimeSpan.FromMinutes(5);

    public string Name => JobName;
    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, options.SendIntervalSeconds));
    /// <summary>Who claims the rows: this sender instance (one per node).</summary>
    public string SenderId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public async Task RunAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var db = scoped.GetRequiredService<EgovDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<OutboundMessage>().AsNoTracking()
            .Where(m => m.Status == MessageStatus.Pending && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .OrderBy(m => m.NextAttemptAt).Take(Math.Max(1, options.BatchSize)).ToListAsync(ct);
        foreach (var message in due)
        {
            ct.ThrowIfCancellationRequested();
            if (await ClaimAsync(db, message.Id, ct)) await DeliverAsync(scoped, db, message, ct);
        }
    }

    /// <summary>One statement: the row is ours when it is still pending and nobody's claim is running.</summary>
    private async Task<bool> ClaimAsync(EgovDbContext db, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + ClaimLength;
        return await db.Set<OutboundMessage>()
            .Where(m => m.Id == id && m.Status == MessageStatus.Pending && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, SenderId).SetProperty(m => m.ClaimedUntil, until), ct) == 1;
    }

    private async Task DeliverAsync(IServiceProvider scoped, EgovDbContext db, OutboundMessage m, CancellationToken ct)
    {
        var attempts = m.Attempts + 1;
        try
        {
            if (m.Channel == MessageChannel.Email)
                await scoped.GetRequiredService<IEmailSender>().SendAsync(m.Recipient, m.Subject, m.MessageBody, ct);
            else
                await scoped.GetRequiredService<ISmsSender>().SendAsync(m.Recipient, m.MessageBody, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;   // the claim expires and the message is tried again
        }
        catch (Exception e)
        {
            var permanent = SmtpEmailSender.IsPermanent(e) || attempts >= options.MaxAttempts;
            var error = SmtpEmailSender.Describe(e);
            var next = clock.GetUtcNow().UtcDateTime + RetrySchedule.After(attempts);
            await Mine(db, m.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, permanent ? MessageStatus.Failed : MessageStatus.Pending)
                .SetProperty(x => x.Attempts, attempts)
                .SetProperty(x => x.NextAttemptAt, next)
                .SetProperty(x => x.LastError, error.Length > 300 ? error[..300] : error)
                .SetProperty(x => x.ClaimedBy, (string?)null)
                .SetProperty(x => x.ClaimedUntil, (DateTime?)null), CancellationToken.None);
            // The message's id, channel and kind only: never its recipient or text.
            log.LogWarning("Outbound message {MessageId} ({Channel}, {Kind}) failed, attempt {Attempt}: {Error}; {Outcome}",
                m.Id, m.Channel, m.Kind, attempts, error, permanent ? "given up" : "will retry");
            return;
        }
        var sentAt = clock.GetUtcNow().UtcDateTime;
        await Mine(db, m.Id).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, MessageStatus.Sent)
            .SetProperty(x => x.Attempts, attempts)
            .SetProperty(x => x.SentAt, sentAt)
            .SetProperty(x => x.LastError, (string?)null)
            .SetProperty(x => x.ClaimedBy, (string?)null)
            .SetProperty(x => x.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        log.LogInformation("Outbound message {MessageId} ({Channel}, {Kind}) sent", m.Id, m.Channel, m.Kind);
    }

    private IQueryable<OutboundMessage> Mine(EgovDbContext db, Guid id) =>
        db.Set<OutboundMessage>().Where(x => x.Id == id && x.ClaimedBy == SenderId);
}
