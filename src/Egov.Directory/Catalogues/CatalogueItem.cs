namespace Egov.Directory.Catalogues;

/// <summary>A province-wide list of coded names, edited by system administrators (positions, procedure fields…).</summary>
public abstract class CatalogueItem
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string SearchName { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Chức vụ: Chủ tịch, Giám đốc, Chuyên viên…</summary>
public sealed class Position : CatalogueItem;

/// <summary>Lĩnh vực thủ tục hành chính: Hộ tịch, Chứng thực, Đất đai…</summary>
public sealed class ProcedureField : CatalogueItem;

public sealed record CatalogueKind(string Slug, string NameVi, string NameEn, Type ItemType)
{
    public static readonly CatalogueKind Positions = new("positions", "Chức vụ", "Positions", typeof(Position));
    public static readonly CatalogueKind ProcedureFields = new("procedure-fields", "Lĩnh vực thủ tục", "Procedure fields", typeof(ProcedureField));
    public static readonly IReadOnlyList<CatalogueKind> All = [Positions, ProcedureFields];
    public static CatalogueKind? Find(string slug) => All.FirstOrDefault(k => k.Slug == slug);
}
