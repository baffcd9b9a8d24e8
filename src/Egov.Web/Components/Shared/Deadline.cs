using Egov.OneStop;

namespace Egov.Web.Components.Shared;

public enum DeadlineState { Finished, Overdue, DueSoon, WithinTime }

/// <summary>The same rule as the inbox's tabs (DossierQuery.Overdue and DueWithinDays), for one dossier.</summary>
public static class Deadline
{
    public static DeadlineState Of(DossierSummary d, DateTime nowUtc, int soonDays = 2)
    {
        if (d.CompletedAt is not null) return DeadlineState.Finished;
        if (d.StepDueAt < nowUtc || d.AppointmentAt < nowUtc) return DeadlineState.Overdue;
        var limit = nowUtc.AddDays(soonDays);
        return d.StepDueAt < limit || d.AppointmentAt < limit ? DeadlineState.DueSoon : DeadlineState.WithinTime;
    }
}

/// <summary>The outcome of a bulk action for one dossier.</summary>
public sealed record BulkResult(string Code, bool Succeeded, string Message);
