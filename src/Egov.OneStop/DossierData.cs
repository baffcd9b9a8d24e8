using Egov.OneStop.Escalation;
using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop;

public enum DossierChannel { Counter, Online }

/// <summary>DOMAIN "On-time classification": before the due day → early; on the day → on time; after → late.</summary>
public enum Timeliness { Early, OnTime, Late }

/// <summary>A dossier (hồ sơ) of one procedure version, received by one agency; its applicant data is personal data.</summary>
public sealed class Dossier
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string ProcedureCode { get; set; } = "";
    public int ProcedureVersion { get; set; }
    public string ProcedureName { get; set; } = "";
    public Guid ReceivingAgencyId { get; set; }
    /// <summary>Materialised path of the receiving agency, for scoping.</summary>
    public string AgencyPath { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    public string ApplicantSearchName { get; set; } = "";
    public string ApplicantIdNumber { get; set; } = "";
    public string? ApplicantPhone { get; set; }
    public string? ApplicantEmail { get; set; }
    public DossierChannel Channel { get; set; }
    /// <summary>Code of the current state of the procedure's process.</summary>
    public string State { get; set; } = "";
    /// <summary>National status number (1–10) of the current state.</summary>
    public int Status { get; set; }
    /// <summary>Role that works on the current state (null for end states), for "my dossiers".</summary>
    public string? StepRole { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime AppointmentAt { get; set; }
    public DateTime StepStartedAt { get; set; }
    public DateTime? StepDueAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public Timeliness? Timeliness { get; set; }
    public int Version { get; set; }
}

/// <summary>Append-only history of a dossier: one row per hand-off (the processing control sheet).</summary>
public sealed class DossierEvent
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public int Sequence { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? FromState { get; set; }
    public string ToState { get; set; } = "";
    public string? Comment { get; set; }
    /// <summary>Due time of the step that this event ended.</summary>
    public DateTime? StepDueAt { get; set; }
    public Timeliness? StepTimeliness { get; set; }
}

/// <summary>Last dossier sequence number of an agency on a day (yyMMdd, Vietnam time).</summary>
public sealed class DossierCodeCounter
{
    public string AgencyCode { get; set; } = "";
    public string Day { get; set; } = "";
    public int Last { get; set; }
}

public sealed class OneStopModel : IModuleModel
{
    public const string CounterTable = "os_dossier_code_counters";

    public void Build(ModelBuilder model)
    {
        model.Entity<Dossier>(e =>
        {
            e.ToTable("os_dossiers");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(40).IsRequired();
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.ProcedureCode).HasMaxLength(40).IsRequired();
            e.Property(x => x.ProcedureName).HasMaxLength(500);
            e.Property(x => x.AgencyPath).HasMaxLength(400).IsRequired();
            e.HasIndex(x => x.AgencyPath);
            e.Property(x => x.ApplicantName).HasMaxLength(200).IsRequired();
            e.Property(x => x.ApplicantSearchName).HasMaxLength(200);
            e.HasIndex(x => x.ApplicantSearchName);
            e.Property(x => x.ApplicantIdNumber).HasMaxLength(20);
            e.Property(x => x.ApplicantPhone).HasMaxLength(20);
            e.Property(x => x.ApplicantEmail).HasMaxLength(254);
            e.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.State).HasMaxLength(40);
            e.Property(x => x.StepRole).HasMaxLength(40);
            e.Property(x => x.Timeliness).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.State, x.Status });
        });
        model.Entity<DossierEvent>(e =>
        {
            e.ToTable("os_dossier_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DossierId, x.Sequence }).IsUnique();
            e.Property(x => x.Actor).HasMaxLength(100);
            e.Property(x => x.Action).HasMaxLength(60);
            e.Property(x => x.FromState).HasMaxLength(40);
            e.Property(x => x.ToState).HasMaxLength(40);
            e.Property(x => x.Comment).HasMaxLength(2000);
            e.Property(x => x.StepTimeliness).HasConversion<string>().HasMaxLength(10);
        });
        model.Entity<DossierCodeCounter>(e =>
        {
            e.ToTable(CounterTable);
            e.HasKey(x => new { x.AgencyCode, x.Day });
            e.Property(x => x.AgencyCode).HasMaxLength(40);
            e.Property(x => x.Day).HasMaxLength(6);
        });
        EscalationModel.Build(model);
    }
}

public static class OneStopServices
{
    public static IServiceCollection AddOneStopModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, OneStopModel>();
        services.AddScoped<DossierService>();
        services.AddScoped<EscalationRuleService>();
        services.AddScoped<EscalationRunner>();
        services.AddSingleton<IRecurringJob, EscalationJob>();
        return services;
    }
}
