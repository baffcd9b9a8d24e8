using System.Globalization;
using Egov.OneStop.Escalation;
using Egov.Platform.Access;

namespace Egov.Web.Components.Pages.Admin;

/// <summary>Words the escalation-rule pages share.</summary>
public static class EscalationRules
{
    public const string Path = "/admin/escalation-rules";

    public static string ActionVi(EscalationAction a) => a == EscalationAction.Notify ? "Báo cho vai trò nhận" : "Chuyển bước cho vai trò nhận";
    public static string ActionEn(EscalationAction a) => a == EscalationAction.Notify ? "Notify the target role" : "Move the step to the target role";

    /// <summary>The roles a rule may target: an official's role in an agency (never the system administrator).</summary>
    public static IEnumerable<RoleInfo> TargetRoles => Roles.All.Where(r => r.IsOfficial && r.Code != Roles.SystemAdmin);

    public static string Hours(double hours) => hours.ToString("0.##", CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>"8", "4,5" or "4.5"; null when it is not a number.</summary>
    public static double? ParseHours(string? text)
    {
        var t = text?.Trim().Replace(',', '.');
        return double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var h) ? h : null;
    }
}
