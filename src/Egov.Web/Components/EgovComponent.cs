using System.Globalization;
using Egov.Platform.Access;
using Egov.Platform.Validation;
using Egov.Procedures;
using Microsoft.AspNetCore.Components;

namespace Egov.Web.Components;

/// <summary>Base of every page and component: the request, the caller, and the two UI languages.</summary>
public abstract class EgovComponent : ComponentBase
{
    [CascadingParameter] public HttpContext? Http { get; set; }
    [Inject] public ICallerContext Caller { get; set; } = default!;
    [Inject] public NavigationManager Nav { get; set; } = default!;

    protected static bool IsVietnamese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "en";

    /// <summary>UI text in Vietnamese (default) or English.</summary>
    protected static string T(string vi, string en) => IsVietnamese ? vi : en;

    protected static string Date(DateTime utc) => Vn(utc).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
    protected static string DateTime(DateTime utc) => Vn(utc).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    private static System.DateTime Vn(System.DateTime utc) => utc.ToUniversalTime().AddHours(7);

    protected static string OnlineName(OnlineLevel l) => l switch
    {
        OnlineLevel.Full => T("Toàn trình", "End-to-end online"),
        OnlineLevel.Partial => T("Một phần", "Partly online"),
        _ => T("Cung cấp thông tin", "Information only"),
    };

    /// <summary>A processing time in working hours as people say it: "1 ngày làm việc", "4 giờ làm việc", "Trong ngày".</summary>
    protected static string Hours(double h) => h == 0 ? T("Trong ngày", "Same day")
        : h % 8 == 0 ? T($"{h / 8:0.#} ngày làm việc", $"{h / 8:0.#} working days") : T($"{h:0.#} giờ làm việc", $"{h:0.#} working hours");

    /// <summary>An amount in đồng as Vietnamese write it ("25.000 đồng"); zero is "free".</summary>
    protected static string Money(long amount) =>
        amount == 0 ? T("Miễn phí", "Free") : amount.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng";

    protected static string Message(FieldError e) => IsVietnamese ? e.MessageVi : e.MessageEn;

    protected static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    protected static TEnum? ParseEnum<TEnum>(string? s) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(s, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _) ? v : null;

    protected bool IsSignedIn => Http?.User.Identity?.IsAuthenticated == true;
    protected bool Has(params string[] roles) => Caller.Grants.Any(g => roles.Contains(g.Role));
}
