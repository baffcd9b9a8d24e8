using Egov.Directory.Agencies;
using Egov.Platform.Access;
using Egov.Platform.Data;
using Egov.Platform.Validation;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Payments;

/// <summary>Where a dossier's fee stands: none due, not payable until the dossier is received, awaited, paid, or the dossier closed unpaid.</summary>
public enum PaymentState { NoFee, AwaitingReception, Pending, Paid, Closed }

/// <summary>
/// A dossier's fee as its applicant pays it: the amount in đồng, the collecting account, the purpose (the dossier code)
/// and, while the fee is awaited, the VietQR payload to scan. <see cref="Provider"/> and <see cref="TransactionId"/> are
/// set when it was paid online.
/// </summary>
public sealed record PaymentView(string DossierCode, string ProcedureName, long Amount, PaymentState State, string Purpose,
    string? BankBin, string? BankName, string? AccountNumber, string? AccountName, bool DemoAccount, string? QrPayload,
    DateTime? RequestedAt, DateTime? PaidAt, string? Provider, string? TransactionId)
{
    public bool Payable => State == PaymentState.Pending && QrPayload is not null;
}

/// <summary>
/// Payment requests of dossiers with a fee. The request is made when the fee is first shown after reception (the
/// applicant's page or the API), with the receiving agency's collection account from the Directory; the applicant who
/// submitted the dossier and officials of the agencies taking part see it, nobody else (404).
/// </summary>
public sealed class PaymentService(EgovDbContext db, ICallerContext caller, AgencyBankAccountService banks, TimeProvider clock)
{
    private static readonly string[] OfficialRoles = [.. Roles.OfficialRoles];

    public async Task<PaymentView> GetAsync(string code, CancellationToken ct = default)
    {
        var d = await db.Set<Dossier>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        if (d is null || !MaySee(d)) throw new NotFoundException("dossier");
        var request = await EnsureRequestAsync(d, ct);
        return View(d, request);
    }

    public async Task<byte[]> QrPngAsync(string code, CancellationToken ct = default)
    {
        var view = await GetAsync(code, ct);
        return view.QrPayload is { } payload ? VietQrImage.Png(payload) : throw new NotFoundException("payment QR");
    }

    /// <summary>The dossier's own applicant, or an official of the receiving or the acting agency's sub-tree.</summary>
    private bool MaySee(Dossier d) =>
        (caller.UserId is { } me && d.ApplicantUserId == me)
        || (caller.IsOfficial && (caller.Covers(d.AgencyPath, OfficialRoles) || caller.Covers(d.CurrentAgencyPath, OfficialRoles)));

    public static PaymentState StateOf(Dossier d) =>
        d.FeeAmount <= 0 ? PaymentState.NoFee
        : d.FeePaidAt is not null ? PaymentState.Paid
        : d.Status == 1 ? PaymentState.AwaitingReception
        : d.Status is 3 or 7 or 8 ? PaymentState.Closed
        : PaymentState.Pending;

    /// <summary>The dossier's request, made on first need while the fee is awaited; kept in step with a payment at the counter.</summary>
    internal async Task<PaymentRequest?> EnsureRequestAsync(Dossier d, CancellationToken ct)
    {
        var state = StateOf(d);
        var request = await db.Set<PaymentRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.DossierId == d.Id, ct);
        if (request is null && state == PaymentState.Pending)
        {
            var payee = await banks.PayeeAsync(d.ReceivingAgencyId, ct);
            if (payee is null) return null;
            request = new PaymentRequest
            {
                Id = Ids.New(), DossierId = d.Id, Reference = d.Code, Amount = d.FeeAmount, PayeeAgencyId = payee.AgencyId,
                BankBin = payee.BankBin, BankName = payee.BankName, AccountNumber = payee.AccountNumber, AccountName = payee.AccountName,
                IsDemoAccount = payee.IsDemoData, CreatedAt = clock.GetUtcNow().UtcDateTime, Status = PaymentStatus.Pending,
            };
            db.Add(request);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two first views at once: the other made it.
                db.ChangeTracker.Clear();
                request = await db.Set<PaymentRequest>().AsNoTracking().FirstAsync(r => r.DossierId == d.Id, ct);
            }
            db.ChangeTracker.Clear();
        }
        else if (request is { Status: PaymentStatus.Pending } && d.FeePaidAt is { } paidAt)
        {
            // Paid at the counter (thu_phi): the request says so too.
            db.Attach(request);
            request.Status = PaymentStatus.Paid;
            request.PaidAt = paidAt;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) { /* another view did it */ }
            db.ChangeTracker.Clear();
        }
        return request;
    }

    private static PaymentView View(Dossier d, PaymentRequest? r)
    {
        var state = StateOf(d);
        string? qr = null;
        if (state == PaymentState.Pending && r is not null)
            qr = VietQr.Build(new VietQrPayload(r.BankBin, r.AccountNumber, r.Amount, r.Reference));
        return new PaymentView(d.Code, d.ProcedureName, d.FeeAmount, state, d.Code, r?.BankBin, r?.BankName, r?.AccountNumber, r?.AccountName,
            r?.IsDemoAccount ?? false, qr, r?.CreatedAt, d.FeePaidAt, r?.Provider, r?.TransactionId);
    }
}
