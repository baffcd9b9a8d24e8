using Egov.OneStop;
using Egov.OneStop.Portal;
using Egov.Procedures;
using Egov.Web.Setup;
using Microsoft.AspNetCore.Mvc;

namespace Egov.Web.Api;

/// <summary>A step of the applicant's timeline in the public look-up.</summary>
public sealed record LookupStepJson(DateTime At, string Step, string? AgencyName, string? Note);

/// <summary>
/// The public look-up of a dossier: without a second factor only the procedure, the status (number, national name, plain words)
/// and the appointment; with the right second factor the timeline too. Never the applicant's name, numbers or documents.
/// </summary>
public sealed record LookupJson(string Code, string ProcedureName, int Status, string StatusName, string StatusText, string Expected,
    DateTime AppointmentAt, bool ClockStopped, bool Revealed, IReadOnlyList<LookupStepJson>? Timeline)
{
    public static LookupJson From(DossierLookup l) => new(l.Code, l.ProcedureName, l.Status, ProcedureDefinition.Statuses.GetValueOrDefault(l.Status, ""),
        l.Plain.Status.Vi, l.Revealed ? l.Plain.Expected.Vi : "", l.AppointmentAt, l.ClockStopped, l.Revealed,
        l.Timeline?.Select(s => new LookupStepJson(s.At, s.Step.Vi, s.AgencyName, s.Note)).ToList());
}

public static class LookupApi
{
    public const string WrongFactorVi = "Thông tin xác minh không khớp với hồ sơ. Hãy nhập đúng 4 chữ số cuối của số định danh cá nhân (CCCD) hoặc số điện thoại đã khai khi nộp hồ sơ.";

    public const string LockedVi = "Hồ sơ này đã bị nhập sai thông tin xác minh nhiều lần. Để bảo vệ thông tin của người nộp, việc xem tiến trình tạm khóa trong 1 giờ; hãy thử lại sau hoặc liên hệ bộ phận một cửa.";

    public static void MapLookupApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/lookup/{code}", async (HttpContext http, string code, string? secondFactor, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            // Without the digits only the few public columns are read, by a service that needs nothing else (most look-ups).
            var found = string.IsNullOrWhiteSpace(secondFactor)
                ? await http.RequestServices.GetRequiredService<PublicLookup>().LookUpAsync(code)
                : await http.RequestServices.GetRequiredService<DossierService>().LookUpAsync(code, secondFactor, ct);
            if (found is null)
                return Results.Problem(new ProblemDetails
                {
                    Status = 404, Type = ProblemMapper.TypeBase + "not-found", Title = "Không tìm thấy",
                    Detail = "Không có hồ sơ mang mã này. Hãy kiểm tra lại mã trên giấy tiếp nhận.",
                });
            if (found.Locked)
            {
                http.Response.Headers.RetryAfter = ((int)DossierService.LookupGuessWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem(new ProblemDetails
                {
                    Status = 429, Type = ProblemMapper.TypeBase + "second-factor-locked", Title = "Tạm khóa tra cứu chi tiết", Detail = LockedVi,
                });
            }
            if (found.FactorRejected)
                return Results.Problem(new ProblemDetails
                {
                    Status = 403, Type = ProblemMapper.TypeBase + "second-factor", Title = "Thông tin xác minh không đúng", Detail = WrongFactorVi,
                });
            return Results.Ok(LookupJson.From(found));
        })
        .AllowAnonymous().RequireRateLimiting(Operations.LookupLimit).WithTags("Look-up")
        .WithSummary("Public look-up of a dossier by code; the timeline with the last 4 digits of the applicant's ID number or phone")
        .Produces<LookupJson>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429);
    }
}
