using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Notifications;

/// <summary>
/// An in-app notice for officials, addressed either to one user or to a role in one agency (every holder of
/// that role there sees it, and one of them marking it read marks it read for all: it is the role's inbox).
/// <see cref="DedupeKey"/> is unique, so a notice produced twice (two nodes, a repeated job run) exists once.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid? RecipientUserId { get; set; }
    public string? RecipientRole { get; set; }
    /// <summary>Materialised path of the agency whose <see cref="RecipientRole"/> holders receive the notice (exact match).</summary>
    public string? RecipientAgencyPath { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public string DedupeKey { get; set; } = "";
}

internal static class NotificationsModel
{
    public static void Build(ModelBuilder model) => model.Entity<Notification>(e =>
    {
        e.ToTable("plat_notifications");
        e.HasKey(x => x.Id);
        e.Property(x => x.RecipientRole).HasMaxLength(40);
        e.Property(x => x.RecipientAgencyPath).HasMaxLength(400);
        e.Property(x => x.Title).HasMaxLength(NotificationService.TitleMaxLength).IsRequired();
        e.Property(x => x.Body).HasMaxLength(NotificationService.BodyMaxLength).IsRequired();
        e.Property(x => x.Link).HasMaxLength(400);
        e.Property(x => x.DedupeKey).HasMaxLength(NotificationService.KeyMaxLength).IsRequired();
        e.HasIndex(x => x.DedupeKey).IsUnique();
        e.HasIndex(x => new { x.RecipientUserId, x.CreatedAt });
        e.HasIndex(x => new { x.RecipientRole, x.RecipientAgencyPath, x.CreatedAt });
    });
}
