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
