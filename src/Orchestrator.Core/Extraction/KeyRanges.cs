using System.Buffers.Binary;
using System.Globalization;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Extraction;

/// <summary>
/// Which of a run of consecutive key-range chunks holds a key, given the key as its binary COPY field: how one
/// sequential read of a table is split into the same chunks that key-range reads would give. Integer and uuid keys
/// only, compared as PostgreSQL compares them (integers as numbers, uuids byte by byte).
/// </summary>
public sealed class KeyRanges
{
    readonly int _width;
    readonly string _type;
    // The bounds in order: the run's lower bound (when closed), the boundaries between its chunks, its upper bound
    // (when closed). Integers as numbers, uuids as their 16 bytes.
    readonly long[] _integers = [];
    readonly byte[][] _uuids = [];
    readonly bool _closedBelow, _closedAbove;
    readonly int _count;

    public KeyRanges(IReadOnlyList<ChunkRange> run)
    {
        if (run.Count == 0 || !run.All(Routable) || run.Any(r => r.KeyColumns[0] != run[0].KeyColumns[0]))
            throw new ArgumentException("one-pass reads need key ranges over one integer or uuid column", nameof(run));
        _type = run[0].KeyTypes[0];
        _width = WidthOf(_type);
        for (var i = 1; i < run.Count; i++)
            if (run[i - 1].Upper is not [var upper] || run[i].Lower is not [var lower] || upper != lower)
                throw new ArgumentException($"chunk ranges {run[i - 1]} and {run[i]} do not meet", nameof(run));
        _closedBelow = run[0].Lower is not null;
        _closedAbove = run[^1].Upper is not null;
        var bounds = (_closedBelow ? [run[0].Lower![0]] : Array.Empty<string>())
            .Concat(run.Select(r => r.Upper?[0]).Take(run.Count - 1).Select(b => b!))
            .Concat(_closedAbove ? [run[^1].Upper![0]] : []).ToList();
        _count = bounds.Count;
        if (_width == 16) _uuids = bounds.Select(Uuid).ToArray();
        else _integers = bounds.Select(b => long.Parse(b, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
        for (var i = 1; i < _count; i++)
            if (_width == 16 ? _uuids[i].AsSpan().SequenceCompareTo(_uuids[i - 1]) <= 0 : _integers[i] <= _integers[i - 1])
                throw new ArgumentException($"the bounds of the chunk ranges are not in order at {bounds[i]}", nameof(run));
    }

    /// <summary>The routing of <paramref name="run"/>, or null when its ranges cannot be routed (see the constructor).</summary>
    public static KeyRanges? TryCreate(IReadOnlyList<ChunkRange> run)
    {
        try { return new KeyRanges(run); }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException) { return null; }
    }

    /// <summary>A range this can route: a key range over one column of a fixed-width type that orders by value.</summary>
    public static bool Routable(ChunkRange range) =>
        range is { Kind: RangeKind.Key, KeyColumns.Count: 1, KeyTypes.Count: 1 } && WidthOf(range.KeyTypes[0]) > 0;

    /// <summary>The chunk of the run whose range holds <paramref name="key"/>, or -1 when it lies outside the run.</summary>
    public int ChunkOf(ReadOnlySpan<byte> key)
    {
        if (key.Length != _width)
            throw new InvalidDataException($"a {_type} key of {key.Length} bytes in the COPY stream (expected {_width})");
        // How many bounds are at or below the key: a key equal to a boundary starts the chunk above it.
        int lo = 0, hi = _count;
        var number = _width == 16 ? 0 : Integer(key);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var above = _width == 16 ? key.SequenceCompareTo(_uuids[mid]) >= 0 : number >= _integers[mid];
            if (above) lo = mid + 1; else hi = mid;
        }
        var chunk = _closedBelow ? lo - 1 : lo;
        var chunks = _count + 1 - (_closedBelow ? 1 : 0) - (_closedAbove ? 1 : 0);
        return chunk < 0 || chunk >= chunks ? -1 : chunk;
    }

    static int WidthOf(string type) => type switch
    {
        "smallint" or "int2" => 2,
        "integer" or "int4" => 4,
        "bigint" or "int8" => 8,
        "uuid" => 16,
        _ => 0,
    };

    static long Integer(ReadOnlySpan<byte> value) => value.Length switch
    {
        2 => BinaryPrimitives.ReadInt16BigEndian(value),
        4 => BinaryPrimitives.ReadInt32BigEndian(value),
        _ => BinaryPrimitives.ReadInt64BigEndian(value),
    };

    static byte[] Uuid(string bound)
    {
        var bytes = new byte[16];
        Guid.Parse(bound, CultureInfo.InvariantCulture).TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }
}
