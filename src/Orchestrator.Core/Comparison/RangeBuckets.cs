using System.Buffers.Binary;
using System.Globalization;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// The range digests of one read of a whole table: each tuple's hash goes to the key range its integer key falls in,
/// so a side read once in any order (a sequential scan) gives the same digests as reading each range on its own.
/// For tables whose ranges are contiguous, over one integer key column, read in binary COPY (<see cref="For"/>).
/// </summary>
public sealed class RangeBuckets : ITupleObserver
{
    readonly int _keyField;
    readonly long[] _lowers; // the lower bound of every range but the first, in order
    readonly RowSetDigest[] _digests;
    long _key;
    bool _keySeen;

    RangeBuckets(int keyField, long[] lowers)
    {
        (_keyField, _lowers) = (keyField, lowers);
        _digests = new RowSetDigest[lowers.Length + 1];
    }

    public IReadOnlyList<RowSetDigest> Digests => _digests;

    /// <summary>The buckets of a table's ranges, or null when they cannot be read in one pass (see the class summary).</summary>
    public static RangeBuckets? For(CompareTable table)
    {
        var ranges = table.Ranges;
        if (table.Format != CopyFormat.Binary || table.Key.Count != 1 || ranges.Count < 2 || !IsInteger(table.KeyTypes[0])) return null;
        if (ranges.Any(r => r.Kind != RangeKind.Key || r.KeyColumns.Count != 1 || r.KeyColumns[0] != table.Key[0])) return null;
        if (ranges[0].Lower is not null || ranges[^1].Upper is not null) return null;
        var lowers = new long[ranges.Count - 1];
        for (var i = 1; i < ranges.Count; i++)
        {
            // Contiguous: each range starts where the one before it ends, at an integer bound.
            if (ranges[i].Lower is not [var lower] || ranges[i - 1].Upper is not [var upper] || lower != upper) return null;
            if (!long.TryParse(lower, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out lowers[i - 1])) return null;
            if (i > 1 && lowers[i - 1] <= lowers[i - 2]) return null;
        }
        var keyField = table.Columns.ToList().IndexOf(table.Key[0]);
        return keyField < 0 ? null : new RangeBuckets(keyField, lowers);
    }

    static bool IsInteger(string type) => type is "smallint" or "integer" or "bigint" or "int2" or "int4" or "int8";

    public bool NeedsValue(int field) => field == _keyField;

    public void Field(int field, int length, ReadOnlySpan<byte> value)
    {
        if (field != _keyField) return;
        _key = length switch
        {
            8 => BinaryPrimitives.ReadInt64BigEndian(value),
            4 => BinaryPrimitives.ReadInt32BigEndian(value),
            2 => BinaryPrimitives.ReadInt16BigEndian(value),
            _ => throw new InvalidDataException($"key column field {field}: {length} bytes in the COPY stream, not an integer"),
        };
        _keySeen = true;
    }

    public void Tuple(UInt128 hash)
    {
        if (!_keySeen) throw new InvalidDataException($"a tuple without its key field {_keyField}");
        // The range is the number of lower bounds at or below the key: [lowers[i-1], lowers[i]) is range i.
        var found = Array.BinarySearch(_lowers, _key);
        var range = found >= 0 ? found + 1 : ~found;
        _digests[range] = _digests[range].Add(hash);
        _keySeen = false;
    }
}
