using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

public class ReadBackRangesTests
{
    [Theory]
    [InlineData(0, 4)]
    [InlineData(1500, 4)]   // under two 8 MB ranges
    [InlineData(100_000, 1)]
    public void A_small_table_or_one_stream_is_read_whole(long pages, int streams) =>
        Assert.Equal([ChunkRange.All], PostgresTarget.PageRanges(pages, streams));

    [Theory]
    [InlineData(10_000, 2, 2)]
    [InlineData(10_000, 4, 4)]
    [InlineData(3_000, 4, 2)]
    [InlineData(100_003, 3, 3)]
    public void Page_ranges_cover_the_table_end_to_end_without_overlap(long pages, int streams, int expected)
    {
        var ranges = PostgresTarget.PageRanges(pages, streams);
        Assert.Equal(expected, ranges.Count);
        Assert.All(ranges, r => Assert.Equal(RangeKind.Ctid, r.Kind));
        Assert.Null(ranges[0].FromPage);   // open at both ends: pages added since the size was read are still read
        Assert.Null(ranges[^1].ToPage);
        for (var i = 1; i < ranges.Count; i++) Assert.Equal(ranges[i - 1].ToPage, ranges[i].FromPage);
        Assert.All(ranges.Skip(1), r => Assert.True(r.FromPage > 0));
    }
}
