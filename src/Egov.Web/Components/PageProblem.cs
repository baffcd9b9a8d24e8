using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.Web.Components;

/// <summary>
/// What a page shows instead of crashing when a service refuses: 403, 404 or 409, in both languages.
/// Field errors (<see cref="DomainValidationException"/>) are shown next to their fields instead.
/// </summary>
public sealed record PageProblem(int Status, string TitleVi, string TitleEn, string MessageVi, string MessageEn)
{
    public static PageProblem Forbidden() => new(403, "Không có quyền", "No permission",
        "Bạn không có quyền thực hiện thao tác này trong phạm vi cơ quan của mình.",
        "You may not do this within your agency's scope.");

    public static PageProblem NotFound(string? what = null)
    {
        var (vi, en) = Thing(what);
        return new(404, "Không tìm thấy", "Not found",
            $"Không tìm thấy {vi} hoặc bạn không có quyền xem.", $"The {en} does not exist or you may not see it.");
    }

    /// <summary>The problem for a service exception, or null when it is not one the page should explain (it then propagates).</summary>
    public static PageProblem? From(Exception e) => e switch
    {
        ForbiddenException => Forbidden(),
        NotFoundException nf => NotFound(nf.What),
        ConflictException c => new(409, "Xung đột dữ liệu", "Conflict", c.MessageVi, c.Message),
        DbUpdateConcurrencyException => new(409, "Xung đột dữ liệu", "Conflict",
            "Bản ghi đã được người khác sửa; hãy tải lại trang và sửa lại.", "The record was changed by someone else; reload and try again."),
        _ => null,
    };

    private static (string vi, string en) Thing(string? what) => what switch
    {
        "agency" => ("cơ quan, đơn vị", "agency"),
        "official" => ("cán bộ", "official"),
        "user" => ("tài khoản", "account"),
        "role assignment" => ("vai trò", "role assignment"),
        "API client" => ("hệ thống đối tác", "partner system"),
        "administrative unit" => ("đơn vị hành chính", "administrative unit"),
        "Position" => ("chức vụ", "position"),
        "ProcedureField" => ("lĩnh vực thủ tục", "procedure field"),
        "catalogue" => ("danh mục", "catalogue"),
        "dossier" => ("hồ sơ", "dossier"),
        "escalation rule" => ("quy tắc chuyển cấp", "escalation rule"),
        "procedure" or "procedure version" => ("thủ tục", "procedure"),
        _ => ("trang hoặc bản ghi", "page or record"),
    };
}
