using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Portal;

/// <summary>The steps of the portal's guided submission, in order; a draft remembers the furthest one completed.</summary>
public enum DraftStep { Applicant = 1, Documents = 2, Delivery = 3, Review = 4 }

/// <summary>
/// A dossier a citizen or business is filling in on the portal (hồ sơ đang soạn): one open draft per account and procedure,
/// kept on the server after every step so that it resumes on another device. The applicant's fields hold what was typed,
/// even when it did not pass the rules yet (nothing typed is lost); they are personal data (audited, redacted, never logged).
/// Once submitted it keeps the dossier's code, so a repeated "submit" answers with the same dossier.
/// </summary>
public sealed class SubmissionDraft
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string ProcedureCode { get; set; } = "";
    public string ProcedureName { get; set; } = "";
    public string? ApplicantName { get; set; }
    public string? ApplicantIdNumber { get; set; }
    public string? ApplicantPhone { get; set; }
    public string? ApplicantEmail { get; set; }
    public string? ApplicantAddress { get; set; }
    public Guid? ReceivingAgencyId { get; set; }
    public ReturnChannel? ReturnChannel { get; set; }
    public string? PostalAddress { get; set; }
    public string? PostalRecipientName { get; set; }
    public string? PostalPhone { get; set; }
    /// <summary>The province chosen and the commune as typed or chosen (resolved to the Directory's code once valid).</summary>
    public string? PostalProvinceCode { get; set; }
    public string? PostalCommune { get; set; }
    public string? PostalCommuneCode { get; set; }
    public string? PostalCommuneName { get; set; }
    /// <summary>The fees the applicant chose ("0,1", <see cref="FeeSelection"/>).</summary>
    public string? FeeChoices { get; set; }
    /// <summary>The furthest step whose input passed the rules.</summary>
    public DraftStep Step { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? DossierCode { get; set; }
}

/// <summary>A file attached to a draft for one of the procedure's documents: uploaded (images already made PDF) or reused
/// from the applicant's personal document store (<see cref="ReusedFromId"/>, a file of an accepted dossier).</summary>
public sealed class SubmissionDraftFile : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(SubmissionDraft);
    string IAuditedAsPartOf.AuditedWholeId => DraftId.ToString();

    public Guid Id { get; set; }
    public Guid DraftId { get; set; }
    public int DocumentIndex { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime UploadedAt { get; set; }
    public Guid? ReusedFromId { get; set; }
}

/// <summary>The portal's tables, part of the one-stop module's model.</summary>
public static class PortalModel
{
    public static void Build(ModelBuilder model)
    {
        model.Entity<SubmissionDraft>(e =>
        {
            e.ToTable("os_submission_drafts");
            e.HasKey(x => x.Id);
            // One open draft per account and procedure; submitted ones stay for the replay of "submit".
            e.HasIndex(x => new { x.UserId, x.ProcedureCode }).IsUnique().HasFilter("\"SubmittedAt\" IS NULL");
            e.Property(x => x.ProcedureCode).HasMaxLength(40).IsRequired();
            e.Property(x => x.ProcedureName).HasMaxLength(500);
            e.Property(x => x.FeeChoices).HasMaxLength(100);
            e.Property(x => x.ApplicantName).HasMaxLength(200);
            e.Property(x => x.ApplicantIdNumber).HasMaxLength(20);
            e.Property(x => x.ApplicantPhone).HasMaxLength(20);
            e.Property(x => x.ApplicantEmail).HasMaxLength(254);
            e.Property(x => x.ApplicantAddress).HasMaxLength(300);
            e.Property(x => x.ReturnChannel).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.PostalAddress).HasMaxLength(300);
            e.Property(x => x.PostalRecipientName).HasMaxLength(200);
            e.Property(x => x.PostalPhone).HasMaxLength(30);
            e.Property(x => x.PostalProvinceCode).HasMaxLength(10);
            e.Property(x => x.PostalCommune).HasMaxLength(200);
            e.Property(x => x.PostalCommuneCode).HasMaxLength(10);
            e.Property(x => x.PostalCommuneName).HasMaxLength(300);
            e.Property(x => x.Step).HasConversion<string>().HasMaxLength(12);
            e.Property(x => x.DossierCode).HasMaxLength(40);
        });
        model.Entity<SubmissionDraftFile>(e =>
        {
            e.ToTable("os_submission_draft_files");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DraftId);
            e.Property(x => x.FileName).HasMaxLength(255);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
        });
    }
}
