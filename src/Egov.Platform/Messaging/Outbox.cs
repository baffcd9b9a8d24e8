using System.Globalization;
using System.Text;
using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Messaging;

/// <summary>One message about one step, in both forms: the e-mail (subject and body) and the short SMS text.</summary>
public sealed record MessageContent(string Kind, string Subject, string EmailBody, string SmsText);

/// <summary>
/// Queues messages to an account by the channels it consented to, in the caller's unit of work: saved with the change it tells
/// about (a save hook calls it inside that transaction), or not at all. Without consent nothing is queued.
/// </summary>
public sealed class Outbox(TimeProvider clock, NotificationsOptions options)
{
    /// <summary>Adds a row per consented channel unless one with its key exists; returns how many were queued.</summary>
    public async Task<int> StageAsync(EgovDbContext db, Guid userId, string dedupeKey, MessageContent content, CancellationToken ct)
    {
        var consent = await db.Set<ContactPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, ct);
        if (consent is null) return 0;
        return await QueueAsync(db, userId, consent.EmailEnabled ? consent.NotifyEmail : null, consent.SmsEnabled ? consent.NotifyPhone : null,
            dedupeKey, content, ct);
    }

    /// <summary>
    /// For someone without an account who consented in person (an applicant at the counter): a row per address given.
    /// The message carries no account (<see cref="Guid.Empty"/>); the consent is the dossier's own.
    /// </summary>
    public Task<int> StageToAsync(EgovDbContext db, string? email, string? phone, string dedupeKey, MessageContent content, CancellationToken ct) =>
        QueueAsync(db, Guid.Empty, email, phone, dedupeKey, content, ct);

    /// <summary>A row per address given (SMS only while a provider is configured), each once per dedupe key.</summary>
    private async Task<int> QueueAsync(EgovDbContext db, Guid userId, string? email, string? phone, string dedupeKey, MessageContent content, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = 0;
        if (email is { Length: > 0 })
            queued += await AddOnceAsync(db, New(userId, MessageChannel.Email, email, content.Subject, content.EmailBody, content.Kind, dedupeKey + ":email", now), ct);
        if (phone is { Length: > 0 } && options.SmsAvailable)
            queued += await AddOnceAsync(db, New(userId, MessageChannel.Sms, phone, "", SmsText(content.SmsText), content.Kind, dedupeKey + ":sms", now), ct);
        return queued;
    }

    private static OutboundMessage New(Guid userId, MessageChannel channel, string to, string subject, string body, string kind, string key, DateTime now) => new()
    {
        Id = Ids.New(), UserId = userId, Channel = channel, Recipient = to, Subject = Cut(subject, 300), MessageBody = Cut(body, 4000),
        Kind = kind, DedupeKey = Cut(key, 200), Status = MessageStatus.Pending, CreatedAt = now, NextAttemptAt = now,
    };

    private static async Task<int> AddOnceAsync(EgovDbContext db, OutboundMessage message, CancellationToken ct)
    {
        if (db.ChangeTracker.Entries<OutboundMessage>().Any(e => e.Entity.DedupeKey == message.DedupeKey)) return 0;
        if (await db.Set<OutboundMessage>().AnyAsync(m => m.DedupeKey == message.DedupeKey, ct)) return 0;
        db.Add(message);
        return 1;
    }

    /// <summary>
    /// SMS go without diacritics, as Vietnamese SMS gateways send them: with them a message is UCS-2 and one SMS holds 70
    /// characters instead of 160.
    /// </summary>
    public static string SmsText(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
        }
        return Cut(sb.ToString().Normalize(NormalizationForm.FormC), 480);
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
