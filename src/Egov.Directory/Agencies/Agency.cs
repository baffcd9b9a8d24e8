namespace Egov.Directory.Agencies;

public enum AgencyKind
{
    /// <summary>UBND tỉnh.</summary>
    ProvincialCommittee,
    /// <summary>Văn phòng UBND.</summary>
    Office,
    /// <summary>Sở, ban, ngành.</summary>
    Department,
    /// <summary>Trung tâm phục vụ hành chính công.</summary>
    ServiceCentre,
    /// <summary>UBND xã / phường / đặc khu.</summary>
    CommuneCommittee,
    Other,
}

public sealed class Agency
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? ShortName { get; set; }
    public AgencyKind Kind { get; set; }
    public Guid? ParentId { get; set; }
    public Agency? Parent { get; set; }
    /// <summary>Materialised path "/{rootId}/…/{id}/": a sub-tree is every agency whose path starts with this one's.</summary>
    public string Path { get; set; } = "/";
    public int Depth { get; set; }
    /// <summary>Code of the administrative unit the agency governs (5-digit commune or 2-digit province code), if any.</summary>
    public string? UnitCode { get; set; }
    /// <summary>
    /// The sector a department serves ("justice", "construction"…), the key that procedures use to name the agency
    /// acting at a step ("department:justice"); also "service-centre" and "office".
    /// </summary>
    public string? Sector { get; set; }
    public string? Address { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    /// <summary>The official code was not known: this one was generated in the standard format for the demo.</summary>
    public bool IsDemoData { get; set; }
    public bool IsActive { get; set; } = true;
    public string SearchName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public static string ChildPath(string parentPath, Guid id) => $"{parentPath}{id:N}/";
}

public static class AgencyKinds
{
    public static string NameVi(AgencyKind kind) => kind switch
    {
        AgencyKind.ProvincialCommittee => "UBND tỉnh",
        AgencyKind.Office => "Văn phòng",
        AgencyKind.Department => "Sở, ban, ngành",
        AgencyKind.ServiceCentre => "Trung tâm phục vụ hành chính công",
        AgencyKind.CommuneCommittee => "UBND xã, phường",
        _ => "Cơ quan khác",
    };

    public static string NameEn(AgencyKind kind) => kind switch
    {
        AgencyKind.ProvincialCommittee => "Provincial People's Committee",
        AgencyKind.Office => "Office",
        AgencyKind.Department => "Department",
        AgencyKind.ServiceCentre => "Public-administration service centre",
        AgencyKind.CommuneCommittee => "Commune People's Committee",
        _ => "Other body",
    };
}
