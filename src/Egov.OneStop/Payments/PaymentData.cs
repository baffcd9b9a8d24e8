using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.OneStop.Payments;

public enum PaymentStatus { Pending, Paid }

/// <summary>
/// The request to pay a dossier's fee, made once the dossier is received: the dossier code as the transfer's purpose,
/// the amount, and the collecting account as it was when the QR was first issued (the QR a citizen saved stays valid).
/// </summary>
public sealed class PaymentRequest : IAuditedAsPartOf
{
    string IAuditedAsPartOf.AuditedWholeType => nameof(Dossier);
    string IAuditedAsPartOf.AuditedWholeId => DossierId.ToString();

    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    /// <summary>The purpose printed in the QR: the dossier code.</summary>
    public string Reference { get; set; } = "";
    public long Amount { get; set; }
    public Guid PayeeAgencyId { get; set; }
    public string BankBin { get; set; } = "";
    public string BankName { get; set; } = "";
    public string AccountNumber { get; set; } = "";
    public string AccountName { get; set; } = "";
    /// <summary>The account was generated for the demo province (the page says so).</summary>
    public bool IsDemoAccount { get; set; }
    public DateTime CreatedAt { get; set; }
    public PaymentStatus Status { get; set; }
    public DateTime? PaidAt { get; set; }
    public string? Provider { get; set; }
    public string? TransactionId { get; set; }
}

/// <summary>
/// A payment notification that was accepted (one per provider and transaction): the SHA-256 of its body tells a repeat
/// (same body: answered as before) from a forgery reusing the transaction id (another body: refused).
/// </summary>
public sealed class PaymentNotification
{
    public Guid Id { get; set; }
    public string Provider { get; set; } = "";
    public string TransactionId { get; set; } = "";
    public string BodySha256 { get; set; } = "";
    public Guid DossierId { get; set; }
    public string Reference { get; set; } = "";
    public long Amount { get; set; }
    /// <summary>When the bank says the money moved (as reported).</summary>
    public DateTime? PaidAt { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal static class PaymentModel
{
    public static void Build(ModelBuilder model)
    {
        model.Entity<PaymentRequest>(e =>
        {
            e.ToTable("os_payment_requests");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.DossierId).IsUnique();
            e.HasOne<Dossier>().WithMany().HasForeignKey(x => x.DossierId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Reference).HasMaxLength(40).IsRequired();
            e.Property(x => x.BankBin).HasMaxLength(6);
            e.Property(x => x.BankName).HasMaxLength(100);
            e.Property(x => x.AccountNumber).HasMaxLength(19);
            e.Property(x => x.AccountName).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.Provider).HasMaxLength(30);
            e.Property(x => x.TransactionId).HasMaxLength(64);
        });
        model.Entity<PaymentNotification>(e =>
        {
            e.ToTable("os_payment_notifications");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Provider, x.TransactionId }).IsUnique();
            e.HasIndex(x => x.DossierId);
            e.Property(x => x.Provider).HasMaxLength(30).IsRequired();
            e.Property(x => x.TransactionId).HasMaxLength(64).IsRequired();
            e.Property(x => x.BodySha256).HasMaxLength(64).IsRequired();
            e.Property(x => x.Reference).HasMaxLength(40);
        });
    }
}
