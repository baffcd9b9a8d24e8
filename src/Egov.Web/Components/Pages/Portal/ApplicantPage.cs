using Egov.OneStop;
using Egov.OneStop.Portal;
using Egov.Platform.Access;
using Egov.Procedures;
using Egov.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;

namespace Egov.Web.Components.Pages.Portal;

/// <summary>
/// Base of the portal's pages for a signed-in citizen or business (online submission, drafts): visitors sign in first,
/// officials are told they may not (they receive at the counter). Refusals and field errors work as on the other forms.
/// </summary>
public abstract class ApplicantPage : AdminPage
{
    [Inject] protected SubmissionDraftService Drafts { get; set; } = default!;
    [Inject] protected DossierService Dossiers { get; set; } = default!;
    [Inject] protected ProcedureService Procedures { get; set; } = default!;
    [Inject] protected Egov.OneStop.Delivery.DeliveryAddressChecker DeliveryChecker { get; set; } = default!;

    protected bool RequireApplicant()
    {
        // Drafts and dossiers carry personal data: never kept by shared caches.
        if (Http is { Response.HasStarted: false } http) http.Response.Headers.CacheControl = "no-store";
        if (!IsSignedIn)
        {
            Blocked = true;
            Nav.NavigateTo("/account/login?returnUrl=" + Uri.EscapeDataString(CurrentPath));
            return false;
        }
        if (Caller.IsOfficial || !Has(Roles.Citizen, Roles.Business))
        {
            Block(new PageProblem(403, "Không có quyền", "No permission",
                "Chỉ tài khoản công dân hoặc doanh nghiệp nộp hồ sơ trực tuyến; cán bộ tiếp nhận hồ sơ tại quầy.",
                "Only citizens' and businesses' accounts submit online; officials receive dossiers at the counter."));
            return false;
        }
        return true;
    }

    protected static string SubmitPath(string code) => $"/portal/procedures/{code}/submit";

    /// <summary>"HH:mm dd/MM/yyyy" in Vietnam time, as the receipt prints the appointment.</summary>
    protected static string Appointment(DateTime utc) =>
        utc.ToUniversalTime().AddHours(7).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

    protected static string StepName(DraftStep step) => step switch
    {
        DraftStep.Applicant => T("Người nộp", "Applicant"),
        DraftStep.Documents => T("Giấy tờ", "Documents"),
        DraftStep.Delivery => T("Nơi nộp, nhận kết quả", "Where and how"),
        _ => T("Xem lại và nộp", "Review and submit"),
    };

    /// <summary>A dossier file's download (the API's, which takes the page's sign-in cookie).</summary>
    public static string FileHref(string code, Guid id) => $"/api/v1/dossiers/{Uri.EscapeDataString(code)}/files/{id}";

    /// <summary>Why a dossier's file was attached.</summary>
    public static string PurposeName(FilePurpose p) => p switch
    {
        FilePurpose.Application => T("hồ sơ nộp", "application"),
        FilePurpose.Supplement => T("bổ sung", "supplement"),
        FilePurpose.Result => T("kết quả", "result"),
        _ => T("trong quá trình xử lý", "during processing"),
    };

    public static string ChannelName(ReturnChannel c) => c switch
    {
        ReturnChannel.Counter => T("Nhận kết quả tại bộ phận một cửa", "At the one-stop counter"),
        ReturnChannel.Post => T("Nhận qua dịch vụ bưu chính", "By post to your address"),
        _ => T("Trực tuyến (bản điện tử trên Cổng)", "Online (electronic copy on the portal)"),
    };
}
