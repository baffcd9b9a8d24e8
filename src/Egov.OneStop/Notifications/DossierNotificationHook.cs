using Egov.Platform.Data;
using Egov.Platform.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Notifications;

/// <summary>
/// Queues the applicant's messages inside the transaction of the dossier change that calls for them: an event appended to a
/// dossier that an account follows (online applicants) becomes an outbox row per channel the account consented to; one received
/// at the counter from someone who agreed there (<see cref="Dossier.NotifyApplicant"/>) a row per address given; else nothing.
/// The dedupe key is the dossier and the event's sequence, so a save that runs again cannot queue twice.
/// </summary>
public sealed class DossierNotificationHook(Outbox outbox, NotificationsOptions options) : ISaveChangesHook
{
    public async Task BeforeSaveAsync(EgovDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<DossierEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0) return;
        foreach (var e in added)
        {
            var dossier = db.ChangeTracker.Entries<Dossier>().Select(x => x.Entity).FirstOrDefault(d => d.Id == e.DossierId);
            if (dossier is null || (dossier.ApplicantUserId is null && !dossier.NotifyApplicant) || DossierMessages.KindOf(e, dossier) is not { } kind) continue;
            var reason = kind is DossierMessageKind.Supplement or DossierMessageKind.Refused or DossierMessageKind.Delayed ? e.Comment : null;
            var content = DossierMessages.Compose(kind, dossier, reason, options.PortalUrl ?? "");
            var key = $"dossier:{dossier.Id}:{e.Sequence}";
            if (dossier.ApplicantUserId is { } userId) await outbox.StageAsync(db, userId, key, content, ct);
            else await outbox.StageToAsync(db, dossier.ApplicantEmail, dossier.ApplicantPhone, key, content, ct);
        }
    }
}
