using System.Buffers.Binary;
using Orchestrator.Core.Validation;

namespace Orchestrator.Tests.Validation;

public class CopyStreamDigesterTests
{
    // A binary COPY stream built by hand: header, tuples of (int4, text-or-null), trailer.
    internal static byte[] CopyStream(IEnumerable<(int Id, string? Text)> rows)
    {
        var bytes = new List<byte>();
        bytes.AddRange("PGCOPY\n"u8.ToArray());
        bytes.AddRange(new byte[] { 0xFF, (byte)'\r', (byte)'\n', 0 });
        bytes.AddRange(new byte[8]); // flags, extension length
        foreach (var (id, text) in rows)
        {
            bytes.AddRange(Int16(2));
            bytes.AddRange(Int32(4));
            bytes.AddRange(Int32(id));
            if (text is null) bytes.AddRange(Int32(-1));
            else
            {
                var t = System.Text.Encoding.UTF8.GetBytes(text);
                bytes.AddRange(Int32(t.Length));
                bytes.AddRange(t);
            }
        }
        bytes.AddRange(Int16(-1));
        return bytes.ToArray();
    }

    static byte[] Int16(short v) { var b = new byte[2]; BinaryPrimitives.WriteInt16BigEndian(b, v); return b; }
    static byte[] Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); return b; }

    static RowSetDigest Digest(byte[] stream, int bufferSize)
    {
        var digester = new CopyStreamDigester();
        for (var i = 0; i < stream.Length; i += bufferSize)
            digester.Append(stream.AsSpan(i, Math.Min(bufferSize, stream.Length - i)));
        return digester.Finish();
    }

    static readonly (int, string?)[] Rows = [(1, "one"), (2, null), (3, ""), (4, "tab\there")];

    [Fact]
    public void Counts_rows_and_ignores_how_the_stream_is_split()
    {
        var stream = CopyStream(Rows);
        var whole = Digest(stream, stream.Length);
        Assert.Equal(4, whole.Rows);
        foreach (var size in new[] { 1, 2, 3, 7, 19 }) Assert.Equal(whole, Digest(stream, size));
    }

    [Fact]
    public void Every_two_way_split_gives_the_same_digest()
    {
        // Tuples inside one buffer are hashed in one call, tuples across buffers in pieces: both must agree at every cut.
        var stream = CopyStream(Rows);
        var whole = Digest(stream, stream.Length);
        for (var cut = 1; cut < stream.Length; cut++)
        {
            var digester = new CopyStreamDigester();
            digester.Append(stream.AsSpan(0, cut));
            digester.Append(stream.AsSpan(cut));
            Assert.Equal(whole, digester.Finish());
        }
    }

    [Fact]
    public void Row_order_does_not_matter() =>
        Assert.Equal(Digest(CopyStream(Rows), 64), Digest(CopyStream(Rows.Reverse()), 64));

    [Fact]
    public void Null_and_empty_differ() =>
        Assert.NotEqual(Digest(CopyStream([(1, null)]), 64), Digest(CopyStream([(1, "")]), 64));

    [Fact]
    public void A_changed_value_changes_the_digest() =>
        Assert.NotEqual(Digest(CopyStream(Rows), 64), Digest(CopyStream([(1, "one"), (2, null), (3, ""), (4, "tab\thers")]), 64));

    [Fact]
    public void Duplicate_rows_count_twice() =>
        Assert.NotEqual(Digest(CopyStream([(1, "a")]), 64), Digest(CopyStream([(1, "a"), (1, "a")]), 64));

    [Fact]
    public void Chunk_digests_add_up_to_the_table_digest()
    {
        var all = Digest(CopyStream(Rows), 64);
        var sum = Digest(CopyStream(Rows.Take(2)), 64) + Digest(CopyStream(Rows.Skip(2)), 64);
        Assert.Equal(all, sum);
        Assert.Equal(all, RowSetDigest.Parse(all.Rows, all.Hex));
    }

    [Fact]
    public void A_truncated_stream_is_detected()
    {
        var stream = CopyStream(Rows);
        var error = Assert.Throws<InvalidDataException>(() => Digest(stream[..^5], 64));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_foreign_stream_is_rejected()
    {
        var stream = CopyStream(Rows);
        stream[0] = (byte)'X';
        Assert.Throws<InvalidDataException>(() => Digest(stream, 64));
    }

    [Fact]
    public void An_empty_table_has_the_empty_digest() => Assert.Equal(RowSetDigest.Empty, Digest(CopyStream([]), 64));

    [Fact]
    public void The_digest_is_the_sum_of_each_tuples_hash()
    {
        UInt128 expected = 0;
        foreach (var (id, text) in Rows)
        {
            // A tuple's bytes: everything after the header up to the trailer, one row at a time.
            var alone = CopyStream([(id, text)]);
            expected = unchecked(expected + System.IO.Hashing.XxHash128.HashToUInt128(alone.AsSpan(19, alone.Length - 21)));
        }
        foreach (var size in new[] { 1, 2, 5, 4096 })
            Assert.Equal(new RowSetDigest(4, expected), Digest(CopyStream(Rows), size));
    }
}
