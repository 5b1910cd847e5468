using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Where target names meet source names. The catalog, plan and manifests speak the target's names; a source dialect
/// is always handed the source's own names and types (chunk planning, chunk reading, aggregates), and what it returns
/// (key ranges, measures) is translated back. With no renames every function returns its input unchanged.
/// </summary>
public static class SourceTerms
{
    /// <summary>The table as the source knows it: source names and types, keys over source column names.</summary>
    public static TableInfo ForSource(this TableInfo table)
    {
        KeyInfo? Key(KeyInfo? key) => key is null ? null : key with { Columns = key.Columns.Select(c => SourceColumn(table, c)).ToList() };
        return table with
        {
            Name = table.SourceTableName,
            SourceName = null,
            Columns = ForSource(table.Columns),
            PrimaryKey = Key(table.PrimaryKey),
            InheritedKey = Key(table.InheritedKey),
            UniqueKeys = table.UniqueKeys.Select(u => Key(u)!).ToList(),
        };
    }

    public static IReadOnlyList<ColumnInfo> ForSource(IEnumerable<ColumnInfo> columns) =>
        columns.Select(c => c with { Name = c.SourceColumnName, SourceName = null, DataType = c.SourceDataType ?? c.DataType,
            SourceDataType = null }).ToList();

    /// <summary>Chunks the source planned, with key columns in target names (ranges are read back from the target).</summary>
    public static IReadOnlyList<ChunkPlan> ToTarget(TableInfo table, IReadOnlyList<ChunkPlan> chunks) =>
        chunks.Select(c => c with { Range = c.Range with { KeyColumns = c.Range.KeyColumns.Select(k => TargetColumn(table, k)).ToList() } })
            .ToList();

    /// <summary>What the table's chunks read from the source: <paramref name="targetColumns"/> by their source names.</summary>
    public static SourceRead Read(TableInfo table, IReadOnlyList<string> targetColumns) =>
        new(targetColumns.Select(c => SourceColumn(table, c)).ToList(),
            table.Columns.Where(c => c.Rule is null && Converted(c))
                .ToDictionary(c => c.SourceColumnName, c => c.DataType, StringComparer.Ordinal))
        {
            Renamed = table.Columns.Where(c => c.SourceName is not null)
                .ToDictionary(c => c.Name, c => c.SourceName!, StringComparer.Ordinal),
        };

    /// <summary>
    /// Columns whose aggregates compare on both sides: a column converted in the source SELECT (its type overridden
    /// to one that changes values) has different sums and extremes by design; its digest still covers it.
    /// </summary>
    public static IReadOnlyList<ColumnInfo> Comparable(TableInfo table)
        => table.CopiedColumns.Where(c => !Converted(c) && !Reshaped(c)).ToList();

    /// <summary>A column a spec rule reshapes (vector, artifact, pii, document): the source holds other values by design.</summary>
    public static bool Reshaped(ColumnInfo c) => c.Rule is { TimeSeries: null };

    /// <summary>Source measures ("Total.sum") renamed to the target's column names ("total.sum").</summary>
    public static TableAggregates ToTarget(TableInfo table, TableAggregates measures)
    {
        var names = table.Columns.Where(c => c.SourceName is not null)
            .ToDictionary(c => c.SourceName!, c => c.Name, StringComparer.Ordinal);
        if (names.Count == 0) return measures;
        return new TableAggregates(measures.Measures.ToDictionary(m =>
        {
            var dot = m.Key.LastIndexOf('.');
            return dot > 0 && names.TryGetValue(m.Key[..dot], out var target) ? target + m.Key[dot..] : m.Key;
        }, m => m.Value, StringComparer.Ordinal));
    }

    static bool Converted(ColumnInfo c) => c.SourceDataType is { } from && !TypeOverrides.KeepsValues(from, c.DataType);

    static string SourceColumn(TableInfo table, string target)
        => table.Columns.FirstOrDefault(c => c.Name == target)?.SourceColumnName ?? target;

    static string TargetColumn(TableInfo table, string source)
        => table.Columns.FirstOrDefault(c => c.SourceColumnName == source)?.Name ?? source;
}
