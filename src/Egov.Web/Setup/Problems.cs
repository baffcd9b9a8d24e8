using System.Text.Json;
using Egov.Platform.Validation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Egov.Web.Setup;

/// <summary>
/// Turns domain exceptions and malformed requests into RFC 9457 problem details. Validation problems
/// carry every broken rule under "errors", keyed by the field as the API names it, in Vietnamese,
/// with stable codes under "codes" for programs.
/// </summary>
public sealed class ProblemMapper(IProblemDetailsService problems, ILogger<ProblemMapper> log) : IExceptionHandler
{
    public const string TypeBase = "https://egov.vn/problems/";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // Pages get the Vietnamese error page (re-executed at /error); the API gets problem details.
        // The middleware has already pointed Request.Path at /error; the feature keeps the original.
        var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)) return false;
        var problem = ToProblem(exception);
        if (problem is null) return false;
        if (problem.Status >= 500) log.LogError(exception, "Unhandled error");
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        DomainValidationException v => Validation(v.Errors),
        NotFoundException nf => new ProblemDetails
        {
            Status = 404, Type = TypeBase + "not-found", Title = "Không tìm thấy",
            Detail = $"Không tìm thấy {nf.What} hoặc bạn không có quyền xem.",
        },
        ForbiddenException => new ProblemDetails
        {
            Status = 403, Type = TypeBase + "forbidden", Title = "Không có quyền",
            Detail = "Bạn không có quyền thực hiện thao tác này trong phạm vi cơ quan của mình.",
        },
        ConflictException c => new ProblemDetails { Status = 409, Type = TypeBase + "conflict", Title = "Xung đột dữ liệu", Detail = c.MessageVi },
        Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => new ProblemDetails
        {
            Status = 409, Type = TypeBase + "conflict", Title = "Xung đột dữ liệu",
            Detail = "Bản ghi đã được người khác sửa; hãy tải lại và thử lại.",
        },
        BadHttpRequestException bad => BadRequest(bad),
        _ => null,
    };

    public static ProblemDetails Validation(ValidationErrors errors)
    {
        var problem = new ProblemDetails
        {
            Status = 400, Type = TypeBase + "validation", Title = "Dữ liệu không hợp lệ",
            Detail = string.Join(" ", errors.All.Select(e => e.MessageVi)),
        };
        problem.Extensions["errors"] = errors.All.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.MessageVi).ToArray());
        problem.Extensions["codes"] = errors.All.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        return problem;
    }

    /// <summary>Malformed JSON and wrong types name the JSON path of the offending field.</summary>
    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var json = bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException;
        if (json is not null)
        {
            var field = JsonPaths.ToField(json.Path);
            var errors = new ValidationErrors().Add(field, "json",
                json.Path is null or "$"
                    ? $"Nội dung JSON không hợp lệ (dòng {json.LineNumber + 1}, vị trí {json.BytePositionInLine + 1})."
                    : $"Giá trị của trường \"{field}\" sai kiểu hoặc sai định dạng JSON.",
                "Malformed JSON or a value of the wrong type.");
            var p = Validation(errors);
            p.Title = "Nội dung yêu cầu không hợp lệ";
            return p;
        }
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ProblemDetails { Status = 413, Type = TypeBase + "too-large", Title = "Nội dung quá lớn", Detail = "Nội dung gửi lên vượt quá giới hạn cho phép." };
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return new ProblemDetails { Status = 415, Type = TypeBase + "media-type", Title = "Kiểu nội dung không được hỗ trợ", Detail = "Hãy gửi nội dung JSON với Content-Type: application/json." };
        return new ProblemDetails { Status = bad.StatusCode, Type = TypeBase + "bad-request", Title = "Yêu cầu không hợp lệ", Detail = bad.Message };
    }
}
