namespace Egov.Audit;

/// <summary>
/// One link of the append-only audit chain. <see cref="Hash"/> = SHA-256 over the entry's fields and the
/// previous entry's hash, so changing, removing or re-ordering any entry breaks every hash after it.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Gapless sequence number, assigned under the chain lock.</summary>
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    /// <summary>User id, API client id or "cli:…"; never a name or an e-mail.</summary>
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    /// <summary>JSON of changed values (create/update/delete) or a short description (read).</summary>
    public string? Details { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

public static class AuditActions
{
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string Read = "read";
    public const string Bulk = "bulk";
    public const string SignIn = "sign-in";
}
