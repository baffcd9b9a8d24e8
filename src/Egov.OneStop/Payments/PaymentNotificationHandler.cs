using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Egov.OneStop.Payments;

/// <summary>
/// What became of a payment notification. Accepted (200): the fee is paid, now or by an earlier identical notification
/// (<see cref="Replayed"/>). Refused: a 4xx status, a stable <see cref="Code"/> and a Vietnamese explanation; nothing changed.
/// </summary>
public sealed record PaymentOutcome(int Status, string Code, string Detail, string? DossierCode = null, string? TransactionId = null,
    DateTime? PaidAt = null, bool Replayed = false)
{
    public bool Accepted => Status == 200;
}

/// <summary>
/// The bank's or gateway's notice that a fee was paid (POST /api/v1/payments/notifications). Checked in this order, each
/// failure refused, logged (codes and ids, no personal data) and written to the audit trail: the provider is known and
/// enabled; the timestamp is within <see cref="PaymentOptions.ToleranceSeconds"/> of now; the HMAC-SHA256 signature of
/// "{timestamp}.{body}" with the provider's secret matches (compared in constant time); the body is well-formed; a
/// transaction already recorded is answered as the first time if the body is the same and refused if it differs; the
/// reference is a received dossier whose fee is awaited; the amount is the fee exactly. Then the fee is marked paid
/// through the engine's own "thu_phi" action (the gateway acting with the one-stop role of the receiving agency), which
/// writes the dossier's history, and the notification is recorded.
/// </summary>
public sealed class PaymentNotificationHandler(IServiceProvider scopes, PaymentOptions options, TimeProvider clock,
    ILogger<PaymentNotificationHandler> log)
{
    public const int MaxBodyBytes = 16 * 1024;
    public const string RefusedAction = "payment.refused";

    public async Task<PaymentOutcome> HandleAsync(string? provider, string? timestamp, string? signature, byte[] body, CancellationToken ct = default)
    {
        var name = Sanitize(provider, 30, lower: true) ?? "unknown";
        var secret = provider is null ? null : options.SecretOf(provider);
        if (secret is null || name != provider)
            // The actor stays ours; the name that was sent goes into the details.
            return await RefuseAsync("unknown", null, name, 401, "unknownProvider", "Nhà cung cấp thanh toán không được cấu hình.", ct);
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds) > options.ToleranceSeconds)
            return await RefuseAsync(name, null, null, 401, "staleTimestamp", "Thời điểm ký thông báo không hợp lệ hoặc đã quá hạn (chống gửi lại).", ct);
        if (body.Length > MaxBodyBytes || !PaymentSignature.Verify(secret, timestamp!, body, signature))
            return await RefuseAsync(name, null, null, 401, "badSignature", "Chữ ký của thông báo không đúng.", ct);

        if (!TryRead(body, out var n, out var problem))
            return await RefuseAsync(name, null, null, 400, "malformed", problem!, ct);
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));

        await using (var scope = scopes.CreateScopeAs(new PaymentGatewayCaller(name, Guid.Empty, "")))
        {
            var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            var earlier = await db.Set<PaymentNotification>().AsNoTracking()
                .FirstOrDefaultAsync(x => x.Provider == name && x.TransactionId == n.TransactionId, ct);
            if (earlier is not null) return await RepeatAsync(earlier, bodyHash, name, n, ct);
        }

        Dossier? dossier;
        await using (var scope = scopes.CreateScopeAs(new PaymentGatewayCaller(name, Guid.Empty, "")))
            dossier = await scope.ServiceProvider.GetRequiredService<EgovDbContext>().Set<Dossier>().AsNoTracking()
                .FirstOrDefaultAsync(d => d.Code == n.Reference, ct);
        if (dossier is null)
            return await RefuseAsync(name, n.TransactionId, n.Reference, 422, "unknownReference", "Không có hồ sơ nào mang mã tham chiếu này.", ct);
        var alreadyOurs = dossier.FeePaidAt is not null && dossier.FeeReference == n.TransactionId;
        if (!alreadyOurs)
        {
            switch (PaymentService.StateOf(dossier))
            {
                case PaymentState.NoFee:
                    return await RefuseAsync(name, n.TransactionId, n.Reference, 422, "noFee", "Hồ sơ không có khoản phí, lệ phí phải nộp.", ct);
                case PaymentState.Paid:
                    return await RefuseAsync(name, n.TransactionId, n.Reference, 409, "alreadyPaid", "Phí, lệ phí của hồ sơ đã được nộp trước đó.", ct);
                case PaymentState.AwaitingReception or PaymentState.Closed:
                    return await RefuseAsync(name, n.TransactionId, n.Reference, 422, "notPayable", "Hồ sơ chưa được tiếp nhận hoặc đã kết thúc: không nhận thanh toán.", ct);
            }
            if (n.Amount != dossier.FeeAmount)
                return await RefuseAsync(name, n.TransactionId, n.Reference, 422, "wrongAmount",
                    $"Số tiền {n.Amount:N0} đồng không đúng số phải nộp của hồ sơ.", ct);
        }

        // The officer's action at the counter, taken by the gateway in the receiving agency.
        var caller = new PaymentGatewayCaller(name, dossier.ReceivingAgencyId, dossier.AgencyPath);
        await using (var scope = scopes.CreateScopeAs(caller))
        {
            var dossiers = scope.ServiceProvider.GetRequiredService<DossierService>();
            var comment = $"Đã thanh toán trực tuyến qua VietQR ({options.DisplayName(name)}), mã giao dịch {n.TransactionId}.";
            try
            {
                await dossiers.ActAsync(dossier.Code, new ActInput(EngineActions.FeePaid, comment, FeeReference: n.TransactionId,
                    IdempotencyKey: $"pay:{name}:{n.TransactionId}"), null, ct);
            }
            catch (DomainValidationException)
            {
                // Paid at the counter meanwhile.
                return await RefuseAsync(name, n.TransactionId, n.Reference, 409, "alreadyPaid", "Phí, lệ phí của hồ sơ đã được nộp trước đó.", ct);
            }
        }

        await using (var scope = scopes.CreateScopeAs(caller))
        {
            var db = scope.ServiceProvider.GetRequiredService<EgovDbContext>();
            var paid = await db.Set<Dossier>().AsNoTracking().FirstAsync(d => d.Id == dossier.Id, ct);
            var request = await db.Set<PaymentRequest>().FirstOrDefaultAsync(r => r.DossierId == dossier.Id, ct);
            if (request is null)
            {
                // Paid from a QR the portal never showed (e.g. the receipt's): recorded all the same.
                request = new PaymentRequest
                {
                    Id = Ids.New(), DossierId = dossier.Id, Reference = dossier.Code, Amount = dossier.FeeAmount, PayeeAgencyId = dossier.ReceivingAgencyId,
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                };
                db.Add(request);
            }
            request.Status = PaymentStatus.Paid;
            request.PaidAt = paid.FeePaidAt;
            request.Provider = name;
            request.TransactionId = n.TransactionId;
            db.Add(new PaymentNotification
            {
                Id = Ids.New(), Provider = name, TransactionId = n.TransactionId, BodySha256 = bodyHash, DossierId = dossier.Id,
                Reference = dossier.Code, Amount = n.Amount, PaidAt = n.PaidAt, ReceivedAt = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same notification twice at once: the other one recorded it.
                db.ChangeTracker.Clear();
                var other = await db.Set<PaymentNotification>().AsNoTracking().FirstAsync(x => x.Provider == name && x.TransactionId == n.TransactionId, ct);
                return await RepeatAsync(other, bodyHash, name, n, ct);
            }
            log.LogInformation("Payment notification accepted from {Provider}: transaction {TransactionId}, dossier {DossierCode}", name, n.TransactionId, dossier.Code);
            return new PaymentOutcome(200, "paid", "Đã ghi nhận thanh toán.", dossier.Code, n.TransactionId, paid.FeePaidAt);
        }
    }

    private async Task<PaymentOutcome> RepeatAsync(PaymentNotification earlier, string bodyHash, string provider, Notice n, CancellationToken ct)
    {
        if (earlier.BodySha256 != bodyHash)
            return await RefuseAsync(provider, n.TransactionId, n.Reference, 409, "transactionReused",
                "Mã giao dịch đã được dùng cho một thông báo khác.", ct);
        await using var scope = scopes.CreateScopeAs(new PaymentGatewayCaller(provider, Guid.Empty, ""));
        var paidAt = await scope.ServiceProvider.GetRequiredService<EgovDbContext>().Set<Dossier>().AsNoTracking()
            .Where(d => d.Id == earlier.DossierId).Select(d => d.FeePaidAt).FirstOrDefaultAsync(ct);
        return new PaymentOutcome(200, "paid", "Đã ghi nhận thanh toán.", earlier.Reference, earlier.TransactionId, paidAt, Replayed: true);
    }

    private async Task<PaymentOutcome> RefuseAsync(string provider, string? transactionId, string? reference, int status, string code, string detail, CancellationToken ct)
    {
        log.LogWarning("Payment notification refused ({Reason}) from {Provider}: transaction {TransactionId}", code, provider, transactionId ?? "-");
        await using var scope = scopes.CreateScopeAs(new PaymentGatewayCaller(provider, Guid.Empty, ""));
        await scope.ServiceProvider.GetRequiredService<IAuditTrail>().RecordEventAsync(RefusedAction, nameof(PaymentNotification),
            $"{provider}:{transactionId ?? "-"}", reference is null ? code : $"{code}; {(code == "unknownProvider" ? "provider" : "reference")} {reference}", ct);
        return new PaymentOutcome(status, code, detail, TransactionId: transactionId);
    }

    private sealed record Notice(string Reference, long Amount, string TransactionId, DateTime? PaidAt);

    /// <summary>
    /// {"reference" (or "dossierCode"): "…", "amount": 8000, "transactionId": "…", "paidAt": "2026-11-24T05:00:00Z", …}:
    /// an object whose names appear once; other fields are ignored.
    /// </summary>
    private static bool TryRead(byte[] body, out Notice notice, out string? problem)
    {
        notice = null!;
        problem = null;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) { problem = "Nội dung phải là một đối tượng JSON."; return false; }
            var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in doc.RootElement.EnumerateObject())
                if (!fields.TryAdd(p.Name, p.Value)) { problem = $"Trường \"{Sanitize(p.Name, 40) ?? "?"}\" xuất hiện hai lần."; return false; }
            string? Text(string key) => fields.TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var reference = Sanitize(Text("reference") ?? Text("dossierCode"), 40);
            var transaction = Sanitize(Text("transactionId"), 64);
            if (reference is null) { problem = "Thiếu hoặc sai mã tham chiếu (reference: mã hồ sơ)."; return false; }
            if (transaction is null) { problem = "Thiếu hoặc sai mã giao dịch (transactionId: tối đa 64 ký tự in được)."; return false; }
            if (!fields.TryGetValue("amount", out var a) || a.ValueKind != JsonValueKind.Number || !a.TryGetInt64(out var amount) || amount <= 0)
            { problem = "Số tiền (amount) phải là số nguyên dương, đơn vị đồng."; return false; }
            DateTime? paidAt = null;
            if (fields.TryGetValue("paidAt", out var p2) && p2.ValueKind != JsonValueKind.Null)
            {
                if (p2.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(p2.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                { problem = "Thời điểm thanh toán (paidAt) không đúng định dạng ISO 8601."; return false; }
                paidAt = at.UtcDateTime;
            }
            notice = new Notice(reference.ToUpperInvariant(), amount, transaction, paidAt);
            return true;
        }
        catch (JsonException)
        {
            problem = "Nội dung JSON không hợp lệ.";
            return false;
        }
    }

    /// <summary>Printable ASCII of at most <paramref name="max"/> characters without spaces, else null (what reaches logs and the trail).</summary>
    private static string? Sanitize(string? s, int max, bool lower = false)
    {
        if (s is null) return null;
        s = s.Trim();
        if (s.Length is 0 || s.Length > max || s.Any(c => c is <= ' ' or > '~')) return null;
        return lower ? s.ToLowerInvariant() : s;
    }
}

/// <summary>
/// The sandbox bank of development and the demo (Payments:Sandbox:Enabled): pays a dossier's fee by sending the
/// notification a real bank would, signed with the sandbox provider's secret, through the same handler as
/// POST /api/v1/payments/notifications. Only the people who may see the payment may pay it this way.
/// </summary>
public sealed class SandboxBank(PaymentOptions options, PaymentService payments, PaymentNotificationHandler handler, TimeProvider clock)
{
    public bool Enabled => options.SecretOf(PaymentOptions.SandboxProvider) is not null;

    public async Task<PaymentOutcome> PayAsync(string code, CancellationToken ct = default)
    {
        var secret = options.SecretOf(PaymentOptions.SandboxProvider) ?? throw new NotFoundException("sandbox bank");
        var view = await payments.GetAsync(code, ct);
        if (!view.Payable)
            throw DomainValidationException.For("payment", "notPending", "Hồ sơ không có khoản phí đang chờ thanh toán.", "No fee of this dossier is awaited.");
        var now = clock.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            reference = view.Purpose, amount = view.Amount, transactionId = "SBX" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant(),
            paidAt = now.UtcDateTime, bankBin = view.BankBin, account = view.AccountNumber,
        });
        var timestamp = PaymentSignature.Timestamp(now);
        return await handler.HandleAsync(PaymentOptions.SandboxProvider, timestamp, PaymentSignature.Sign(secret, timestamp, body), body, ct);
    }
}
