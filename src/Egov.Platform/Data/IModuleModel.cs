using Microsoft.EntityFrameworkCore;

namespace Egov.Platform.Data;

/// <summary>
/// A module's contribution to the shared database model. Each module maps only its own entities
/// (tables prefixed with the module's name) and other modules reach them through its services.
/// </summary>
public interface IModuleModel
{
    void Build(ModelBuilder model);
}

/// <summary>Runs inside <see cref="EgovDbContext.SaveChangesAsync(bool, CancellationToken)"/>, in the same transaction as the change.</summary>
public interface ISaveChangesHook
{
    Task BeforeSaveAsync(EgovDbContext db, CancellationToken cancellationToken);

    /// <summary>After the save, and again after its transaction committed (may run more than once per save).</summary>
    void AfterSave(EgovDbContext db) { }
}
