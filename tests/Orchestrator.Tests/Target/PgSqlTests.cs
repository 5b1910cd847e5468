using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Target;

public class PgSqlTests
{
    [Theory]
    [InlineData("orders", "\"orders\"")]
    [InlineData("Order Lines", "\"Order Lines\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("x\"; DROP TABLE y; --", "\"x\"\"; DROP TABLE y; --\"")]
    [InlineData("données_été", "\"données_été\"")]
    public void Identifiers_are_always_quoted(string name, string expected) => Assert.Equal(expected, PgSql.Ident(name));

    [Fact]
    public void Literals_double_their_quotes() => Assert.Equal("'it''s \\ fine'", PgSql.Literal("it's \\ fine"));

    [Fact]
    public void Nul_characters_cannot_reach_sql()
    {
        Assert.Throws<ArgumentException>(() => PgSql.Ident("a\0b"));
        Assert.Throws<ArgumentException>(() => PgSql.Literal("a\0b"));
    }

    [Fact]
    public void Composite_key_ranges_compare_rows()
    {
        var range = new ChunkRange
        {
            Kind = RangeKind.Key, KeyColumns = ["a", "b"], KeyTypes = ["integer", "text"], Lower = ["1", "x'y"], Upper = null,
        };
        Assert.Equal("(\"a\", \"b\") >= ('1'::integer, 'x''y'::text)", PgSql.RangePredicate(range));
    }

    [Fact]
    public void Single_key_ranges_are_half_open()
    {
        var range = new ChunkRange { Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = ["bigint"], Lower = ["10"], Upper = ["20"] };
        Assert.Equal("\"id\" >= '10'::bigint AND \"id\" < '20'::bigint", PgSql.RangePredicate(range));
    }

    [Fact]
    public void Page_ranges_use_tid_comparisons() =>
        Assert.Equal("ctid >= '(8,0)'::tid AND ctid < '(16,0)'::tid",
            PgSql.RangePredicate(new ChunkRange { Kind = RangeKind.Ctid, FromPage = 8, ToPage = 16 }));

    [Fact]
    public void Copy_out_reads_only_the_table_itself()
    {
        var sql = PgSql.CopyOut(new TableName("s", "t"), ["a", "b"], ChunkRange.All);
        Assert.Equal("COPY (SELECT \"a\", \"b\" FROM ONLY \"s\".\"t\") TO STDOUT (FORMAT BINARY)", sql);
    }

    [Fact]
    public void Listed_keys_read_one_column_through_an_array_and_several_through_a_values_list()
    {
        var one = new ChunkRange
        {
            Kind = RangeKind.Keys, KeyColumns = ["id"], KeyTypes = ["text"], Keys = [["a,b"], ["say \"hi\""], ["back\\slash"]],
        };
        Assert.Equal("\"id\" = ANY('{\"a,b\",\"say \\\"hi\\\"\",\"back\\\\slash\"}'::text[])", PgSql.RangePredicate(one));
        var two = new ChunkRange
        {
            Kind = RangeKind.Keys, KeyColumns = ["id", "at"], KeyTypes = ["bigint", "date"],
            Keys = [["1", "2024-01-02"], ["2", "2024-01-03"]],
        };
        Assert.Equal("(\"id\", \"at\") IN (VALUES ('1'::bigint, '2024-01-02'::date), ('2'::bigint, '2024-01-03'::date))",
            PgSql.RangePredicate(two));
        Assert.Equal("false", PgSql.RangePredicate(one with { Keys = [] }));
        // The changed keys' window must be listed first: read as a key range it would be every row.
        Assert.Throws<InvalidOperationException>(
            () => PgSql.RangePredicate(new ChunkRange { Kind = RangeKind.Changed, FromPage = 0, ToPage = 10 }));
    }
}
