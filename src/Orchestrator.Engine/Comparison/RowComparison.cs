using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Compares a small range row by row by key. The side with fewer rows is held (key and column hashes, no values);
/// the other streams past it: a key on one side only is missing or extra, a key on both with other hashes differs
/// in the columns whose hashes differ.
/// </summary>
public static class RowComparison
{
    public static async Task<IReadOnlyList<KeyedDifference>> CompareAsync(RangeSides sides, ChunkRange range,
        long sourceRows, long targetRows,
        CancellationToken ct)
    {
        var plan = sides.Plan;
        var holdSource = sourceRows <= targetRows;
        var held = new Dictionary<RowKey, ulong[]>();
        var differences = new List<(RowKey Key, DifferenceKind Kind, IReadOnlyList<string>? Columns)>();
        var heldKind = holdSource ? DifferenceKind.Missing : DifferenceKind.Extra;
        var streamedKind = holdSource ? DifferenceKind.Extra : DifferenceKind.Missing;

        await ReadAsync(sides, range, holdSource, row =>
        {
            // A key twice on one side (a target without its key constraint yet): the second copy has no partner.
            if (!held.TryAdd(row.Key, row.Columns)) differences.Add((row.Key, heldKind, null));
        }, ct);
        await ReadAsync(sides, range, !holdSource, row =>
        {
            if (!held.Remove(row.Key, out var columns)) { differences.Add((row.Key, streamedKind, null)); return; }
            var changed = plan.Columns.Where((_, i) => columns[i] != row.Columns[i]).ToList();
            if (changed.Count > 0) differences.Add((row.Key, DifferenceKind.Different, changed));
        }, ct);
        differences.AddRange(held.Keys.Select(k => (k, heldKind, (IReadOnlyList<string>?)null)));

        return differences.OrderBy(d => d.Key.Bytes, ByteOrder.Instance)
            .Select(d => new KeyedDifference(d.Key.Base64, KeyValues.Json(d.Key, plan.Key, plan.KeyTypes, plan.Format), d.Kind, d.Columns))
            .ToList();
    }

    static async Task ReadAsync(RangeSides sides, ChunkRange range, bool source, Action<SeenRow> onRow, CancellationToken ct)
    {
        var plan = sides.Plan;
        var keyFields = plan.Key.Select(k => plan.Columns.ToList().IndexOf(k)).ToList();
        var hasher = RowHasher.For(plan.Format, keyFields, plan.Columns.Count, onRow);
        if (source) await sides.ReadSourceAsync(range, hasher.Append, ct);
        else await sides.ReadTargetAsync(range, hasher.Append, ct);
        hasher.Finish();
    }

    sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
