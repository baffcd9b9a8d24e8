using System.Globalization;
using Egov.Platform.Access;
using Egov.Platform.Validation;
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

    protected static string Message(FieldError e) => IsVietnamese ? e.MessageVi : e.MessageEn;

    protected bool IsSignedIn => Http?.User.Identity?.IsAuthenticated == true;
    protected bool Has(params string[] roles) => Caller.Grants.Any(g => roles.Contains(g.Role));
}
