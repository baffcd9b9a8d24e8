using System.Globalization;
using Egov.Platform.Access;
using Egov.Platform.Validation;
using Egov.OneStop.Portal;
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

    /// <summary>A role's name in the chosen language (its code when the role is unknown).</summary>
    protected static string RoleName(string code) => Roles.Find(code) is { } r ? T(r.NameVi, r.NameEn) : code;

    /// <summary>
    /// The lang attribute of an element that shows names or texts from the data (procedures, fields, agencies, people, notes):
    /// they stay Vietnamese on English pages, and are marked so (WCAG 2.1 3.1.2, language of parts) for screen readers to read
    /// them as Vietnamese. Null — no attribute — on Vietnamese pages.
    /// </summary>
    protected static string? DataLang => IsVietnamese ? null : "vi";

    /// <summary>A plain-language text of the portal; on English pages a name from the data that it carries follows, marked Vietnamese.</summary>
    protected static RenderFragment Plain(PlainText text) => builder =>
    {
        if (IsVietnamese || text.Name is null) { builder.AddContent(0, T(text.Vi, text.En)); return; }
        builder.AddContent(1, text.En + ": ");
        builder.OpenElement(2, "span");
        builder.AddAttribute(3, "lang", "vi");
        builder.AddContent(4, text.Name);
        builder.CloseElement();
    };

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
        : h % 8 == 0 ? T($"{h / 8:0.#} ngày làm việc", h == 8 ? "1 working day" : $"{h / 8:0.#} working days")
        : T($"{h:0.#} giờ làm việc", h == 1 ? "1 working hour" : $"{h:0.#} working hours");

    /// <summary>An amount in đồng as Vietnamese write it ("25.000 đồng") or as English do ("25,000 VND"); zero is "free".</summary>
    protected static string Money(long amount) =>
        amount == 0 ? T("Miễn phí", "Free")
        : IsVietnamese ? amount.ToString("N0", CultureInfo.GetCultureInfo("vi-VN")) + " đồng"
        : amount.ToString("N0", CultureInfo.InvariantCulture) + " VND";

    protected static string Message(FieldError e) => IsVietnamese ? e.MessageVi : e.MessageEn;

    protected static int? ParseInt(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    protected static TEnum? ParseEnum<TEnum>(string? s) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(s, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(s, out _) ? v : null;

    protected bool IsSignedIn => Http?.User.Identity?.IsAuthenticated == true;
    protected bool Has(params string[] roles) => Caller.Grants.Any(g => roles.Contains(g.Role));
}
