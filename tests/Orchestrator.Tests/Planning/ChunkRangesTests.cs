using Orchestrator.Core.Planning;

namespace Orchestrator.Tests.Planning;

public class ChunkRangesTests
{
    [Theory]
    [InlineData(0, 100, 1)]
    [InlineData(100, 100, 1)]
    [InlineData(101, 100, 2)]
    [InlineData(1_000_000, 250_000, 4)]
    public void Chunk_count_rounds_up(long rows, long perChunk, int expected) =>
        Assert.Equal(expected, ChunkRanges.ChunkCount(rows, perChunk));

    [Theory]
    [InlineData(2_000_000, 770_000_000L, 250_000)]    // 385 bytes a row: rows decide
    [InlineData(2_000_000, 4_000_000_000L, 134_217)]  // 2,000 bytes a row: 256 MiB decide
    [InlineData(24, 6_442_450_944L, 1)]               // 256 MB values: a chunk each
    [InlineData(0, 1_000_000L, 250_000)]              // no estimate: rows per chunk as set
    [InlineData(1_000, 0L, 250_000)]
    public void Wide_rows_make_fewer_rows_per_chunk(long rows, long bytes, long expected) =>
        Assert.Equal(expected, new Orchestrator.Core.Spec.ChunkingSpec().RowsPerChunkFor(rows, bytes));

    [Fact]
    public void A_table_of_large_values_plans_a_chunk_per_value()
    {
        var chunking = new Orchestrator.Core.Spec.ChunkingSpec();
        Assert.Equal(24, ChunkRanges.ChunkCount(24, chunking.RowsPerChunkFor(24, 24L * 256 << 20)));
        Assert.Equal(8, ChunkRanges.ChunkCount(2_000_000, chunking.RowsPerChunkFor(2_000_000, 770_000_000L)));
    }

    [Fact]
    public void Even_boundaries_split_the_key_space()
    {
        Assert.Equal([25L, 50, 75], ChunkRanges.EvenIntegerBoundaries(0, 100, 4));
        var extreme = ChunkRanges.EvenIntegerBoundaries(long.MinValue, long.MaxValue, 4);
        Assert.Equal(3, extreme.Count);
        Assert.True(extreme.SequenceEqual(extreme.Order()));
    }

    [Fact]
    public void Narrow_ranges_give_fewer_distinct_boundaries()
    {
        var bounds = ChunkRanges.EvenIntegerBoundaries(5, 7, 10);
        Assert.True(bounds.Count <= 2);
        Assert.All(bounds, b => Assert.InRange(b, 6, 7));
        Assert.Equal(bounds.Distinct(), bounds);
    }

    [Fact]
    public void Quantile_boundaries_follow_the_sample_and_drop_duplicates()
    {
        long[] skewed = [1, 1, 1, 1, 1, 1, 2, 3, 100, 1000, 10000];
        var bounds = ChunkRanges.QuantileBoundaries(skewed, 4);
        Assert.Equal(bounds.Distinct().Count(), bounds.Count);
        Assert.DoesNotContain(1L, bounds);
        Assert.True(bounds.SequenceEqual(bounds.Order()));
    }

    [Fact]
    public void Key_chunks_are_contiguous_with_open_ends()
    {
        var chunks = ChunkRanges.FromIntegerBoundaries("t0001-x", "id", "bigint", [10, 20], 300);
        Assert.Equal(3, chunks.Count);
        Assert.Null(chunks[0].Range.Lower);
        Assert.Null(chunks[^1].Range.Upper);
        for (var i = 1; i < chunks.Count; i++) Assert.Equal(chunks[i - 1].Range.Upper, chunks[i].Range.Lower);
        Assert.Equal(["t0001-x/c00000", "t0001-x/c00001", "t0001-x/c00002"], chunks.Select(c => c.ChunkId));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(10, 4)]
    [InlineData(1000, 7)]
    public void Page_chunks_cover_every_page(long pages, int chunks)
    {
        var plan = ChunkRanges.FromPages("t", pages, chunks, 1000);
        Assert.Null(plan[0].Range.FromPage);
        Assert.Null(plan[^1].Range.ToPage);
        for (var i = 1; i < plan.Count; i++) Assert.Equal(plan[i - 1].Range.ToPage, plan[i].Range.FromPage);
        Assert.True(plan.Count <= chunks);
    }
}
