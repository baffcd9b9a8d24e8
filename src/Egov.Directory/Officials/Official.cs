using Egov.Directory.Agencies;
using Egov.Directory.Catalogues;

namespace Egov.Directory.Officials;

/// <summary>Cán bộ, công chức: a person working in an agency. Phone and e-mail are personal data (reads are audited).</summary>
public sealed class Official
{
    public Guid Id { get; set; }
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public string FullName { get; set; } = "";
    public Guid? PositionId { get; set; }
    public Position? Position { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public bool IsActive { get; set; } = true;
    public string SearchName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}
