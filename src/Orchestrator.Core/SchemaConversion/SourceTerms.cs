using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Where target names meet source names, through a table's column map (<see cref="TableInfo.Source"/>). The catalog,
/// plan and manifests speak the target's names; a source dialect is always handed the source's own names and types
/// (chunk planning, chunk reading, aggregates), and what it returns (key ranges, measures) is translated back. With
/// no map every function returns its input unchanged.
/// </summary>
public static class SourceTerms
{
    /// <summary>
    /// What a source dialect plans a table's chunks over: the source table (its name, its columns' names and types)
    /// with the facts planning needs carried over from the target columns they fill (keys, nullability, estimates).
    /// </summary>
    public static TableInfo ForChunkPlanning(TableInfo table)
    {
        if (table.Source is null) return table;
        KeyInfo? Key(KeyInfo? key) => key is null ? null : key with { Columns = key.Columns.Select(c => SourceName(table, c)).ToList() };
        return table with
        {
            Name = table.Source.Name,
            Source = null,
            Columns = Columns(table, table.Columns),
            PrimaryKey = Key(table.PrimaryKey),
            InheritedKey = Key(table.InheritedKey),
            UniqueKeys = table.UniqueKeys.Select(u => Key(u)!).ToList(),
        };
    }

    /// <summary>What a source dialect computes aggregates over: <paramref name="columns"/> by their source names and types.</summary>
    public static IReadOnlyList<ColumnInfo> Columns(TableInfo table, IEnumerable<ColumnInfo> columns) =>
        columns.Select(c => table.SourceOf(c) is var source && source.Name == c.Name && source.DataType == c.DataType ? c
            : c with { Name = source.Name, DataType = source.DataType }).ToList();

    /// <summary>Chunks the source planned, with key columns in target names (ranges are read back from the target).</summary>
    public static IReadOnlyList<ChunkPlan> ToTarget(TableInfo table, IReadOnlyList<ChunkPlan> chunks) => table.Source is null ? chunks
        : chunks.Select(c => c with { Range = c.Range with { KeyColumns = c.Range.KeyColumns.Select(k => TargetName(table, k)).ToList() } })
            .ToList();

    /// <summary>What the table's chunks read from the source: <paramref name="targetColumns"/> by their source names.</summary>
    public static SourceRead Read(TableInfo table, IReadOnlyList<string> targetColumns) =>
        new(targetColumns.Select(c => SourceName(table, c)).ToList(),
            table.Columns.Where(c => c.Rule is null && Converted(table, c))
                .ToDictionary(c => table.SourceOf(c).Name, c => c.DataType, StringComparer.Ordinal))
        {
            Renamed = Renamed(table).ToDictionary(c => c.Target, c => c.Name, StringComparer.Ordinal),
        };

    /// <summary>
    /// Columns whose aggregates compare on both sides: a column converted in the source SELECT (its type overridden
    /// to one that changes values) has different sums and extremes by design; its digest still covers it.
    /// </summary>
    public static IReadOnlyList<ColumnInfo> Comparable(TableInfo table)
        => table.CopiedColumns.Where(c => !Converted(table, c) && !Reshaped(c)).ToList();

    /// <summary>A column a spec rule reshapes (vector, artifact, pii, document): the source holds other values by design.</summary>
    public static bool Reshaped(ColumnInfo c) => c.Rule is { TimeSeries: null };

    /// <summary>
    /// The column's source type is not its target type and the values change between them: the source SELECT converts
    /// it (an override), or a rule reshapes it.
    /// </summary>
    public static bool Converted(TableInfo table, ColumnInfo c) =>
        table.SourceOf(c).DataType is var from && from != c.DataType && !TypeOverrides.KeepsValues(from, c.DataType);

    /// <summary>Source measures ("Total.sum") renamed to the target's column names ("total.sum").</summary>
    public static TableAggregates ToTarget(TableInfo table, TableAggregates measures)
    {
        var names = Renamed(table).ToDictionary(c => c.Name, c => c.Target, StringComparer.Ordinal);
        if (names.Count == 0) return measures;
        return new TableAggregates(measures.Measures.ToDictionary(m =>
        {
            var dot = m.Key.LastIndexOf('.');
            return dot > 0 && names.TryGetValue(m.Key[..dot], out var target) ? target + m.Key[dot..] : m.Key;
        }, m => m.Value, StringComparer.Ordinal));
    }

    static IEnumerable<SourceColumn> Renamed(TableInfo table) => table.Source?.Columns.Where(c => c.Name != c.Target) ?? [];

    static string SourceName(TableInfo table, string target) => table.Source?.Filling(target)?.Name ?? target;

    static string TargetName(TableInfo table, string source)
        => table.Source?.Columns.FirstOrDefault(c => c.Name == source)?.Target ?? source;
}
