using System.Text;
using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

public class ChunkCodecTests
{
    static readonly byte[] Text = Encoding.UTF8.GetBytes(
        string.Concat(Enumerable.Range(0, 200_000).Select(i => $"row {i},tag-{i % 97},tag-{i % 89}\n")));

    static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Writes <paramref name="data"/> in pieces of <paramref name="piece"/> bytes; returns the codec and what the store holds.
    /// </summary>
    static async Task<(string Codec, byte[] Stored)> StageAsync(byte[] data, int? level, int piece = 65536)
    {
        var store = new MemoryStagingWrite();
        var writer = ChunkCodec.Compress(store, level);
        await using (writer)
        {
            for (var i = 0; i < data.Length; i += piece)
                await writer.WriteAsync(data.AsMemory(i, Math.Min(piece, data.Length - i)));
            await writer.CompleteAsync(CancellationToken.None);
        }
        Assert.True(store.Committed);
        Assert.Equal(store.Bytes.Length, writer.CompressedBytes);
        return (writer.Codec, store.Bytes);
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
    public async Task Synchronous_writes_stage_the_same_bytes()
    {
        var store = new MemoryStagingWrite();
        var writer = ChunkCodec.Compress(store, null);
        await using (writer)
        {
            writer.Write(Text, 0, Text.Length);
            await writer.CompleteAsync(CancellationToken.None);
        }
        Assert.Equal(Text, Read(store.Bytes, writer.Codec));
    }

    /// <summary>A chunk whose source or store failed is abandoned: never committed, and nothing reaches the store after.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_chunk_closed_without_completing_is_abandoned_not_committed(int? level)
    {
        var store = new MemoryStagingWrite();
        await using (var writer = ChunkCodec.Compress(store, level))
            await writer.WriteAsync(Text.AsMemory(0, 3 * ChunkCodec.SampleBytes / 2)); // past the sample: the codec holds a frame open
        Assert.True(store.Abandoned);
        Assert.False(store.Committed);
        Assert.Equal(0, store.LateWrites);
    }

    /// <summary>The store failing under the codec (stored as it is, or through zstd's own stream) reaches the writer.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_failed_store_write_reaches_the_writer_and_the_chunk_is_abandoned(int level)
    {
        var store = new MemoryStagingWrite(failWritesAfter: 1);
        var writer = ChunkCodec.Compress(store, level);
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await using (writer)
                for (var i = 0; i + 65536 <= Text.Length; i += 65536) await writer.WriteAsync(Text.AsMemory(i, 65536));
        });
        Assert.Contains("No space left on device", error.Message);
        Assert.True(store.Abandoned);
        Assert.False(store.Committed);
    }

    [Fact]
    public async Task A_commit_that_fails_reaches_the_writer_and_leaves_the_chunk_abandoned()
    {
        var store = new MemoryStagingWrite(failCommit: true);
        var writer = ChunkCodec.Compress(store, null);
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await using (writer)
            {
                await writer.WriteAsync(Text);
                await writer.CompleteAsync(CancellationToken.None);
            }
        });
        Assert.True(store.Abandoned);
        Assert.False(store.Committed);
    }
}
