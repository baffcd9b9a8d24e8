namespace Egov.Directory.Units;

/// <summary>
/// An administrative unit of one structure ("scheme"): "2026" is the two-tier structure in force since
/// 1 July 2025 (province → commune), "pre2025" the three-tier one (province → district → commune).
/// Codes are the statistics office's: province 2 digits, district 3, commune 5.
/// </summary>
public sealed class AdministrativeUnit : Egov.Platform.Data.IAuditedInBulk
{
    public Guid Id { get; set; }
    public string Scheme { get; set; } = UnitSchemes.TwoTier2026;
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string FullName { get; set; } = "";
    public string? NameEn { get; set; }
    public UnitLevel Level { get; set; }
    /// <summary>Tỉnh, Thành phố, Quận, Huyện, Xã, Phường, Đặc khu…</summary>
    public string? UnitType { get; set; }
    public string? ParentCode { get; set; }
    public string SearchName { get; set; } = "";
    public bool IsActive { get; set; } = true;
}

public enum UnitLevel { Province = 1, District = 2, Commune = 3 }

public static class UnitSchemes
{
    public const string TwoTier2026 = "2026";
    public const string ThreeTierPre2025 = "pre2025";
    public static readonly IReadOnlyList<string> All = [TwoTier2026, ThreeTierPre2025];
}
