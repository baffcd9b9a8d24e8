namespace Egov.Platform.Access;

/// <summary>The roles of DOMAIN/SPEC. Every role except citizen and system admin is held in an agency and reaches its sub-tree.</summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string Business = "business";
    public const string OneStopOfficer = "onestop-officer";
    public const string Specialist = "specialist";
    public const string Leader = "leader";
    public const string Clerk = "clerk";
    public const string AgencyAdmin = "agency-admin";
    public const string SystemAdmin = "system-admin";

    public static readonly IReadOnlyList<RoleInfo> All =
    [
        new(Citizen, "Công dân", "Citizen", false),
        new(Business, "Doanh nghiệp", "Business", false),
        new(OneStopOfficer, "Cán bộ một cửa", "One-stop officer", true),
        new(Specialist, "Chuyên viên", "Specialist", true),
        new(Leader, "Lãnh đạo", "Leader", true),
        new(Clerk, "Văn thư", "Clerk", true),
        new(AgencyAdmin, "Quản trị đơn vị", "Agency administrator", true),
        new(SystemAdmin, "Quản trị hệ thống", "System administrator", true),
    ];

    public static readonly IReadOnlySet<string> OfficialRoles =
        All.Where(r => r.IsOfficial).Select(r => r.Code).ToHashSet();

    /// <summary>Administrators must sign in with a second factor.</summary>
    public static bool RequiresTwoFactor(string role) => role is AgencyAdmin or SystemAdmin;

    public static RoleInfo? Find(string? code) => All.FirstOrDefault(r => r.Code == code);
}

public sealed record RoleInfo(string Code, string NameVi, string NameEn, bool IsOfficial);
