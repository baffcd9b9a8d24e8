using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Egov.Platform.Data;

/// <summary>
/// Writes a save's changes as plain INSERT, UPDATE and DELETE statements on SQLite, where every write waits for the one
/// writer thread (<see cref="SqliteWriter"/>): EF Core's update pipeline (sorting the commands, generating their SQL,
/// batching, reading back) took longer there than the statements themselves, and that time is the writer's, which no
/// other core can share. The statements are those EF Core would send — the same columns, the same conversions through
/// each property's type mapping, the concurrency tokens in the WHERE clause (a row not found is a
/// <see cref="DbUpdateConcurrencyException"/>) — and their SQL is kept per entity type and set of changed columns.
/// A save with anything this does not do (values the database generates, owned or inherited types, rows that depend
/// on each other through a foreign key, a principal deleted) goes through EF Core as before: <see cref="TryPlan"/> says null.
/// </summary>
internal sealed class PlainSave
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<string, string>> Statements = [];
    private readonly List<(EntityEntry Entry, string Sql, List<(IProperty Property, bool Original)> Values)> _commands;

    private PlainSave(List<(EntityEntry, string, List<(IProperty, bool)>)> commands) => _commands = commands;

    /// <summary>The plain statements of the tracked changes (detected already), or null when EF Core must write them.</summary>
    public static PlainSave? TryPlan(DbContext db)
    {
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (entries.Count == 0) return null;
        var added = entries.Where(e => e.State == EntityState.Added).Select(e => e.Metadata).ToHashSet();
        var statements = Statements.GetValue(db.Model, _ => new());
        var commands = new List<(EntityEntry, string, List<(IProperty, bool)>)>(entries.Count);
        // Deleted rows first, then changed, then new: a unique value given up by one row can be taken by another.
        foreach (var entry in entries.OrderBy(e => e.State switch { EntityState.Deleted => 0, EntityState.Modified => 1, _ => 2 }))
        {
            var type = entry.Metadata;
            if (!IsPlain(type)) return null;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var name = type.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
            var key = type.FindPrimaryKey()!.Properties;
            var tokens = type.GetProperties().Where(p => p.IsConcurrencyToken && !key.Contains(p)).ToList();
            // A token that was null would need IS NULL; a value the database computes on update would need reading back.
            if (entry.State != EntityState.Added && tokens.Any(p => entry.Property(p.Name).OriginalValue is null)) return null;
            if (entry.State == EntityState.Modified && type.GetProperties().Any(p => p.ValueGenerated.HasFlag(Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnUpdate)))
                return null;
            List<(IProperty, bool)> values;
            string shape;
            switch (entry.State)
            {
                case EntityState.Added:
                    // A row that needs another row of the same save first (a foreign key) is EF Core's to order.
                    if (type.GetForeignKeys().Any(fk => added.Contains(fk.PrincipalEntityType))) return null;
                    var columns = new List<(IProperty, bool)>();
                    foreach (var p in type.GetProperties())
                    {
                        var value = entry.Property(p.Name);
                        if (value.IsTemporary) return null;
                        // EF Core leaves out a generated column whose value is still the default, for the database to fill.
                        if (p.ValueGenerated != Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never && !key.Contains(p)) return null;
                        if (p.GetDefaultValueSql() is not null || p.GetComputedColumnSql() is not null) return null;
                        columns.Add((p, false));
                    }
                    values = columns;
                    shape = "I:" + type.Name;
                    break;
                case EntityState.Modified:
                    var changed = type.GetProperties().Where(p => entry.Property(p.Name).IsModified).ToList();
                    if (changed.Count == 0 || changed.Any(key.Contains) || changed.Any(p => p.GetComputedColumnSql() is not null)) return null;
                    values = [.. changed.Select(p => (p, false)), .. key.Select(p => (p, true)), .. tokens.Select(p => (p, true))];
                    shape = "U:" + type.Name + ":" + string.Join(",", changed.Select(p => p.Name));
                    break;
                default:
                    if (type.GetReferencingForeignKeys().Any()) return null;   // cascades are EF Core's
                    values = [.. key.Select(p => (p, true)), .. tokens.Select(p => (p, true))];
                    shape = "D:" + type.Name;
                    break;
            }
            var state = entry.State;
            var sql = statements.GetOrAdd(shape, _ => Sql(state, name, table, values, key.Count));
            commands.Add((entry, sql, values));
        }
        return new PlainSave(commands);
    }

    /// <summary>Runs the statements in the context's current transaction; the caller accepts the changes afterwards.</summary>
    public async Task<int> ExecuteAsync(EgovDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A plain save runs in the save's transaction.");
        foreach (var (entry, sql, values) in _commands)
        {
            await using var command = db.Command(sql);
            for (var i = 0; i < values.Count; i++)
            {
                var (property, original) = values[i];
                var value = original ? entry.Property(property.Name).OriginalValue : entry.Property(property.Name).CurrentValue;
                command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, "@p" + i, value, property.IsNullable));
            }
            int rows;
            try
            {
                rows = await command.ExecuteNonQueryAsync(ct);
            }
            catch (DbException e)
            {
                throw new DbUpdateException("An error occurred while saving the entity changes. See the inner exception for details.", e,
                    [entry.GetInfrastructure()]);
            }
            if (rows != 1)
                throw new DbUpdateConcurrencyException(
                    $"The database operation was expected to affect 1 row(s), but actually affected {rows} row(s); data may have been modified or deleted since entities were loaded.",
                    [entry.GetInfrastructure()]);
        }
        return _commands.Count;
    }

    private static bool IsPlain(IEntityType type) =>
        type.BaseType is null && !type.GetDirectlyDerivedTypes().Any() && !type.IsOwned() && !type.GetComplexProperties().Any()
        && type.GetTableName() is not null && type.FindPrimaryKey() is not null && !type.IsMappedToJson()
        && type.GetNavigations().All(n => !n.TargetEntityType.IsOwned())
        && type.GetTableMappings().All(m => m.Table.EntityTypeMappings.Count() == 1);

    private static string Sql(EntityState state, string table, StoreObjectIdentifier store, List<(IProperty Property, bool Original)> values, int keys)
    {
        string Column(IProperty p) => Quote(p.GetColumnName(store)!);
        string Where(IEnumerable<int> indexes) => string.Join(" AND ", indexes.Select(i => $"{Column(values[i].Property)} = @p{i}"));
        switch (state)
        {
            case EntityState.Added:
                return $"INSERT INTO {table} ({string.Join(", ", values.Select(v => Column(v.Property)))}) VALUES ({string.Join(", ", values.Select((_, i) => "@p" + i))})";
            case EntityState.Modified:
                var set = values.Count(v => !v.Original);
                return $"UPDATE {table} SET {string.Join(", ", Enumerable.Range(0, set).Select(i => $"{Column(values[i].Property)} = @p{i}"))} "
                    + $"WHERE {Where(Enumerable.Range(set, values.Count - set))}";
            default:
                return $"DELETE FROM {table} WHERE {Where(Enumerable.Range(0, values.Count))}";
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}
