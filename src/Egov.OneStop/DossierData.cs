using Egov.OneStop.Escalation;
using Egov.Platform.Data;
using Egov.Platform.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Egov.OneStop;

public enum DossierChannel { Counter, Online }

/// <summary>How the result goes back to the applicant (DOMAIN "Dossier": counter, post (BCCI) or online).</summary>
public enum ReturnChannel { Counter, Post, Online }

/// <summary>Why an agency takes part in a dossier: it received it, acts at a step, or was asked for an opinion.</summary>
public enum PartyRole { Receiving, Acting, Opinion }

/// <summary>What an attached file is: part of the application, a supplement, the result, or attached to a hand-off.</summary>
public enum FilePurpose { Application, Supplement, Result, Action }

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
    /// <summary>Code of the procedure's field (lĩnh vực), for filters and indicators.</summary>
    public string Field { get; set; } = "";
    public Guid ReceivingAgencyId { get; set; }
    /// <summary>Materialised path of the receiving agency, for scoping.</summary>
    public string AgencyPath { get; set; } = "";
    public string ApplicantName { get; set; } = "";
    public string ApplicantSearchName { get; set; } = "";
    public string ApplicantIdNumber { get; set; } = "";
    public string? ApplicantPhone { get; set; }
    public string? ApplicantEmail { get; set; }
    /// <summary>Commune the dossier concerns when a provincial agency received it (for "commune" steps and opinions).</summary>
    public Guid? LocalAgencyId { get; set; }
    /// <summary>The agency acting on the current step (the receiving one unless the process hands the dossier on).</summary>
    public Guid CurrentAgencyId { get; set; }
    public string CurrentAgencyPath { get; set; } = "";
    /// <summary>The official assigned to the current step, if any; otherwise anyone with the step's role in the acting agency.</summary>
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    /// <summary>The citizen or business account that submitted online (they follow it in the portal).</summary>
    public Guid? ApplicantUserId { get; set; }
    public string? ApplicantAddress { get; set; }
    public DossierChannel Channel { get; set; }
    public ReturnChannel ReturnChannel { get; set; }
    /// <summary>Delivery by post: the street line (or, from the counter, the whole address as typed).</summary>
    public string? PostalAddress { get; set; }
    /// <summary>Delivery by post: who receives it, a phone for the postman, and the commune (Directory code and full name).</summary>
    public string? PostalRecipientName { get; set; }
    public string? PostalPhone { get; set; }
    public string? PostalCommuneCode { get; set; }
    public string? PostalCommuneName { get; set; }
    /// <summary>Submitted online, not yet accepted by the one-stop officer (national status 1).</summary>
    public DateTime? SubmittedAt { get; set; }
    /// <summary>Who created it (user or partner client) and the Idempotency-Key they sent, so a retry returns this dossier.</summary>
    public string CreatedBy { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    public long FeeAmount { get; set; }
    /// <summary>An applicant without an account agreed at the counter to be told of the dossier's steps at its phone and e-mail.</summary>
    public bool NotifyApplicant { get; set; }
    /// <summary>Which of the procedure's fees make <see cref="FeeAmount"/> ("0,1", <see cref="FeeSelection"/>); null before this was kept.</summary>
    public string? FeeChoices { get; set; }
    public DateTime? FeePaidAt { get; set; }
    public string? FeeReference { get; set; }
    /// <summary>While a supplement or a fee is awaited the clock stops; the working time left is kept for a resume.</summary>
    public DateTime? ClockStoppedAt { get; set; }
    public double? RemainingWorkingHours { get; set; }
    /// <summary>The first appointment given; an extension moves AppointmentAt but the dossier stays counted late.</summary>
    public DateTime? OriginalAppointmentAt { get; set; }
    public int Extensions { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public string? Outcome { get; set; }
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
public sealed class DossierEvent : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

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
    /// <summary>The agency acting after this event (hand-offs show in the control sheet).</summary>
    public Guid? AgencyId { get; set; }
    public string? AgencyName { get; set; }
    public string? IdempotencyKey { get; set; }
}

/// <summary>An agency that takes part in a dossier; officials of its sub-tree may see the dossier.</summary>
public sealed class DossierParty : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

    public Guid DossierId { get; set; }
    public Guid AgencyId { get; set; }
    public string AgencyPath { get; set; } = "";
    public PartyRole Role { get; set; }

    // The dossier's never-changing search keys, copied so that a sub-tree's search and newest-first page read one index
    // range of the parties instead of probing each of the sub-tree's dossiers (thousands in a commune).
    public DateTime ReceivedAt { get; set; }
    public string Code { get; set; } = "";
    public string ApplicantIdNumber { get; set; } = "";
    public string ApplicantSearchName { get; set; } = "";
}

/// <summary>A document of the procedure's list as checked at reception (the checklist of the receipt form).</summary>
public sealed class DossierDocument : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

    public Guid DossierId { get; set; }
    public int Index { get; set; }
    public string Name { get; set; } = "";
    public int Originals { get; set; }
    public int Copies { get; set; }
    public bool Mandatory { get; set; }
    public bool Received { get; set; }
}

/// <summary>An opinion asked from another agency at a parallel-opinion step (lấy ý kiến).</summary>
public sealed class DossierOpinion : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public string State { get; set; } = "";
    public Guid AgencyId { get; set; }
    public string AgencyName { get; set; } = "";
    public string AgencyPath { get; set; } = "";
    public DateTime AskedAt { get; set; }
    public DateTime? DueAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? AnsweredBy { get; set; }
    public bool? Agrees { get; set; }
    public string? Text { get; set; }
}

/// <summary>A file attached to a dossier, checked by content on upload; kept in the database so every node serves it.</summary>
public sealed class DossierFile : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public FilePurpose Purpose { get; set; }
    public int? DocumentIndex { get; set; }
    public int? EventSequence { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";
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
            e.Property(x => x.Field).HasMaxLength(20);
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
            e.Property(x => x.CurrentAgencyPath).HasMaxLength(400).IsRequired();
            e.HasIndex(x => new { x.CurrentAgencyPath, x.StepRole });
            e.HasIndex(x => x.ReceivedAt);
            e.HasIndex(x => x.ApplicantIdNumber);
            // Most dossiers have neither an online applicant account nor an assignee: partial indexes keep the planner from
            // taking "= me" for a match on every row.
            e.HasIndex(x => x.ApplicantUserId).HasFilter("\"ApplicantUserId\" IS NOT NULL");
            e.HasIndex(x => x.AssigneeId).HasFilter("\"AssigneeId\" IS NOT NULL");
            e.HasIndex(x => new { x.CompletedAt, x.StepDueAt });
            e.Property(x => x.AssigneeName).HasMaxLength(200);
            e.Property(x => x.ApplicantAddress).HasMaxLength(300);
            e.Property(x => x.ReturnChannel).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.PostalAddress).HasMaxLength(300);
            e.Property(x => x.PostalRecipientName).HasMaxLength(200);
            e.Property(x => x.PostalPhone).HasMaxLength(20);
            e.Property(x => x.PostalCommuneCode).HasMaxLength(10);
            e.Property(x => x.PostalCommuneName).HasMaxLength(300);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.IdempotencyKey).HasMaxLength(100);
            e.HasIndex(x => new { x.CreatedBy, x.IdempotencyKey }).IsUnique();
            e.Property(x => x.FeeReference).HasMaxLength(100);
            e.Property(x => x.FeeChoices).HasMaxLength(100);
            e.Property(x => x.RatingComment).HasMaxLength(1000);
            e.Property(x => x.Outcome).HasMaxLength(2000);
        });
        model.Entity<DossierParty>(e =>
        {
            e.ToTable("os_dossier_parties");
            e.HasKey(x => new { x.DossierId, x.AgencyId, x.Role });
            e.Property(x => x.AgencyPath).HasMaxLength(400).IsRequired();
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Code).HasMaxLength(40);
            e.Property(x => x.ApplicantIdNumber).HasMaxLength(20);
            e.Property(x => x.ApplicantSearchName).HasMaxLength(200);
            // Covers a sub-tree's search and its newest-first page: the code, number and name are tested and the page
            // ordered without reading a dossier row.
            e.HasIndex(x => new { x.AgencyPath, x.ReceivedAt, x.Code, x.ApplicantIdNumber, x.ApplicantSearchName, x.DossierId })
                .HasDatabaseName("IX_os_dossier_parties_Search");
        });
        model.Entity<DossierDocument>(e =>
        {
            e.ToTable("os_dossier_documents");
            e.HasKey(x => new { x.DossierId, x.Index });
            e.Property(x => x.Name).HasMaxLength(1000);
        });
        model.Entity<DossierOpinion>(e =>
        {
            e.ToTable("os_dossier_opinions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.DossierId, x.State, x.AgencyId }).IsUnique();
            e.HasIndex(x => new { x.AgencyPath, x.AnsweredAt });
            e.Property(x => x.State).HasMaxLength(40);
            e.Property(x => x.AgencyName).HasMaxLength(500);
            e.Property(x => x.AgencyPath).HasMaxLength(400);
            e.Property(x => x.AnsweredBy).HasMaxLength(100);
            e.Property(x => x.Text).HasMaxLength(2000);
        });
        model.Entity<DossierFile>(e =>
        {
            e.ToTable("os_dossier_files");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DossierId);
            e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(12);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.UploadedBy).HasMaxLength(100);
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
            e.Property(x => x.AgencyName).HasMaxLength(500);
            e.Property(x => x.IdempotencyKey).HasMaxLength(100);
            e.HasIndex(x => new { x.DossierId, x.IdempotencyKey }).IsUnique();
        });
        model.Entity<DossierCodeCounter>(e =>
        {
            e.ToTable(CounterTable);
            e.HasKey(x => new { x.AgencyCode, x.Day });
            e.Property(x => x.AgencyCode).HasMaxLength(40);
            e.Property(x => x.Day).HasMaxLength(6);
        });
        EscalationModel.Build(model);
        Portal.PortalModel.Build(model);
        Payments.PaymentModel.Build(model);
        Feedback.ProcedureFeedbackService.Build(model);
    }
}

public static class OneStopServices
{
    public static IServiceCollection AddOneStopModule(this IServiceCollection services)
    {
        services.AddSingleton<IModuleModel, OneStopModel>();
        services.AddScoped<DossierService>();
        services.AddScoped<Portal.PublicLookup>();
        services.AddScoped<Delivery.DeliveryAddressChecker>();
        services.AddScoped<ISaveChangesHook, Notifications.DossierNotificationHook>();
        services.AddScoped<Portal.SubmissionDraftService>();
        services.AddScoped<Payments.PaymentService>();
        services.AddScoped<Payments.PaymentNotificationHandler>();
        services.AddScoped<Payments.SandboxBank>();
        services.AddScoped<Feedback.ProcedureFeedbackService>();
        services.AddScoped<EscalationRuleService>();
        services.AddScoped<EscalationRunner>();
        services.AddSingleton<IRecurringJob, EscalationJob>();
        return services;
    }
}
