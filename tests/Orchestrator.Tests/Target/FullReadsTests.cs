using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

/// <summary>Npgsql hands a COPY out a row per read; FullReads gives the pipeline whole buffers of the same bytes.</summary>
public class FullReadsTests
{
    /// <summary>Returns at most a row's worth per read, like a raw COPY stream: 1 to 500 bytes, in a fixed pseudo-random pattern.</summary>
    sealed class RowAtATime(byte[] data) : MemoryStream(data)
    {
        int _reads;
        int Next(int asked) => Math.Min(asked, 1 + (_reads++ * 7919) % 500);
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Next(buffer.Length)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            base.ReadAsync(buffer[..Next(buffer.Length)], ct);
    }

    static readonly byte[] Data = Enumerable.Range(0, 200_003).Select(i => (byte)(i * 31 + i / 257)).ToArray();

    [Fact]
    public async Task Every_read_but_the_last_fills_the_buffer_and_the_bytes_are_the_source_s()
    {
        await using var reads = new CopyStreams.FullReads(new RowAtATime(Data));
        var buffer = new byte[65_536];
        var copy = new List<byte>();
        var sizes = new List<int>();
        int read;
        while ((read = await reads.ReadAsync(buffer)) > 0)
        {
            sizes.Add(read);
            copy.AddRange(buffer.AsSpan(0, read));
        }
        Assert.Equal(Data, copy);
        Assert.Equal([65_536, 65_536, 65_536, 200_003 - 3 * 65_536], sizes);
    }

    [Fact]
    public void Synchronous_reads_fill_the_buffer_too()
    {
        using var reads = new CopyStreams.FullReads(new RowAtATime(Data));
        var buffer = new byte[100_000];
        Assert.Equal(100_000, reads.Read(buffer, 0, buffer.Length));
        Assert.Equal(Data.AsSpan(0, 100_000).ToArray(), buffer);
        Assert.Equal(100_000, reads.Read(buffer));
        Assert.Equal(3, reads.Read(buffer));
        Assert.Equal(0, reads.Read(buffer));
    }

    [Fact]
    public async Task Disposing_it_disposes_the_copy_stream()
    {
        var inner = new RowAtATime(Data);
        await using (new CopyStreams.FullReads(inner)) { }
        Assert.Throws<ObjectDisposedException>(() => inner.ReadByte());
    }
}
