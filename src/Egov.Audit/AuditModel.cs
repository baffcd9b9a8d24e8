using Egov.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Egov.Audit;

public sealed class AuditModel : IModuleModel
{
    public void Build(ModelBuilder model) => model.Entity<AuditEntry>(e =>
    {
        e.ToTable("audit_entries");
        e.HasKey(x => x.Sequence);
        e.Property(x => x.Sequence).ValueGeneratedNever();
        e.Property(x => x.Actor).HasMaxLength(100).IsRequired();
        e.Property(x => x.Action).HasMaxLength(20).IsRequired();
        e.Property(x => x.EntityType).HasMaxLength(100).IsRequired();
        e.Property(x => x.EntityId).HasMaxLength(200).IsRequired();
        e.Property(x => x.PreviousHash).HasMaxLength(64).IsRequired();
        e.Property(x => x.Hash).HasMaxLength(64).IsRequired();
        e.HasIndex(x => new { x.EntityType, x.EntityId });
        e.HasIndex(x => x.At);
    });
}
