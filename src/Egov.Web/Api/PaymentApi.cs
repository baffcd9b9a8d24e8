using Egov.Directory.Agencies;
using Egov.OneStop.Payments;
using Egov.Web.Setup;
using Microsoft.AspNetCore.Mvc;

namespace Egov.Web.Api;

/// <summary>A dossier's fee as the API shows it; <see cref="QrImage"/> is the PNG of <see cref="QrPayload"/> while the fee is awaited.</summary>
public sealed record PaymentJson(string DossierCode, string ProcedureName, long Amount, string Currency, PaymentState Status, string StatusName,
    string Purpose, PaymentBankJson? Bank, string? QrPayload, string? QrImage, DateTime? RequestedAt, DateTime? PaidAt, string? Provider, string? TransactionId)
{
    public static PaymentJson From(PaymentView v) =>
        new(v.DossierCode, v.ProcedureName, v.Amount, "VND", v.State, PaymentApi.StateName(v.State), v.Purpose,
            v.BankBin is null ? null : new PaymentBankJson(v.BankBin, v.BankName!, v.AccountNumber!, v.AccountName!, v.DemoAccount),
            v.QrPayload, v.QrPayload is null ? null : $"/api/v1/dossiers/{Uri.EscapeDataString(v.DossierCode)}/payment/qr.png",
            v.RequestedAt, v.PaidAt, v.Provider, v.TransactionId);
}

public sealed record PaymentBankJson(string Bin, string Name, string AccountNumber, string AccountName, bool Demo);

/// <summary>
/// Fees paid by VietQR: a dossier's payment for its applicant and the officials of its agencies, the QR image, the
/// bank's or gateway's signed notification (anonymous: the HMAC signature is the authentication), and agencies'
/// collection accounts.
/// </summary>
public static class PaymentApi
{
    public static string StateName(PaymentState s) => s switch
    {
        PaymentState.NoFee => "Không mất phí",
        PaymentState.AwaitingReception => "Chờ tiếp nhận hồ sơ",
        PaymentState.Pending => "Chờ thanh toán",
        PaymentState.Paid => "Đã thanh toán",
        _ => "Hồ sơ đã kết thúc",
    };

    /// <summary>Payment notifications per client address and minute (Payments:NotificationsPerMinute): refusals are audited,
    /// so a flood of forged ones is cut short with 429 (problem details, as the other limits answer).</summary>
    public const string NotificationLimit = "payment-notifications";

    public static IServiceCollection AddPaymentRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Payments:NotificationsPerMinute", 600);
        return services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o => o.AddPolicy(NotificationLimit, http =>
            System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(NotificationLimit + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
    }

    public static void MapPaymentApi(this IEndpointRouteBuilder app)
    {
        var dossiers = app.MapGroup("/api/v1/dossiers").WithTags("Payments").RequireAuthorization();
        dossiers.MapGet("/{code}/payment", async (PaymentService s, HttpResponse response, string code, CancellationToken ct) =>
        {
            response.Headers.CacheControl = "no-store";
            return PaymentJson.From(await s.GetAsync(code, ct));
        });
        dossiers.MapGet("/{code}/payment/qr.png", async (PaymentService s, HttpResponse response, string code, CancellationToken ct) =>
        {
            response.Headers.CacheControl = "no-store";
            return TypedResults.File(await s.QrPngAsync(code, ct), "image/png");
        });

        app.MapPost("/api/v1/payments/notifications", NotifyAsync).WithTags("Payments").AllowAnonymous()
            .RequireRateLimiting(NotificationLimit)
            .Accepts<PaymentNotice>("application/json").Produces<PaymentReceipt>().ProducesProblem(400).ProducesProblem(401)
            .ProducesProblem(409).ProducesProblem(422);

        var agencies = app.MapGroup("/api/v1/agencies").WithTags("Agencies").RequireAuthorization();
        agencies.MapGet("/{id:guid}/bank-account", (AgencyBankAccountService s, Guid id, CancellationToken ct) => s.GetAsync(id, ct));
        agencies.MapPut("/{id:guid}/bank-account", (AgencyBankAccountService s, Guid id, BankAccountInput input, HttpRequest r, CancellationToken ct) =>
            s.SetAsync(id, input, DirectoryApi.Version(r), ct));
    }

    /// <summary>The notification's documented shape (the handler reads the raw body, which the signature covers).</summary>
    public sealed record PaymentNotice(string Reference, long Amount, string TransactionId, DateTime? PaidAt);
    public sealed record PaymentReceipt(string Outcome, string DossierCode, string TransactionId, DateTime? PaidAt, bool Replayed);

    private static async Task<IResult> NotifyAsync(HttpRequest request, PaymentNotificationHandler handler, CancellationToken ct)
    {
        var body = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > PaymentNotificationHandler.MaxBodyBytes)
                return Results.Problem(new ProblemDetails { Status = 413, Type = ProblemMapper.TypeBase + "too-large", Title = "Nội dung quá lớn",
                    Detail = "Thông báo thanh toán vượt quá 16 KB." });
        }
        var outcome = await handler.HandleAsync(request.Headers[PaymentSignature.ProviderHeader].FirstOrDefault(),
            request.Headers[PaymentSignature.TimestampHeader].FirstOrDefault(), request.Headers[PaymentSignature.SignatureHeader].FirstOrDefault(),
            body.ToArray(), ct);
        if (outcome.Accepted)
            return Results.Ok(new PaymentReceipt(outcome.Code, outcome.DossierCode!, outcome.TransactionId!, outcome.PaidAt, outcome.Replayed));
        var problem = new ProblemDetails
        {
            Status = outcome.Status, Type = ProblemMapper.TypeBase + "payment-refused", Title = "Thông báo thanh toán bị từ chối", Detail = outcome.Detail,
        };
        problem.Extensions["code"] = outcome.Code;
        return Results.Problem(problem);
    }
}
