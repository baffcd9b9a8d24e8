using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Jobs;

/// <summary>
/// One row per recurring job: who may run it until when, and how its last run went. Written only with
/// single UPDATE/upsert statements (never through SaveChanges), so leasing adds no audit entries.
/// </summary>
public sealed class JobLease
{
    public const int ErrorMaxLength = 1000;

    public string Name { get; set; } = "";
    /// <summary>Node holding the lease (machine:pid:suffix); null once released.</summary>
    public string? Holder { get; set; }
    public DateTime LeasedUntil { get; set; }
    public DateTime? LastStartedAt { get; set; }
    public DateTime? LastFinishedAt { get; set; }
    /// <summary>"succeeded", "failed" or "cancelled".</summary>
    public string? LastOutcome { get; set; }
    /// <summary>Exception type and message of the last failure, truncated; never personal data on purpose.</summary>
    public string? LastError { get; set; }
    public string? LastHolder { get; set; }
}

public static class JobOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>Stopped by the node's shutdown or the loss of the lease.</summary>
    public const string Cancelled = "cancelled";
}

internal static class JobsModel
{
    public const string Table = "plat_job_leases";

    public static void Build(ModelBuilder model) => model.Entity<JobLease>(e =>
    {
        e.ToTable(Table);
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Holder).HasMaxLength(200);
        e.Property(x => x.LastHolder).HasMaxLength(200);
        e.Property(x => x.LastOutcome).HasMaxLength(20);
        e.Property(x => x.LastError).HasMaxLength(JobLease.ErrorMaxLength);
    });
}
