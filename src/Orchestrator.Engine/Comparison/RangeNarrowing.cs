using Orchestrator.Core.Planning;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Narrows a range whose digests differ: splits it at keys the target holds, digests the parts on both sides, and
/// keeps splitting the parts that differ until one side holds at most <c>rowLevelRows</c>; those small ranges are
/// then compared row by row, as is a range whose parts nearly all differ. A range that cannot be split (its key type
/// cannot bound a range on this source) and is too large to hold is reported by its row counts.
/// </summary>
public sealed class RangeNarrowing(RangeSides sides, int rowLevelRows)
{
    const int Parts = 8;
    const int MaxDepth = 10;
    /// <summary>The most rows a row-by-row comparison holds (as key and hashes) when a range could not be split further.</summary>
    const long HoldAtMost = 100_000;

    public int RangesRead { get; private set; }

    /// <summary>
    /// Narrows a range whose digests differ and keeps its leaves (the small ranges and their differing keys) in the
    /// staging store for the recheck; returns the outcome with what was found.
    /// </summary>
    public static async Task<RangeOutcome> FindAsync(RangeSides sides, string migrationId, string compareId,
        RangeOutcome outcome, ChunkRange range,
        RowSetDigest source, RowSetDigest target, CancellationToken ct)
    {
        var narrowing = new RangeNarrowing(sides, sides.Spec.Compare.RowLevelRows);
        var leaves = await narrowing.LeavesAsync(range, source, target, ct);
        var document = LeafDocuments.Found(compareId, outcome.TableId, outcome.Index);
        await LeafDocuments.WriteAsync(sides.Store, migrationId, document, leaves, ct);
        return outcome with { RangesRead = outcome.RangesRead + narrowing.RangesRead,
            Found = LeafDocuments.Count(leaves), Document = document };
    }

    public async Task<IReadOnlyList<Leaf>> LeavesAsync(ChunkRange range, RowSetDigest source, RowSetDigest target, CancellationToken ct)
    {
        var leaves = new List<Leaf>();
        await NarrowAsync(range, source, target, 0, leaves, ct);
        return leaves;
    }

    async Task NarrowAsync(ChunkRange range, RowSetDigest source, RowSetDigest target, int depth, List<Leaf> leaves, CancellationToken ct)
    {
        if (source == target) return;
        var held = Math.Min(source.Rows, target.Rows);
        if (held > rowLevelRows && depth < MaxDepth && await SplitAsync(range, target.Rows, ct) is { } parts)
        {
            // Differences everywhere (a busy table, or a column changed in every row): splitting further would read
            // the range again at every level, so its rows are compared at once when they can be held.
            var differing = parts.Where(p => p.Item2 != p.Item3).ToList();
            if (differing.Count <= parts.Count / 2 || held > HoldAtMost)
            {
                foreach (var (part, s, t) in differing) await NarrowAsync(part, s, t, depth + 1, leaves, ct);
                return;
            }
        }
        leaves.Add(held <= HoldAtMost
            ? new Leaf(range, source.Rows, target.Rows, true, await RowComparison.CompareAsync(sides, range, source.Rows, target.Rows, ct))
            : new Leaf(range, source.Rows, target.Rows, false, []));
    }

    /// <summary>The range's parts with both sides' digests, or null when it cannot be split.</summary>
    async Task<List<(ChunkRange, RowSetDigest, RowSetDigest)>?> SplitAsync(ChunkRange range, long targetRows, CancellationToken ct)
    {
        if (range.Kind is RangeKind.Keys or RangeKind.Changed) return null; // listed keys: compared row by row
        var bounds = await KeySplits.BoundsAsync(sides.Target, sides.Plan, range, targetRows, Parts, ct);
        if (bounds.Count == 0) return null;
        var parts = new List<(ChunkRange, RowSetDigest, RowSetDigest)>();
        try
        {
            foreach (var part in KeySplits.Split(range, sides.Plan, bounds))
            {
                var (s, t, _) = await sides.DigestAsync(part, ct);
                RangesRead++;
                parts.Add((part, s, t));
            }
        }
        catch (NotSupportedException)
        {
            return null; // the source cannot bound a range by this key's type (SQL Server text and uuid keys)
        }
        return parts;
    }
}
