namespace Egov.Platform.Data;

/// <summary>
/// Reference data loaded in bulk (administrative units): each save is audited as one summary entry
/// (how many rows of which type were added, changed or removed) instead of one entry per row.
/// </summary>
public interface IAuditedInBulk;

/// <summary>
/// A row that is part of a larger record (a dossier's history, checklist, files, parties): its changes are written
/// into that record's audit entry, so that one reception or one action is one entry of the chain instead of one per row.
/// Implement the members explicitly so that they are not mapped as columns.
/// </summary>
public interface IAuditedAsPartOf
{
    /// <summary>The entity type name of the whole, as the audit trail names it (e.g. "Dossier").</summary>
    string AuditedWholeType { get; }
    /// <summary>The whole's key as the audit trail writes it.</summary>
    string AuditedWholeId { get; }
}
