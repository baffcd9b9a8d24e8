namespace Egov.Platform.Access;

/// <summary>
/// Entries that the audit module appends to its hash chain besides the automatic record of every change:
/// reads of personal data and security events (sign-in, lockout, two-factor enrolment).
/// </summary>
public interface IAuditTrail
{
    Task RecordReadAsync(string entityType, string entityId, string what, CancellationToken ct = default);
    Task RecordEventAsync(string action, string entityType, string entityId, string? details, CancellationToken ct = default);

    /// <summary>How many <paramref name="action"/> events one entity had since a moment (e.g. refused look-ups of a dossier).</summary>
    Task<int> CountEventsAsync(string action, string entityType, string entityId, DateTime sinceUtc, CancellationToken ct = default);
}
