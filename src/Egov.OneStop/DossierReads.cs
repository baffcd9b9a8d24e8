using Egov.Platform.Data;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Egov.OneStop;

/// <summary>
/// The parts of a dossier that every page, look-up and action reads, as compiled queries: EF Core then skips comparing and
/// hashing the query's expression tree against its cache on each run, which on these small reads costs as much as the
/// SQL itself. A compiled query belongs to one model, and SQLite's and PostgreSQL's differ: each model gets its own.
/// </summary>
internal static class DossierReads
{
    private static readonly PerModel<Func<EgovDbContext, Guid, IAsyncEnumerable<DossierEvent>>> History = new(() => EF.CompileAsyncQuery<EgovDbContext, Guid, DossierEvent>(
        (EgovDbContext db, Guid id) => db.Set<DossierEvent>().AsNoTracking().Where(e => e.DossierId == id).OrderBy(e => e.Sequence)));

    private static readonly PerModel<Func<EgovDbContext, Guid, IAsyncEnumerable<DossierDocumentView>>> Documents = new(() => EF.CompileAsyncQuery<EgovDbContext, Guid, DossierDocumentView>(
        (EgovDbContext db, Guid id) => db.Set<DossierDocument>().AsNoTracking().Where(x => x.DossierId == id).OrderBy(x => x.Index)
            .Select(x => new DossierDocumentView(x.Index, x.Name, x.Originals, x.Copies, x.Mandatory, x.Received))));

    private static readonly PerModel<Func<EgovDbContext, Guid, IAsyncEnumerable<DossierFileView>>> Files = new(() => EF.CompileAsyncQuery<EgovDbContext, Guid, DossierFileView>(
        (EgovDbContext db, Guid id) => db.Set<DossierFile>().AsNoTracking().Where(x => x.DossierId == id).OrderBy(x => x.UploadedAt)
            .Select(x => new DossierFileView(x.Id, x.Purpose, x.DocumentIndex, x.EventSequence, x.FileName, x.ContentType, x.Size, x.UploadedAt))));

    private static readonly PerModel<Func<EgovDbContext, Guid, IAsyncEnumerable<DossierOpinion>>> Opinions = new(() => EF.CompileAsyncQuery<EgovDbContext, Guid, DossierOpinion>(
        (EgovDbContext db, Guid id) => db.Set<DossierOpinion>().AsNoTracking().Where(x => x.DossierId == id).OrderBy(x => x.AskedAt)));

    private static readonly PerModel<Func<EgovDbContext, Guid, IAsyncEnumerable<DossierOpinion>>> TrackedOpinions = new(() => EF.CompileAsyncQuery<EgovDbContext, Guid, DossierOpinion>(
        (EgovDbContext db, Guid id) => db.Set<DossierOpinion>().Where(x => x.DossierId == id).OrderBy(x => x.AskedAt)));

    private static readonly ConditionalWeakTable<IModel, string> PublicStatements = [];

    private static readonly PerModel<Func<EgovDbContext, string, Task<Dossier?>>> ByCode = new(() => EF.CompileAsyncQuery<EgovDbContext, string, Dossier?>(
        (EgovDbContext db, string code) => db.Set<Dossier>().AsNoTracking().FirstOrDefault(d => d.Code == code)));

    /// <summary>
    /// What anyone may see of a dossier by its code: a handful of columns, nothing personal. One plain statement on the
    /// context's connection, opened without EF Core: on SQLite EF registers its SQL functions at every opening, and that with
    /// the query pipeline cost more than the statement itself on the busiest public request. Table and column names come
    /// from the model, so the statement follows the mapping.
    /// </summary>
    public static async Task<PublicDossier?> PublicAsync(EgovDbContext db, string code, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PublicStatements.GetValue(db.Model, PublicStatement);
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@code";
            parameter.Value = code;
            command.Parameters.Add(parameter);
            await using var r = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
            if (!await r.ReadAsync(ct)) return null;
            // Instants are stored in UTC; SQLite keeps them as text without the zone, which the model's converter restores.
            DateTime Utc(int i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
            return new PublicDossier(r.GetString(0), r.GetString(1), r.GetInt32(2), Utc(3), r.IsDBNull(4) ? null : Utc(4), r.IsDBNull(5) ? null : Utc(5),
                Enum.Parse<ReturnChannel>(r.GetString(6)));
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private static string PublicStatement(IModel model)
    {
        var entity = model.FindEntityType(typeof(Dossier))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => "\"" + entity.FindProperty(property)!.GetColumnName(table) + "\"";
        var columns = string.Join(", ", new[]
        {
            nameof(Dossier.Code), nameof(Dossier.ProcedureName), nameof(Dossier.Status), nameof(Dossier.AppointmentAt), nameof(Dossier.ClockStoppedAt),
            nameof(Dossier.StepDueAt), nameof(Dossier.ReturnChannel),
        }.Select(Column));
        var from = entity.GetSchema() is { } schema ? $"\"{schema}\".\"{table.Name}\"" : $"\"{table.Name}\"";
        return $"SELECT {columns} FROM {from} WHERE {Column(nameof(Dossier.Code))} = @code";
    }

    /// <summary>The whole dossier row, not tracked.</summary>
    public static Task<Dossier?> ByCodeAsync(EgovDbContext db, string code) => ByCode.For(db)(db, code);

    public static ValueTask<List<DossierEvent>> HistoryAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => History.For(db)(db, dossierId).ToListAsync(ct);
    public static ValueTask<List<DossierDocumentView>> DocumentsAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => Documents.For(db)(db, dossierId).ToListAsync(ct);
    public static ValueTask<List<DossierFileView>> FilesAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => Files.For(db)(db, dossierId).ToListAsync(ct);
    public static ValueTask<List<DossierOpinion>> OpinionsAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => Opinions.For(db)(db, dossierId).ToListAsync(ct);

    /// <summary>Tracked, for an action that answers or asks for opinions.</summary>
    public static ValueTask<List<DossierOpinion>> OpinionsToChangeAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => TrackedOpinions.For(db)(db, dossierId).ToListAsync(ct);

    /// <summary>One compiled query per model.</summary>
    private sealed class PerModel<T>(Func<T> compile) where T : class
    {
        private readonly ConditionalWeakTable<IModel, T> _byModel = [];
        public T For(EgovDbContext db) => _byModel.GetValue(db.Model, _ => compile());
    }
}

/// <summary>The columns of a dossier that the public look-up shows without a second factor.</summary>
internal sealed record PublicDossier(string Code, string ProcedureName, int Status, DateTime AppointmentAt, DateTime? ClockStoppedAt, DateTime? StepDueAt,
    ReturnChannel ReturnChannel);
