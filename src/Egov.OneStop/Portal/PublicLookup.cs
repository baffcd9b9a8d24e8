using Egov.Platform.Data;
using Egov.Platform.Validation;

namespace Egov.OneStop.Portal;

/// <summary>
/// Anyone's look-up of a dossier by its code without the second factor: the procedure, the status and the appointment.
/// It is the request a crowd makes (a counter's queue checking their phones), so it needs nothing but the database context
/// and reads five columns; with the digits, <see cref="DossierService.LookUpAsync"/> takes over (rules, audit, timeline).
/// </summary>
public sealed class PublicLookup(EgovDbContext db)
{
    /// <summary>Null when no dossier has the code; a badly formed code is refused as <see cref="DossierService.LookUpAsync"/> does.</summary>
    public async Task<DossierLookup?> LookUpAsync(string? code)
    {
        var errors = new ValidationErrors();
        var normalised = DossierService.CheckDossierCode(errors, code);
        errors.ThrowIfAny();
        return await FindAsync(db, normalised!);
    }

    internal static async Task<DossierLookup?> FindAsync(EgovDbContext db, string code) =>
        await DossierReads.PublicAsync(db, code, CancellationToken.None) is { } d
            ? Basic(d.Code, d.ProcedureName, d.Status, CitizenView.Status(d.Status, d.ClockStoppedAt is not null, d.AppointmentAt, d.StepDueAt, d.ReturnChannel),
                d.AppointmentAt, d.ClockStoppedAt)
            : null;

    internal static DossierLookup Basic(string code, string procedureName, int status, CitizenStatus plain, DateTime appointmentAt, DateTime? clockStoppedAt) =>
        new(code, procedureName, status, plain, appointmentAt, clockStoppedAt is not null, Revealed: false, FactorRejected: false, Timeline: null);
}
