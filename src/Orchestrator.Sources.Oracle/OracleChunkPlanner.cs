using System.Globalization;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Sources.Oracle;

public sealed record OraclePartition(string Name, long EstimatedRows);

/// <summary>One extent of the table's segment, with the first ROWID it can hold (DBMS_ROWID.ROWID_CREATE(1, obj, fno, block, 0)).</summary>
public sealed record OracleExtent(long RelativeFno, long BlockId, long Blocks, string FirstRowId);

/// <summary>A single-column numeric key and its range, for key chunks.</summary>
public sealed record OracleIntegerKey(string Column, string TargetType, long Min, long Max);

/// <summary>What planning knows about a table: read from the catalog at plan time, planned without a connection.</summary>
public sealed record OracleTableFacts
{
    public long EstimatedRows { get; init; }
    public IReadOnlyList<OraclePartition> Partitions { get; init; } = [];
    /// <summary>Null when neither DBA_EXTENTS nor (for the session's own tables) USER_EXTENTS is readable.</summary>
    public IReadOnlyList<OracleExtent>? Extents { get; init; }
    public OracleIntegerKey? Key { get; init; }
    /// <summary>Index-organised tables have logical ROWIDs only: no ROWID ranges.</summary>
    public bool IndexOrganized { get; init; }
}

/// <summary>
/// Oracle chunks, chosen in this order: one per partition (PARTITION (p)); ROWID ranges from the segment's extents;
/// even ranges over a numeric key; else one chunk. Every chunk carries the plan's SCN, so all read one snapshot.
/// </summary>
public static class OracleChunkPlanner
{
    public static IReadOnlyList<ChunkPlan> Plan(string tableId, OracleTableFacts facts, long scn, long rowsPerChunk)
    {
        if (facts.Partitions.Count > 0)
            return facts.Partitions.Select((p, i) => new ChunkPlan(ChunkRanges.ChunkId(tableId, i), i,
                OracleChunkRange.Partition(p.Name, scn), Math.Max(p.EstimatedRows, 0))).ToList();

        var rows = Math.Max(facts.EstimatedRows, 0);
        var chunks = ChunkRanges.ChunkCount(rows, rowsPerChunk);
        IReadOnlyList<ChunkPlan> plans;
        if (chunks == 1)
            plans = ChunkRanges.Single(tableId, rows);
        else if (facts.Extents is { Count: > 1 } extents && !facts.IndexOrganized)
            return RowIdRanges(tableId, extents, chunks, rows, scn);
        else if (facts.Key is { } key && ChunkRanges.EvenIntegerBoundaries(key.Min, key.Max, chunks) is { Count: > 0 } bounds)
            plans = ChunkRanges.FromIntegerBoundaries(tableId, key.Column, key.TargetType, bounds, rows);
        else
            plans = ChunkRanges.Single(tableId, rows);
        return plans.Select(p => p with { Range = OracleChunkRange.WithScn(p.Range, scn) }).ToList();
    }

    // Extents in (file, block) order cut into groups of about equal blocks; a group starts at its first extent's
    // first ROWID. The first and last ranges are open, so rows anywhere (moved, or in extents added since) are read.
    static IReadOnlyList<ChunkPlan> RowIdRanges(string tableId, IReadOnlyList<OracleExtent> extents, int chunks, long rows, long scn)
    {
        var total = extents.Sum(e => e.Blocks);
        var perChunk = Math.Max(1, (total + chunks - 1) / chunks);
        var starts = new List<string>();
        long seen = 0;
        foreach (var extent in extents)
        {
            if (seen >= perChunk * (starts.Count + 1)) starts.Add(extent.FirstRowId);
            seen += extent.Blocks;
        }
        var plans = new List<ChunkPlan>();
        for (var i = 0; i <= starts.Count; i++)
        {
            var range = OracleChunkRange.RowIds(i == 0 ? null : starts[i - 1], i == starts.Count ? null : starts[i], scn);
            plans.Add(new ChunkPlan(ChunkRanges.ChunkId(tableId, i), i, range,
                rows / (starts.Count + 1) + (i < rows % (starts.Count + 1) ? 1 : 0)));
        }
        return plans;
    }
}

/// <summary>
/// Oracle chunks in Core's ChunkRange: partitions and ROWID ranges (source-only, so validated by the whole-table
/// digest), and the SCN every chunk reads AS OF.
/// </summary>
public static class OracleChunkRange
{
    public static ChunkRange WithScn(ChunkRange range, long scn) => range with { AsOf = Scn(scn) };

    public static ChunkRange Partition(string name, long scn) => new() { Kind = RangeKind.Partition, Partition = name, AsOf = Scn(scn) };

    public static ChunkRange RowIds(string? from, string? to, long scn) => new()
    {
        Kind = RangeKind.RowId, AsOf = Scn(scn),
        Lower = from is null ? null : [from], Upper = to is null ? null : [to],
    };

    public static long? Scn(ChunkRange range) =>
        range.AsOf is { } text && text.StartsWith("SCN ", StringComparison.Ordinal)
            ? long.Parse(text[4..], CultureInfo.InvariantCulture) : null;

    public static string? PartitionName(ChunkRange range) => range.Kind == RangeKind.Partition ? range.Partition : null;

    public static bool IsRowIdRange(ChunkRange range) => range.Kind == RangeKind.RowId;

    public static string Describe(ChunkRange range) => range.ToString();

    static string Scn(long scn) => string.Create(CultureInfo.InvariantCulture, $"SCN {scn}");
}
