using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Oracle;

namespace Orchestrator.Tests.Sources.Oracle;

public class OracleAggregateTests
{
    [Theory]
    [InlineData(".5", 2, "0.50")]
    [InlineData("-.5", null, "-0.5")]
    [InlineData("12", 0, "12")]
    [InlineData("1E+3", null, "1000")]
    [InlineData("1.25E-2", null, "0.0125")]
    [InlineData("0", 3, "0.000")]
    public void Numbers_print_as_postgres_numeric(string oracle, int? scale, string expected) =>
        Assert.Equal(expected, OracleValueText.PgNumeric(oracle, scale));

    [Theory]
    [InlineData(1e20, "1e+20")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Doubles_print_as_float8out(double value, string expected) => Assert.Equal(expected, OracleValueText.PgFloat8(value));

    [Fact]
    public void Floats_intervals_and_uuids_print_as_postgres()
    {
        Assert.Equal("1e+06", OracleValueText.PgFloat4(1_000_000f));
        Assert.Equal("100000", OracleValueText.PgFloat4(100_000f));
        Assert.Equal("1 year 2 mons", OracleValueText.PgInterval(14, 0, 0));
        Assert.Equal("-1 years -2 mons", OracleValueText.PgInterval(-14, 0, 0));
        Assert.Equal("1 mon", OracleValueText.PgInterval(1, 0, 0));
        Assert.Equal("3 days 04:05:06.5", OracleValueText.PgInterval(0, 3, 14_706_500_000));
        Assert.Equal("00:00:00", OracleValueText.PgInterval(0, 0, 0));
        Assert.Equal("-1 days -00:00:01", OracleValueText.PgInterval(0, -1, -1_000_000));
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", OracleValueText.PgUuid("00112233445566778899AABBCCDDEEFF"));
    }

    [Fact]
    public void The_query_has_the_target_probes_measures_printed_alike()
    {
        static OracleAggregateColumn Col(string name, OracleColumnType type)
        {
            var m = OracleTypeMapping.Map(type);
            return new(new ColumnInfo { Name = name, DataType = m.Mapping.TargetType, Family = m.Family }, type, m);
        }
        var columns = new[]
        {
            Col("ID", new("NUMBER", 9, 0)), Col("PRICE", new("NUMBER")), Col("NAME", new("VARCHAR2", CharLength: 10, CharUsed: "C")),
            Col("CODE", new("CHAR", CharLength: 3, CharUsed: "B")), Col("DOC", new("CLOB")), Col("AT", new("DATE")),
            Col("F", new("BINARY_DOUBLE")),
        };
        var items = OracleAggregateQuery.Build(columns, utf8Database: true, "\"S\".\"T\"");
        var sql = OracleAggregateQuery.Sql(items, "\"S\".\"T\"");
        Assert.StartsWith("SELECT TO_CHAR(COUNT(*)), TO_CHAR(COUNT(\"ID\"))", sql);
        Assert.Contains("(SELECT TO_CHAR(COUNT(*)) FROM \"S\".\"T\" WHERE \"DOC\" IS NOT NULL)", sql);
        Assert.Contains("TO_CHAR(SUM(LENGTHB(\"NAME\")))", sql);
        Assert.Contains("NVL(LENGTHB(RTRIM(\"CODE\")), 0) + 3 - NVL(LENGTH(RTRIM(\"CODE\")), 0)", sql);
        var names = items.Where(i => i.Name is not null).Select(i => i.Name).ToList();
        Assert.Equal(
            [
                "rows", "ID.nonnull", "ID.min", "ID.max", "ID.sum", "PRICE.nonnull", "PRICE.min", "PRICE.max", "PRICE.sum",
                "NAME.nonnull", "NAME.bytes", "CODE.nonnull", "CODE.bytes", "DOC.nonnull", "AT.nonnull", "AT.min", "AT.max",
                "F.nonnull", "F.min", "F.max",
            ],
            names);
        Assert.NotNull(OracleAggregateQuery.Omitted(columns[4], true));
        Assert.NotNull(OracleAggregateQuery.Omitted(columns[6], true));

        // Raw values as Oracle returns them, printed as PostgreSQL would.
        var values = new object?[] { "3", "3", "1", "3", "6", "2", ".5", "2.25", "2.75", "2", "2", "3", "2", "6", "1", "2",
            " 2024-01-02 03:04:05", " 2024-01-03 00:00:00", "2", 0.1, 1e20 };
        var measures = OracleAggregateQuery.Read(items, values).Measures;
        Assert.Equal("0.5", measures["PRICE.min"]);
        Assert.Equal("2.75", measures["PRICE.sum"]);
        Assert.Equal("2024-01-02 03:04:05", measures["AT.min"]);
        Assert.Equal("1e+20", measures["F.max"]);
    }
}
