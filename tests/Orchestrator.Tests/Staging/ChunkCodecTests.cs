using System.Text;
using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

public class ChunkCodecTests
{
    static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 200_000).Select(i => $"row {i},tag-{i % 97},tag-{i % 89}\n")));

    static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes <paramref name="data"/> in pieces of <paramref name="piece"/> bytes; returns the codec and what the store holds.</summary>
    static async Task<(string Codec, byte[] Stored)> StageAsync(byte[] data, int? level, int piece = 65536)
    {
        var store = new MemoryStream();
        var writer = ChunkCodec.Compress(store, level);
        await using (writer)
            for (var i = 0; i < data.Length; i += piece)
                await writer.WriteAsync(data.AsMemory(i, Math.Min(piece, data.Length - i)));
        return (writer.Codec, store.ToArray());
    }

    static byte[] Read(byte[] stored, string codec)
    {
        using var data = ChunkCodec.Decompress(new MemoryStream(stored), codec);
        var back = new MemoryStream();
        data.CopyTo(back);
        return back.ToArray();
    }

    [Fact]
    public async Task Auto_compresses_data_that_shrinks_and_reads_back_the_same_bytes()
    {
        var (codec, stored) = await StageAsync(Text, level: null);
        Assert.Equal(ChunkCodec.Zstd, codec);
        Assert.True(stored.Length < Text.Length / 3, $"{stored.Length} of {Text.Length}");
        Assert.Equal(Text, Read(stored, codec));
    }

    [Fact]
    public async Task Auto_stores_incompressible_data_as_it_is()
    {
        var data = Random(3 * ChunkCodec.SampleBytes + 123);
        var (codec, stored) = await StageAsync(data, level: null, piece: 100_000); // pieces straddle the sample's end
        Assert.Equal(ChunkCodec.None, codec);
        Assert.Equal(data, stored);
    }

    [Fact]
    public async Task A_chunk_smaller_than_the_sample_is_decided_when_it_closes()
    {
        var small = Text.AsSpan(0, 5000).ToArray();
        var (codec, stored) = await StageAsync(small, level: null, piece: 7);
        Assert.Equal(ChunkCodec.Zstd, codec);
        Assert.Equal(small, Read(stored, codec));
        Assert.Equal(ChunkCodec.None, (await StageAsync(Random(5000), level: null)).Codec);
    }

    [Fact]
    public async Task A_chunk_that_fits_in_the_sample_is_stored_as_its_trial_one_checksummed_frame()
    {
        var small = Text.AsSpan(0, 50_000).ToArray();
        var (codec, stored) = await StageAsync(small, level: null, piece: 1000);
        Assert.Equal(ChunkCodec.Zstd, codec);
        Assert.Equal([0x28, 0xB5, 0x2F, 0xFD], stored[..4]); // one zstd frame...
        Assert.NotEqual(0, stored[4] & 0x04);               // ...whose descriptor says it carries a content checksum
        Assert.Equal(small, Read(stored, codec));
        var damaged = stored.ToArray();
        damaged[^2] ^= 0x01; // the checksum itself: only the checksum check can notice
        Assert.ThrowsAny<Exception>(() => Read(damaged, codec));
    }

    [Fact]
    public async Task Deciding_the_codec_borrows_its_buffers_instead_of_allocating_a_mebibyte_per_chunk()
    {
        // A run of many small tables stages a chunk each: two MiB-sized arrays per chunk (the sample and its trial
        // compression) were large-object allocations, and the GC paid for them in full collections.
        var small = Text.AsSpan(0, 50_000).ToArray();
        await StageAsync(small, level: null); // the pool's first arrays, and the JIT
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (codec, _) = await StageAsync(small, level: null);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ChunkCodec.Zstd, codec);
        Assert.True(allocated < ChunkCodec.SampleBytes / 2, $"staging a 50 kB chunk allocated {allocated:N0} bytes");
    }

    [Theory]
    [InlineData(0, ChunkCodec.None)]
    [InlineData(1, ChunkCodec.Zstd)]
    [InlineData(-3, ChunkCodec.Zstd)]
    public async Task A_level_from_the_spec_applies_whatever_the_data(int level, string expected)
    {
        var data = Random(200_000);
        var (codec, stored) = await StageAsync(data, level);
        Assert.Equal(expected, codec);
        Assert.Equal(data, Read(stored, codec));
    }

    [Fact]
    public void Synchronous_writes_and_dispose_stage_the_same_bytes()
    {
        var store = new MemoryStream();
        var writer = ChunkCodec.Compress(store, null);
        using (writer) writer.Write(Text, 0, Text.Length);
        Assert.Equal(Text, Read(store.ToArray(), writer.Codec));
    }

    /// <summary>Closing a staged chunk commits it (a blob upload): that must never block a thread on I/O.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Closing_a_chunk_closes_its_output_asynchronously(int? level)
    {
        var output = new ClosingRecorder();
        await using (var writer = ChunkCodec.Compress(output, level))
            await writer.WriteAsync(Text);
        Assert.Equal(["DisposeAsync"], output.Closes);
        Assert.Equal(Text, Read(output.ToArray(), level == 0 ? ChunkCodec.None : ChunkCodec.Zstd));
    }

    sealed class ClosingRecorder : MemoryStream
    {
        public List<string> Closes { get; } = [];
        public override ValueTask DisposeAsync()
        {
            Closes.Add("DisposeAsync");
            return ValueTask.CompletedTask;
        }
        protected override void Dispose(bool disposing)
        {
            if (disposing) Closes.Add("Dispose");
        }
    }
}
