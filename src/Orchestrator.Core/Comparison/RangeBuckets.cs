using Orchestrator.Core.Extraction;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// The range digests of one read of a whole table: each tuple's hash goes to the key range its key falls in
/// (<see cref="KeyRanges"/>), so a side read once in any order (a sequential scan) gives the same digests as reading
/// each range on its own. For tables whose ranges are contiguous and cover every key, over one integer or uuid key
/// column, read in binary COPY (<see cref="For"/>).
/// </summary>
public sealed class RangeBuckets : ITupleObserver
{
    readonly int _keyField;
    readonly KeyRanges _ranges;
    readonly RowSetDigest[] _digests;
    readonly byte[] _key = new byte[16];
    int _keyLength = -1;

    RangeBuckets(int keyField, KeyRanges ranges, int count)
    {
        (_keyField, _ranges) = (keyField, ranges);
        _digests = new RowSetDigest[count];
    }

    public IReadOnlyList<RowSetDigest> Digests => _digests;

    /// <summary>The buckets of a table's ranges, or null when they cannot be read in one pass (see the class summary).</summary>
    public static RangeBuckets? For(CompareTable table)
    {
        var ranges = table.Ranges;
        if (table.Format != CopyFormat.Binary || table.Key.Count != 1 || ranges.Count < 2) return null;
        if (ranges[0].Lower is not null || ranges[^1].Upper is not null) return null;
        if (ranges.Any(r => r.KeyColumns is not [var column] || column != table.Key[0])) return null;
        var keyField = table.Columns.ToList().IndexOf(table.Key[0]);
        // The key's width in the stream is that of the column as read.
        var routed = KeyRanges.TryCreate(ranges.Select(r => r with { KeyTypes = table.KeyTypes }).ToList());
        return keyField < 0 || routed is null ? null : new RangeBuckets(keyField, routed, ranges.Count);
    }

    public bool NeedsValue(int field) => field == _keyField;

    public void Field(int field, int length, ReadOnlySpan<byte> value)
    {
        if (field != _keyField) return;
        if (length is < 0 or > 16)
            throw new InvalidDataException($"key column field {field}: {length} bytes in the COPY stream, not an integer or a uuid");
        value[..length].CopyTo(_key);
        _keyLength = length;
    }

    public void Tuple(UInt128 hash)
    {
        if (_keyLength < 0) throw new InvalidDataException($"a tuple without its key field {_keyField}");
        var range = _ranges.ChunkOf(_key.AsSpan(0, _keyLength));
        _digests[range] = _digests[range].Add(hash);
        _keyLength = -1;
    }
}
