using System.Data.Common;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Egov.Platform.Data;

/// <summary>
/// Whole rows of a mapped entity type read by a plain statement, for the few reads on every request of a hot path: EF
/// Core's query pipeline costs more there than the statements. The table, the columns and each column's conversion come
/// from the EF Core model of the context (the provider's type mapping and the model's value converters, e.g. UTC instants
/// and enums kept as text), so a row reads here exactly as EF Core would read it. Entities read this way are not
/// tracked; <c>Attach</c> one to change it.
/// </summary>
public sealed class PlainRows<T> where T : class, new()
{
    private static readonly ConditionalWeakTable<IModel, PlainRows<T>> ByModel = [];
    private static readonly ConditionalWeakTable<IModel, System.Collections.Concurrent.ConcurrentDictionary<string, PlainRows<T>>> WithoutByModel = [];
    private static readonly ConditionalWeakTable<IModel, System.Collections.Concurrent.ConcurrentDictionary<string, PlainRows<T>>> OnlyByModel = [];
    private readonly List<string> _quoted;
    private readonly Action<T, DbDataReader, int>[] _columns;
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;

    /// <summary>The quoted table (with its schema) and the quoted columns in the order <see cref="Read"/> expects them.</summary>
    public string Table { get; }
    public string Columns { get; }

    private PlainRows(IModel model, Func<IProperty, bool> read)
    {
        _entity = model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        _table = StoreObjectIdentifier.Table(_entity.GetTableName()!, _entity.GetSchema());
        Table = _entity.GetSchema() is { } schema ? $"\"{schema}\".\"{_table.Name}\"" : $"\"{_table.Name}\"";
        var properties = _entity.GetProperties().Where(read).ToList();
        if (properties.Any(p => p.IsShadowProperty() || p.PropertyInfo is null))
            throw new InvalidOperationException($"{typeof(T).Name} has properties without a CLR property; read it through EF Core.");
        _quoted = [.. properties.Select(p => Quote(p.GetColumnName(_table)!))];
        Columns = string.Join(", ", _quoted);
        _columns = [.. properties.Select(ColumnReader)];
    }

    public static PlainRows<T> For(DbContext db) => ByModel.GetValue(db.Model, m => new PlainRows<T>(m, _ => true));

    /// <summary>All columns but one (a file's content): the property keeps its default.</summary>
    public static PlainRows<T> Without(DbContext db, string property) =>
        WithoutByModel.GetValue(db.Model, _ => new()).GetOrAdd(property, p => new PlainRows<T>(db.Model, x => x.Name != p));

    /// <summary>Only these properties (a list's columns); the others keep their defaults.</summary>
    public static PlainRows<T> Only(DbContext db, IReadOnlyCollection<string> properties) =>
        OnlyByModel.GetValue(db.Model, _ => new()).GetOrAdd(string.Join(",", properties), _ => new PlainRows<T>(db.Model, x => properties.Contains(x.Name)));

    /// <summary>The columns qualified by a table alias of the statement (<c>d."Code"</c>), in the order <see cref="Read"/> expects them.</summary>
    public string ColumnsOf(string alias) => string.Join(", ", _quoted.Select(c => alias + "." + c));

    /// <summary>The quoted column of a property.</summary>
    public string Column(string property) =>
        Quote(_entity.FindProperty(property)?.GetColumnName(_table) ?? throw new ArgumentException($"{typeof(T).Name} has no {property}.", nameof(property)));

    /// <summary>"SELECT {columns} FROM {table}" and the rest of the statement.</summary>
    public string Select(string rest) => $"SELECT {Columns} FROM {Table} {rest}";

    /// <summary>The row the reader is on, its columns starting at <paramref name="offset"/>.</summary>
    public T Read(DbDataReader reader, int offset = 0)
    {
        var row = new T();
        for (var i = 0; i < _columns.Length; i++) _columns[i](row, reader, offset + i);
        return row;
    }

    /// <summary>Every row of the reader's current result.</summary>
    public async Task<List<T>> ReadAllAsync(DbDataReader reader, CancellationToken ct)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(Read(reader));
        return rows;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>Reads the provider's type (the converter's, when the model has one), converts it, sets the property.</summary>
    private static Action<T, DbDataReader, int> ColumnReader(IProperty property)
    {
        var mapping = property.GetRelationalTypeMapping();
        var converter = mapping.Converter ?? property.GetValueConverter();
        var providerType = converter?.ProviderClrType ?? mapping.ClrType;
        providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
        var read = (Func<DbDataReader, int, object>)typeof(PlainRows<T>).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(providerType).CreateDelegate(typeof(Func<DbDataReader, int, object>));
        var convert = converter?.ConvertFromProvider;
        var set = Setter(property.PropertyInfo!);
        return (row, reader, i) =>
        {
            if (reader.IsDBNull(i)) { set(row, null); return; }
            var value = read(reader, i);
            set(row, convert is null ? value : convert(value));
        };
    }

    private static object ReadAs<TValue>(DbDataReader reader, int i) => reader.GetFieldValue<TValue>(i)!;

    private static Action<T, object?> Setter(System.Reflection.PropertyInfo property)
    {
        var row = Expression.Parameter(typeof(T));
        var value = Expression.Parameter(typeof(object));
        return Expression.Lambda<Action<T, object?>>(
            Expression.Assign(Expression.Property(row, property), Expression.Convert(value, property.PropertyType)), row, value).Compile();
    }
}
