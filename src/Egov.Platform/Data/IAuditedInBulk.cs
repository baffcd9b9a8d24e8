namespace Egov.Platform.Data;

/// <summary>
/// Reference data loaded in bulk (administrative units): each save is audited as one summary entry
/// (how many rows of which type were added, changed or removed) instead of one entry per row.
/// </summary>
public interface IAuditedInBulk;
