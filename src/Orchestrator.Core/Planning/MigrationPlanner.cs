using System.Text;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Planning;

/// <summary>Plans every table of a catalog: the plan activity writes it once; `migrator plan` and the assessment only read it.</summary>
public static class MigrationPlanner
{
    public static async Task<MigrationPlan> BuildAsync(string migrationId, MigrationSpec spec, ISourceDialect source,
        SourceCatalog catalog, CancellationToken ct)
    {
        var tables = new List<TablePlan>();
        foreach (var table in catalog.Tables.Where(t => t.HoldsRows))
        {
            var tableId = TableId(tables.Count + 1, table.Name.ToString());
            tables.Add(new TablePlan
            {
                TableId = tableId,
                Source = table.SourceTableName,
                Target = table.Name,
                Columns = table.CopiedColumns.Select(c => c.Name).ToList(),
                Read = SourceTerms.Read(table, table.CopiedColumns.Select(c => c.Name).ToList()),
                Format = table.CopiedColumns.All(c => c.BinaryPortable) ? CopyFormat.Binary : CopyFormat.Text,
                Chunks = table.TimePartitions is { Partitions.Count: > 0 } series
                    ? TimeSeriesChunks(tableId, table, series)
                    : SourceTerms.ToTarget(table,
                        await source.PlanChunksAsync(SourceTerms.ForChunkPlanning(table), tableId, spec.Chunking, ct)),
                Strategy = "",
                EstimatedRows = Math.Max(table.EstimatedRows, 0),
                EstimatedBytes = table.SizeBytes,
            });
            // Never-analysed tables have no estimate in the catalog; planning counted them.
            tables[^1] = tables[^1] with
            {
                Strategy = table.TimePartitions is { Partitions.Count: > 0 } ? "time-partitions" : StrategyOf(tables[^1]),
                KeyReshaped = KeyReshaped(tables[^1], table),
                EstimatedRows = Math.Max(tables[^1].EstimatedRows, tables[^1].Chunks.Sum(c => c.EstimatedRows)),
            };
            if (spec.Chunking.OnePass && OnePassReadable(tables[^1], table))
                tables[^1] = tables[^1] with { ReadInOnePass = await source.ReadsInOnePassAsync(SourceTerms.ForChunkPlanning(table), ct) };
        }
        return new MigrationPlan
        {
            MigrationId = migrationId, SourcePosition = catalog.Position!, Tables = tables, PlannedAtUtc = DateTime.UtcNow,
            UnavailableProbes = UnavailableProbe.Merge(catalog.UnavailableProbes, source.UnavailableProbes),
        };
    }

    /// <summary>A time-series table's chunks follow its target partitions: one key range over the time column per partition.</summary>
    static IReadOnlyList<ChunkPlan> TimeSeriesChunks(string tableId, TableInfo table, TimePartitioning series)
    {
        var type = table.Columns.First(c => c.Name == series.Column).DataType;
        var boundaries = series.Partitions.Skip(1).Select(p => (IReadOnlyList<string>)[p.From]).ToList();
        return ChunkRanges.FromKeyBoundaries(tableId, [series.Column], [type], boundaries, Math.Max(table.EstimatedRows, 0));
    }

    /// <summary>
    /// A rule reshaped a chunk's key column (a hashed key): the target's values are not the source's, so chunks cannot be read back by
    /// range.
    /// </summary>
    static bool KeyReshaped(TablePlan plan, TableInfo table) =>
        plan.Chunks.Any(c => c.Range.KeyColumns.Any(k => table.Columns.FirstOrDefault(col => col.Name == k) is { } col
            && SourceTerms.Reshaped(col)));

    /// <summary>
    /// Chunks a sequential read can split on the way: binary rows passed through as read (no cast, no rule reshapes a
    /// value), keyed by one integer or uuid column, rows not wide (the read holds each row whole until it is routed).
    /// </summary>
    static bool OnePassReadable(TablePlan plan, TableInfo table) =>
        plan is { Chunks.Count: > 1, Format: CopyFormat.Binary, KeyReshaped: false, Read.Conversions.Count: 0 }
        && !table.Columns.Any(c => c.Rule is not null) && plan.Chunks.All(c => Extraction.KeyRanges.Routable(c.Range))
        && plan.EstimatedBytes <= (long)Extraction.CopySplitter.AverageRowLimit * Math.Max(plan.EstimatedRows, 1);

    static string StrategyOf(TablePlan table) => table.Chunks[0].Range.Kind switch
    {
        RangeKind.All => "single",
        RangeKind.Ctid => "ctid",
        RangeKind.Partition => "partition",
        RangeKind.RowId => "rowid",
        _ => table.Chunks[0].Range.KeyTypes is [var type] && type is "bigint" or "integer" or "smallint" ? "integer-key" : "sampled-key",
    };

    /// <summary>A stable, path-safe id: ordinal plus a readable slug (names may hold any character).</summary>
    static string TableId(int ordinal, string name)
    {
        var slug = new StringBuilder();
        foreach (var ch in name)
            slug.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-' ? ch : '_');
        var text = slug.ToString();
        return $"t{ordinal:D4}-{(text.Length > 48 ? text[..48] : text)}";
    }
}
