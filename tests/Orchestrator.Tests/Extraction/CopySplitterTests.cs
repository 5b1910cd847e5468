using System.Buffers.Binary;
using System.Text;
using Orchestrator.Core.Extraction;
using Orchestrator.Core.Planning;

namespace Orchestrator.Tests.Extraction;

public class CopySplitterTests
{
    static readonly byte[] Header = [.. "PGCOPY\n"u8, 0xff, .. "\r\n\0"u8, 0, 0, 0, 0, 0, 0, 0, 0];

    static readonly KeyRanges ThreeChunks = new(
    [
        Range(null, "100"), Range("100", "200"), Range("200", null),
    ]);

    static ChunkRange Range(string? lower, string? upper) => new()
    {
        Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = ["bigint"],
        Lower = lower is null ? null : [lower], Upper = upper is null ? null : [upper],
    };

    /// <summary>A binary COPY row of (note text, id bigint): the key is the second field.</summary>
    static byte[] Row(long id, string? note)
    {
        var text = note is null ? [] : Encoding.UTF8.GetBytes(note);
        var row = new byte[2 + 4 + text.Length + 4 + 8];
        BinaryPrimitives.WriteInt16BigEndian(row, 2);
        BinaryPrimitives.WriteInt32BigEndian(row.AsSpan(2), note is null ? -1 : text.Length);
        text.CopyTo(row, 6);
        BinaryPrimitives.WriteInt32BigEndian(row.AsSpan(6 + text.Length), 8);
        BinaryPrimitives.WriteInt64BigEndian(row.AsSpan(10 + text.Length), id);
        return row;
    }

    static byte[] Stream(params byte[][] rows) => [.. Header, .. rows.SelectMany(r => r), 0xff, 0xff];

    /// <summary>A stream that hands out at most a few bytes a read, so rows and the header straddle reads.</summary>
    sealed class Trickle(byte[] data, int most) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], ct);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(3)]
    public async Task Each_row_goes_whole_to_its_chunk_and_each_chunk_is_a_complete_copy_stream(int readSize)
    {
        var rows = new[] { Row(5, "a"), Row(150, null), Row(250, "ccc"), Row(-7, ""), Row(100, "boundary"), Row(199, "é") };
        var outputs = Enumerable.Range(0, 3).Select(_ => new MemoryStream()).ToArray();

        var read = await new CopySplitter(1, ThreeChunks, outputs.Select(o => new CopySink(o)).ToList())
            .RunAsync(new Trickle(Stream(rows), readSize), CancellationToken.None);

        Assert.Equal(6, read);
        Assert.Equal(Stream(rows[0], rows[3]), outputs[0].ToArray());
        Assert.Equal(Stream(rows[1], rows[4], rows[5]), outputs[1].ToArray());
        Assert.Equal(Stream(rows[2]), outputs[2].ToArray());
    }

    [Fact]
    public async Task Rows_of_chunks_without_a_sink_are_passed_over_and_a_row_larger_than_the_buffer_is_kept_whole()
    {
        var large = Row(120, new string('x', 3 << 20));
        var output = new MemoryStream();

        var read = await new CopySplitter(1, ThreeChunks, [null, new CopySink(output), null])
            .RunAsync(new Trickle(Stream(Row(1, "a"), large, Row(300, "z")), 1 << 16), CancellationToken.None);

        Assert.Equal(3, read);
        Assert.Equal(Stream(large), output.ToArray());
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_row_or_a_row_without_its_key_is_refused()
    {
        var cut = Stream(Row(1, "abc"))[..^4];
        var ended = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new CopySplitter(1, ThreeChunks, [null, null, null]).RunAsync(new MemoryStream(cut), CancellationToken.None));
        Assert.Contains("ended inside a row", ended.Message);

        var noKey = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new CopySplitter(2, ThreeChunks, [null, null, null]).RunAsync(new MemoryStream(Stream(Row(1, "a"))), CancellationToken.None));
        Assert.Contains("without the key's field 3", noKey.Message);
    }
}
