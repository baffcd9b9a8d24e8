using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Messaging;

public enum MessageChannel { Email, Sms }

/// <summary>Pending until sent; Failed once the attempts are spent or the failure cannot pass by retrying.</summary>
public enum MessageStatus { Pending, Sent, Failed }

/// <summary>
/// A message to one person, queued in the same transaction as the change it tells about (the outbox) and delivered by
/// <see cref="OutboxSender"/>. <see cref="DedupeKey"/> is unique: the same step never queues twice. A sender claims a row
/// (<see cref="ClaimedBy"/> until <see cref="ClaimedUntil"/>) with one conditional update before sending it, so two nodes
/// never send the same message; the recipient and the text are personal data, never logged.
/// </summary>
public sealed class OutboundMessage
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public MessageChannel Channel { get; set; }
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string MessageBody { get; set; } = "";
    /// <summary>What the message is about, for operators: "dossier.received", "dossier.supplement"…</summary>
    public string Kind { get; set; } = "";
    public string DedupeKey { get; set; } = "";
    public MessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Why the last attempt failed: the exception type and a status code, never the server's text (it may name the address).</summary>
    public string? LastError { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>What the development SMS sink "sent": read at /dev/sms in Development.</summary>
public sealed class DevSmsMessage
{
    public Guid Id { get; set; }
    public string To { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTime SentAt { get; set; }
}

internal static class MessagingModel
{
    public const string OutboxTable = "plat_outbound_messages";

    public static void Build(ModelBuilder model)
    {
        model.Entity<ContactPreference>(e =>
        {
            e.ToTable("plat_contact_preferences");
            e.HasKey(x => x.UserId);
            e.Property(x => x.NotifyEmail).HasMaxLength(254);
            e.Property(x => x.NotifyPhone).HasMaxLength(20);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        model.Entity<OutboundMessage>(e =>
        {
            e.ToTable(OutboxTable);
            e.HasKey(x => x.Id);
            e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Recipient).HasMaxLength(254);
            e.Property(x => x.Subject).HasMaxLength(300);
            e.Property(x => x.MessageBody).HasMaxLength(4000);
            e.Property(x => x.Kind).HasMaxLength(60);
            e.Property(x => x.DedupeKey).HasMaxLength(200);
            e.HasIndex(x => x.DedupeKey).IsUnique();
            e.Property(x => x.LastError).HasMaxLength(300);
            e.Property(x => x.ClaimedBy).HasMaxLength(200);
            // The sender's scan: the pending ones that are due.
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => new { x.UserId, x.CreatedAt });
        });
        model.Entity<DevSmsMessage>(e =>
        {
            e.ToTable("plat_dev_sms");
            e.HasKey(x => x.Id);
            e.Property(x => x.To).HasMaxLength(20);
            e.Property(x => x.Text).HasMaxLength(1000);
            e.HasIndex(x => x.SentAt);
        });
    }
}
