using Orchestrator.Core.Catalog;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;

namespace Orchestrator.Tests.Comparison;

public class KeySplitsTests
{
    static readonly CompareTable Lines = new()
    {
        TableId = "t0001-dbo.lines", Source = new TableName("dbo", "Lines"), Target = new TableName("dbo", "lines"),
        Columns = ["order_id", "line", "qty"], Read = new(["order_id", "line", "qty"], new Dictionary<string, string>()),
        Mode = CompareMode.Ranges, Key = ["order_id", "line"], KeyTypes = ["integer", "smallint"],
    };

    static ChunkRange Range(string[]? lower, string[]? upper) => new()
    {
        Kind = RangeKind.Key, KeyColumns = ["order_id", "line"], KeyTypes = ["integer", "smallint"], Lower = lower, Upper = upper,
    };

    [Fact]
    public void Splitting_covers_the_range_exactly_with_its_own_ends()
    {
        var parts = KeySplits.Split(Range(["10", "1"], null), Lines, [["20", "3"], ["30", "1"]]);
        Assert.Equal(["(order_id, line) in [10, 1, 20, 3)", "(order_id, line) in [20, 3, 30, 1)", "(order_id, line) in [30, 1, open)"],
            parts.Select(p => p.ToString()));
        // A range of all rows (a small table) splits into key ranges, open at both ends.
        var all = KeySplits.Split(ChunkRange.All, Lines, [["5", "0"]]);
        Assert.Equal([RangeKind.Key, RangeKind.Key], all.Select(p => p.Kind));
        Assert.Null(all[0].Lower);
        Assert.Null(all[1].Upper);
        Assert.Equal(["integer", "smallint"], all[0].KeyTypes);
    }

    [Fact]
    public void Split_points_are_every_nth_target_key_of_the_range_read_from_the_key_columns()
    {
        Assert.Equal(
            """SELECT "order_id"::text, "line"::text FROM (SELECT "order_id", "line", """ +
            """row_number() OVER (ORDER BY "order_id", "line") AS n FROM ONLY "dbo"."lines" """ +
            """WHERE ("order_id", "line") >= ('10'::integer, '1'::smallint)) s WHERE n % 250 = 1 AND n > 1 ORDER BY n""",
            KeySplits.Query(Lines, Range(["10", "1"], null), 250));
        Assert.DoesNotContain("ONLY", KeySplits.Query(Lines with { Partitioned = true }, ChunkRange.All, 2));
    }
}
