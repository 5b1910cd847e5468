using System.Buffers.Binary;
using Orchestrator.Core.Extraction;
using Orchestrator.Core.Planning;

namespace Orchestrator.Tests.Extraction;

public class KeyRangesTests
{
    static ChunkRange Range(string type, string? lower, string? upper) => new()
    {
        Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = [type],
        Lower = lower is null ? null : [lower], Upper = upper is null ? null : [upper],
    };

    static byte[] Int8(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    static byte[] Int2(short value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteInt16BigEndian(bytes, value);
        return bytes;
    }

    static byte[] Uuid(string text)
    {
        var bytes = new byte[16];
        Guid.Parse(text).TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    [Theory]
    [InlineData(long.MinValue, 0)]
    [InlineData(-1, 0)]
    [InlineData(-5, 0)]
    [InlineData(9, 1)] // a boundary starts the chunk above it
    [InlineData(99, 1)]
    [InlineData(100, 2)]
    [InlineData(long.MaxValue, 2)]
    public void An_open_run_sends_every_integer_to_the_chunk_whose_range_holds_it(long key, int chunk)
    {
        // Negative numbers order below positive ones, though their big-endian bytes order above them.
        var ranges = new KeyRanges([Range("bigint", null, "9"), Range("bigint", "9", "100"), Range("bigint", "100", null)]);
        Assert.Equal(chunk, ranges.ChunkOf(Int8(key)));
    }

    [Theory]
    [InlineData(-200, -1)]
    [InlineData(-100, 0)]
    [InlineData(0, 1)]
    [InlineData(99, 1)]
    [InlineData(100, -1)]
    public void A_closed_run_passes_over_keys_outside_it(short key, int chunk)
    {
        var ranges = new KeyRanges([Range("smallint", "-100", "0"), Range("smallint", "0", "100")]);
        Assert.Equal(chunk, ranges.ChunkOf(Int2(key)));
    }

    [Fact]
    public void Uuids_are_ordered_byte_by_byte_as_PostgreSQL_orders_them()
    {
        // .NET's Guid comparison and its default byte order differ from PostgreSQL's; the first byte decides here.
        var ranges = new KeyRanges([Range("uuid", null, "80000000-0000-0000-0000-000000000000"),
            Range("uuid", "80000000-0000-0000-0000-000000000000", null)]);
        Assert.Equal(0, ranges.ChunkOf(Uuid("7fffffff-ffff-ffff-ffff-ffffffffffff")));
        Assert.Equal(1, ranges.ChunkOf(Uuid("80000000-0000-0000-0000-000000000000")));
        Assert.Equal(1, ranges.ChunkOf(Uuid("ff000000-0000-0000-0000-000000000001")));
        Assert.Equal(0, ranges.ChunkOf(Uuid("00000000-0000-0000-0000-0000000000ff")));
    }

    [Fact]
    public void Only_single_column_integer_or_uuid_key_ranges_are_routable()
    {
        Assert.True(KeyRanges.Routable(Range("integer", null, "5")));
        Assert.False(KeyRanges.Routable(Range("text", null, "m")));
        Assert.False(KeyRanges.Routable(Range("numeric", null, "5")));
        Assert.False(KeyRanges.Routable(new ChunkRange { Kind = RangeKind.Ctid, FromPage = 0, ToPage = 5 }));
        Assert.False(KeyRanges.Routable(Range("bigint", null, "5") with { KeyColumns = ["a", "b"], KeyTypes = ["bigint", "bigint"] }));
    }

    [Fact]
    public void Ranges_that_do_not_meet_and_keys_of_the_wrong_width_are_refused()
    {
        var gap = Assert.Throws<ArgumentException>(() => new KeyRanges([Range("bigint", null, "10"), Range("bigint", "20", null)]));
        Assert.Contains("do not meet", gap.Message);
        var ranges = new KeyRanges([Range("integer", null, "10"), Range("integer", "10", null)]);
        var wrong = Assert.Throws<InvalidDataException>(() => ranges.ChunkOf(Int8(5)));
        Assert.Contains("a integer key of 8 bytes", wrong.Message);
    }
}
