using Egov.Platform.Data;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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

    private static readonly ConditionalWeakTable<IModel, string> PublicStatements = [];

    private static readonly PerModel<Func<EgovDbContext, string, Task<Dossier?>>> ByCode = new(() => EF.CompileAsyncQuery<EgovDbContext, string, Dossier?>(
        (EgovDbContext db, string code) => db.Set<Dossier>().AsNoTracking().FirstOrDefault(d => d.Code == code)));

    /// <summary>
    /// What anyone may see of a dossier by its code: a handful of columns, nothing personal. One plain statement, on SQLite
    /// prepared once on a kept connection (<see cref="PreparedReads"/>), elsewhere on the context's connection opened without
    /// EF Core: EF's query pipeline and its opening of the connection cost more than the statement on the busiest public
    /// request. Table and column names come
    /// from the model, so the statement follows the mapping.
    /// </summary>
    public static async Task<PublicDossier?> PublicAsync(EgovDbContext db, string code, CancellationToken ct)
    {
        var sql = PublicStatements.GetValue(db.Model, PublicStatement);
        if (db.Provider == DatabaseProvider.Sqlite && db.Database.CurrentTransaction is null)
            return await PreparedReads.ReadAsync(db.Database.GetConnectionString()!, sql, [code], ReadPublicAsync, ct);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p0";
            parameter.Value = code;
            command.Parameters.Add(parameter);
            await using var r = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
            return await ReadPublicAsync(r);
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    private static async Task<PublicDossier?> ReadPublicAsync(System.Data.Common.DbDataReader r)
    {
        if (!await r.ReadAsync()) return null;
        // Instants are stored in UTC; SQLite keeps them as text without the zone, which the model's converter restores.
        DateTime Utc(int i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
        return new PublicDossier(r.GetString(0), r.GetString(1), r.GetInt32(2), Utc(3), r.IsDBNull(4) ? null : Utc(4), r.IsDBNull(5) ? null : Utc(5),
            Enum.Parse<ReturnChannel>(r.GetString(6)));
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
        return $"SELECT {columns} FROM {from} WHERE {Column(nameof(Dossier.Code))} = @p0";
    }

    private static readonly ConditionalWeakTable<IModel, string> BundleStatements = [];

    /// <summary>
    /// A dossier by its code with everything its page and its actions look at (the parties that decide who may open it, the
    /// history, the opinions, the documents, the files without their content), in one plain command of six statements,
    /// prepared once on a kept SQLite connection (<see cref="PreparedReads"/>): the one-stop shop's busiest reads, which
    /// through EF Core cost five query pipelines and as many preparations. Not
    /// tracked: an action attaches what it changes. Null when no dossier has the code; the caller checks access.
    /// </summary>
    public static async Task<DossierBundle?> BundleAsync(EgovDbContext db, string code, CancellationToken ct)
    {
        var sql = BundleStatements.GetValue(db.Model, _ => BundleStatement(db));
        if (db.Provider == DatabaseProvider.Sqlite && db.Database.CurrentTransaction is null)
            return await PreparedReads.ReadAsync(db.Database.GetConnectionString()!, sql, [code], r => ReadBundleAsync(db, r, ct), ct);
        await db.KeepConnectionOpenAsync(ct);
        await using var command = db.Command(sql, code);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadBundleAsync(db, reader, ct);
    }

    private static async Task<DossierBundle?> ReadBundleAsync(EgovDbContext db, System.Data.Common.DbDataReader r, CancellationToken ct)
    {
        if (!await r.ReadAsync(ct)) return null;
        var dossier = PlainRows<Dossier>.For(db).Read(r);
        await r.NextResultAsync(ct);
        var parties = await PlainRows<DossierParty>.For(db).ReadAllAsync(r, ct);
        await r.NextResultAsync(ct);
        var events = await PlainRows<DossierEvent>.For(db).ReadAllAsync(r, ct);
        await r.NextResultAsync(ct);
        var opinions = await PlainRows<DossierOpinion>.For(db).ReadAllAsync(r, ct);
        await r.NextResultAsync(ct);
        var documents = (await PlainRows<DossierDocument>.For(db).ReadAllAsync(r, ct))
            .Select(x => new DossierDocumentView(x.Index, x.Name, x.Originals, x.Copies, x.Mandatory, x.Received)).ToList();
        await r.NextResultAsync(ct);
        var files = (await PlainRows<DossierFile>.Without(db, nameof(DossierFile.Content)).ReadAllAsync(r, ct))
            .Select(x => new DossierFileView(x.Id, x.Purpose, x.DocumentIndex, x.EventSequence, x.FileName, x.ContentType, x.Size, x.UploadedAt)).ToList();
        return new DossierBundle(dossier, parties, events, opinions, documents, files);
    }

    private static string BundleStatement(EgovDbContext db)
    {
        var dossiers = PlainRows<Dossier>.For(db);
        var id = $"(SELECT {dossiers.Column(nameof(Dossier.Id))} FROM {dossiers.Table} WHERE {dossiers.Column(nameof(Dossier.Code))} = @p0)";
        string Of<T>(PlainRows<T> rows, string order) where T : class, new() =>
            rows.Select($"WHERE {rows.Column("DossierId")} = {id} ORDER BY {rows.Column(order)};");
        return string.Join("\n",
            dossiers.Select($"WHERE {dossiers.Column(nameof(Dossier.Code))} = @p0;"),
            Of(PlainRows<DossierParty>.For(db), nameof(DossierParty.AgencyPath)),
            Of(PlainRows<DossierEvent>.For(db), nameof(DossierEvent.Sequence)),
            Of(PlainRows<DossierOpinion>.For(db), nameof(DossierOpinion.AskedAt)),
            Of(PlainRows<DossierDocument>.For(db), nameof(DossierDocument.Index)),
            Of(PlainRows<DossierFile>.Without(db, nameof(DossierFile.Content)), nameof(DossierFile.UploadedAt)));
    }

    private static readonly ConditionalWeakTable<IModel, System.Collections.Concurrent.ConcurrentDictionary<SearchShape, string>> SearchStatements = [];

    /// <summary>
    /// A search in the sub-trees an official sees, on SQLite: the parties matching the search keys (a code's first characters,
    /// an ID number, a folded name as a substring) are found on their covering index once, counted, ordered newest first and
    /// paged, and the page's dossiers read with the list's columns, all in one statement prepared once on a kept connection
    /// (<see cref="PreparedReads"/>): a search box's request, which through EF Core cost two query pipelines, their
    /// preparation and the opening of the context's connection on top of the scan. A dossier with several parties in the
    /// sub-trees counts once. <paramref name="paths"/> end with '/'. Null on PostgreSQL or inside a transaction.
    /// </summary>
    public static async Task<(int Total, List<Dossier> Page)?> SubTreeSearchAsync(EgovDbContext db, IReadOnlyList<string> paths, IReadOnlyCollection<string> columns,
        string term, string codePrefix, string idNumber, int page, int size, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Sqlite || db.Database.CurrentTransaction is not null || paths.Count is 0 or > 8) return null;
        var rows = PlainRows<Dossier>.Only(db, columns);
        // Only the tests that can match are made on each row: a name with a space or a diacritic is no code's beginning, and
        // a word is no ID number (a citizen ID or a tax code: digits and '-').
        var byCode = codePrefix.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c) || c is '.' or '-');
        var byId = idNumber.Length > 0 && idNumber.All(c => char.IsAsciiDigit(c) || c == '-');
        var shape = new SearchShape(paths.Count, byCode, byId);
        var sql = SearchStatements.GetValue(db.Model, _ => new()).GetOrAdd(shape, s => SearchStatement(db, rows, s));
        // In the statement's order: a code's first characters as a range of codes (codes are ASCII: U+FFFF sorts after any
        // of them), cheaper than cutting each code; a sub-tree as a range of paths ('0' follows '/'), which the path's index answers.
        List<object?> parameters = [term];
        if (byCode) parameters.AddRange([codePrefix, codePrefix + '\uffff']);
        if (byId) parameters.Add(idNumber);
        parameters.AddRange([size, (page - 1) * size]);
        foreach (var path in paths) parameters.AddRange([path, path[..^1] + "0"]);
        return await PreparedReads.ReadAsync(db.Database.GetConnectionString()!, sql, [.. parameters], async r =>
        {
            var found = new List<Dossier>(size);
            var total = 0;
            while (await r.ReadAsync(ct))
            {
                total = r.GetInt32(0);
                if (!r.IsDBNull(1)) found.Add(rows.Read(r, 1));
            }
            return ((int, List<Dossier>)?)(total, found);
        }, ct);
    }

    private readonly record struct SearchShape(int Paths, bool ByCode, bool ById);

    private static string SearchStatement(EgovDbContext db, PlainRows<Dossier> rows, SearchShape shape)
    {
        var parties = PlainRows<DossierParty>.For(db);
        string P(string property) => "p." + parties.Column(property);
        var n = 0;
        string Next() => "@p" + n++;
        List<string> match = [$"instr({P(nameof(DossierParty.ApplicantSearchName))}, {Next()}) > 0"];
        if (shape.ByCode) match.Insert(0, $"({P(nameof(DossierParty.Code))} >= {Next()} AND {P(nameof(DossierParty.Code))} < {Next()})");
        if (shape.ById) match.Add($"{P(nameof(DossierParty.ApplicantIdNumber))} = {Next()}");
        var (limit, offset) = (Next(), Next());
        var scope = string.Join(" OR ", Enumerable.Range(0, shape.Paths).Select(_ =>
            $"({P(nameof(DossierParty.AgencyPath))} >= {Next()} AND {P(nameof(DossierParty.AgencyPath))} < {Next()})"));
        return $"""
            WITH m AS MATERIALIZED (
                SELECT DISTINCT {P(nameof(DossierParty.DossierId))} AS id, {P(nameof(DossierParty.ReceivedAt))} AS at, {P(nameof(DossierParty.Code))} AS code
                FROM {parties.Table} AS p
                WHERE ({scope}) AND ({string.Join(" OR ", match)})),
            k AS (SELECT id, at, code FROM m ORDER BY at DESC, code DESC LIMIT {limit} OFFSET {offset})
            SELECT (SELECT count(*) FROM m), {rows.ColumnsOf("d")}
            FROM (SELECT 1) AS one LEFT JOIN k ON 1 LEFT JOIN {rows.Table} AS d ON d.{rows.Column(nameof(Dossier.Id))} = k.id
            ORDER BY k.at DESC, k.code DESC
            """;
    }

    /// <summary>The whole dossier row, not tracked.</summary>
    public static Task<Dossier?> ByCodeAsync(EgovDbContext db, string code) => ByCode.For(db)(db, code);

    public static ValueTask<List<DossierEvent>> HistoryAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => History.For(db)(db, dossierId).ToListAsync(ct);
    public static ValueTask<List<DossierDocumentView>> DocumentsAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => Documents.For(db)(db, dossierId).ToListAsync(ct);
    public static ValueTask<List<DossierFileView>> FilesAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => Files.For(db)(db, dossierId).ToListAsync(ct);
    public static ValueTask<List<DossierOpinion>> OpinionsAsync(EgovDbContext db, Guid dossierId, CancellationToken ct) => Opinions.For(db)(db, dossierId).ToListAsync(ct);

    /// <summary>One compiled query per model.</summary>
    private sealed class PerModel<T>(Func<T> compile) where T : class
    {
        private readonly ConditionalWeakTable<IModel, T> _byModel = [];
        public T For(EgovDbContext db) => _byModel.GetValue(db.Model, _ => compile());
    }
}

/// <summary>A dossier with what its page and its actions read (<see cref="DossierReads.BundleAsync"/>).</summary>
internal sealed record DossierBundle(Dossier Dossier, List<DossierParty> Parties, List<DossierEvent> Events, List<DossierOpinion> Opinions,
    List<DossierDocumentView> Documents, List<DossierFileView> Files);

/// <summary>The columns of a dossier that the public look-up shows without a second factor.</summary>
internal sealed record PublicDossier(string Code, string ProcedureName, int Status, DateTime AppointmentAt, DateTime? ClockStoppedAt, DateTime? StepDueAt,
    ReturnChannel ReturnChannel);
