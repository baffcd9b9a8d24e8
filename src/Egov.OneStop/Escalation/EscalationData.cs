using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Escalation;

public enum EscalationAction { Notify, Reassign }

/// <summary>
/// "A step overdue by N working hours → notify a role, or move the step to a role", as data that system
/// administrators edit. N is counted in the receiving agency's working time from the step's due time.
/// </summary>
public sealed class EscalationRule
{
    public Guid Id { get; set; }
    /// <summary>Stable code; recorded with each application, so it cannot change.</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public double OverdueWorkingHours { get; set; }
    public EscalationAction Action { get; set; }
    public string TargetRole { get; set; } = "";
    /// <summary>Only dossiers of this procedure; null = every procedure.</summary>
    public string? ProcedureCode { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One application of a rule to one step of one dossier. Unique on (dossier, rule, step start) and written in
/// the same transaction as its effect, so a rule fires at most once per step even if two nodes raced.
/// </summary>
public sealed class DossierEscalation : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public string RuleCode { get; set; } = "";
    public DateTime StepStartedAt { get; set; }
    public string State { get; set; } = "";
    public EscalationAction Action { get; set; }
    public double OverdueWorkingHours { get; set; }
    public DateTime AppliedAt { get; set; }
}

internal static class EscalationModel
{
    public static void Build(ModelBuilder model)
    {
        model.Entity<EscalationRule>(e =>
        {
            e.ToTable("os_escalation_rules");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(EscalationRuleService.CodeMaxLength).IsRequired();
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(EscalationRuleService.NameMaxLength).IsRequired();
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.TargetRole).HasMaxLength(40).IsRequired();
            e.Property(x => x.ProcedureCode).HasMaxLength(40);
        });
        model.Entity<DossierEscalation>(e =>
        {
            e.ToTable("os_escalations");
            e.HasKey(x => x.Id);
            e.Property(x => x.RuleCode).HasMaxLength(EscalationRuleService.CodeMaxLength).IsRequired();
            e.Property(x => x.State).HasMaxLength(40);
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(10);
            e.HasIndex(x => new { x.DossierId, x.RuleCode, x.StepStartedAt }).IsUnique();
        });
    }
}
