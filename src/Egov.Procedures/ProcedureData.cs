using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Procedures;

/// <summary>A procedure of the catalogue: the searchable facts of its current version.</summary>
public sealed class ProcedureRecord
{
    public Guid Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string SearchName { get; set; } = "";
    public string FieldCode { get; set; } = "";
    public ProcedureLevel Level { get; set; }
    public OnlineLevel OnlineLevel { get; set; }
    public double ProcessingHours { get; set; }
    public int CurrentVersion { get; set; }
    public bool IsActive { get; set; } = true;
    public bool DemoCode { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One immutable version of a procedure's full definition; a running dossier keeps the version it started with.</summary>
public sealed class ProcedureVersionRecord
{
    public Guid Id { get; set; }
    public Guid ProcedureId { get; set; }
    public int Version { get; set; }
    public string Definition { get; set; } = "";
    /// <summary>SHA-256 of the definition, so that importing the same file twice adds no version.</summary>
    public string ContentHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

public sealed class ProceduresModel : IModuleModel
{
    public void Build(ModelBuilder model)
    {
        model.Entity<ProcedureRecord>(e =>
        {
            e.ToTable("proc_procedures");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(40).IsRequired();
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Name).HasMaxLength(500).IsRequired();
            e.Property(x => x.SearchName).HasMaxLength(500);
            e.Property(x => x.FieldCode).HasMaxLength(30);
            e.Property(x => x.Level).HasConversion<string>().HasMaxLength(12);
            e.Property(x => x.OnlineLevel).HasConversion<string>().HasMaxLength(12);
            e.HasIndex(x => x.FieldCode);
        });
        model.Entity<ProcedureVersionRecord>(e =>
        {
            e.ToTable("proc_procedure_versions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ProcedureId, x.Version }).IsUnique();
            e.Property(x => x.ContentHash).HasMaxLength(64).IsRequired();
            e.Property(x => x.CreatedBy).HasMaxLength(100);
        });
    }
}
