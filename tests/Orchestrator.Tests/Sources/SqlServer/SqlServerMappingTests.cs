using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources.SqlServer;

public class SqlServerMappingTests
{
    static SqlServerColumn Col(string type, short maxLength = 0, byte precision = 0, byte scale = 0) =>
        new() { Name = "v", SourceType = type, MaxLength = maxLength, Precision = precision, Scale = scale };

    [Theory]
    [InlineData("bit", 1, 0, 0, "boolean", ValueEncoding.Boolean, false)]
    [InlineData("tinyint", 1, 0, 0, "smallint", ValueEncoding.Int16, false)]
    [InlineData("smallint", 2, 0, 0, "smallint", ValueEncoding.Int16, false)]
    [InlineData("int", 4, 0, 0, "integer", ValueEncoding.Int32, false)]
    [InlineData("bigint", 8, 0, 0, "bigint", ValueEncoding.Int64, false)]
    [InlineData("decimal", 17, 38, 10, "numeric(38,10)", ValueEncoding.Numeric, false)]
    [InlineData("numeric", 5, 5, 0, "numeric(5,0)", ValueEncoding.Numeric, false)]
    [InlineData("money", 8, 19, 4, "numeric(19,4)", ValueEncoding.Numeric, false)]
    [InlineData("smallmoney", 4, 10, 4, "numeric(10,4)", ValueEncoding.Numeric, false)]
    [InlineData("float", 8, 53, 0, "double precision", ValueEncoding.Float8, false)]
    [InlineData("real", 4, 24, 0, "real", ValueEncoding.Float4, false)]
    [InlineData("date", 3, 10, 0, "date", ValueEncoding.Date, false)]
    [InlineData("time", 5, 16, 7, "time(6)", ValueEncoding.Time, true)]
    [InlineData("time", 3, 8, 0, "time(0)", ValueEncoding.Time, false)]
    [InlineData("datetime", 8, 23, 3, "timestamp(3)", ValueEncoding.Timestamp, false)]
    [InlineData("datetime2", 8, 27, 7, "timestamp(6)", ValueEncoding.Timestamp, true)]
    [InlineData("datetime2", 6, 19, 0, "timestamp(0)", ValueEncoding.Timestamp, false)]
    [InlineData("smalldatetime", 4, 16, 0, "timestamp(0)", ValueEncoding.Timestamp, false)]
    [InlineData("datetimeoffset", 10, 34, 7, "timestamptz(6)", ValueEncoding.TimestampTz, true)]
    [InlineData("char", 10, 0, 0, "character(10)", ValueEncoding.Text, false)]
    [InlineData("varchar", 50, 0, 0, "varchar(50)", ValueEncoding.Text, false)]
    [InlineData("varchar", -1, 0, 0, "text", ValueEncoding.Text, false)]
    [InlineData("text", 16, 0, 0, "text", ValueEncoding.Text, false)]
    [InlineData("nchar", 20, 0, 0, "character(10)", ValueEncoding.Text, false)]
    [InlineData("nvarchar", 160, 0, 0, "varchar(80)", ValueEncoding.Text, false)]
    [InlineData("nvarchar", -1, 0, 0, "text", ValueEncoding.Text, false)]
    [InlineData("ntext", 16, 0, 0, "text", ValueEncoding.Text, false)]
    [InlineData("binary", 16, 0, 0, "bytea", ValueEncoding.Bytea, false)]
    [InlineData("varbinary", -1, 0, 0, "bytea", ValueEncoding.Bytea, false)]
    [InlineData("image", 16, 0, 0, "bytea", ValueEncoding.Bytea, false)]
    [InlineData("timestamp", 8, 0, 0, "bytea", ValueEncoding.Bytea, true)]
    [InlineData("uniqueidentifier", 16, 0, 0, "uuid", ValueEncoding.Uuid, false)]
    [InlineData("xml", -1, 0, 0, "xml", ValueEncoding.Xml, true)]
    [InlineData("hierarchyid", 892, 0, 0, "text", ValueEncoding.Text, true)]
    [InlineData("geography", -1, 0, 0, "text", ValueEncoding.Text, true)]
    [InlineData("geometry", -1, 0, 0, "text", ValueEncoding.Text, true)]
    [InlineData("sql_variant", 8016, 0, 0, "jsonb", ValueEncoding.Jsonb, true)]
    [InlineData("json", -1, 0, 0, "jsonb", ValueEncoding.Jsonb, true)]
    [InlineData("vector", 3080, 0, 0, "vector(768)", ValueEncoding.Vector, false)]
    public void Every_type_maps(string type, short maxLength, byte precision, byte scale, string target, ValueEncoding encoding, bool lossy)
    {
        var mapping = SqlServerTypeMapping.Map(Col(type, maxLength, precision, scale));
        Assert.Equal(target, mapping.TargetType);
        Assert.Equal(encoding, mapping.Encoding);
        Assert.Equal(lossy, mapping.Lossy);
    }

    [Fact]
    public void Unknown_clr_types_are_refused_with_the_column_name()
    {
        var error = Assert.Throws<NotSupportedException>(
            () => SqlServerTypeMapping.Map(Col("myclrtype") with { Name = "shape", UserType = "dbo.Shape" }));
        Assert.Contains("shape", error.Message);
        Assert.Contains("dbo.Shape", error.Message);
    }

    [Theory]
    [InlineData("bit", TypeFamily.Boolean)]
    [InlineData("money", TypeFamily.Decimal)]
    [InlineData("float", TypeFamily.Float)]
    [InlineData("datetimeoffset", TypeFamily.Temporal)]
    [InlineData("uniqueidentifier", TypeFamily.Uuid)]
    [InlineData("json", TypeFamily.Json)]
    [InlineData("vector", TypeFamily.Other)]
    public void Families_follow_the_target_type(string type, TypeFamily family) =>
        Assert.Equal(family, SqlServerTypeMapping.Family(SqlServerTypeMapping.Map(Col(type, 16))));

    [Fact]
    public void Select_items_convert_on_the_server_and_read_lengths_first()
    {
        Assert.Equal(["[h].ToString()"], SqlServerTypeMapping.SelectItems(Col("hierarchyid") with { Name = "h" }));
        Assert.Equal(["[g].AsTextZM()"], SqlServerTypeMapping.SelectItems(Col("geography", -1) with { Name = "g" }));
        Assert.Equal(["DATALENGTH([b])", "[b]"], SqlServerTypeMapping.SelectItems(Col("varbinary", -1) with { Name = "b" }));
        Assert.Equal(["[b]"], SqlServerTypeMapping.SelectItems(Col("varbinary", 100) with { Name = "b" }));
        Assert.Equal(2, SqlServerTypeMapping.SelectItems(Col("sql_variant") with { Name = "v" }).Count);
    }

    [Theory]
    [InlineData("a", "[a]")]
    [InlineData("x]; DROP TABLE y; --", "[x]]; DROP TABLE y; --]")]
    [InlineData("Order Lines", "[Order Lines]")]
    public void Identifiers_are_bracketed(string name, string expected) => Assert.Equal(expected, SqlServerSql.Ident(name));

    [Fact]
    public void Nul_cannot_reach_an_identifier() => Assert.Throws<ArgumentException>(() => SqlServerSql.Ident("a\0"));

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e15, "1e+15")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(-2.5e-300, "-2.5e-300")]
    [InlineData(1.2345678901234568e20, "1.2345678901234568e+20")]
    [InlineData(0.0, "0")]
    public void Floats_print_as_postgresql_does(double value, string expected) => Assert.Equal(expected, SqlServerValueText.Float8(value));

    [Theory]
    [InlineData(1e6f, "1e+06")]
    [InlineData(123456f, "123456")]
    [InlineData(0.1f, "0.1")]
    public void Reals_print_as_postgresql_does(float value, string expected) => Assert.Equal(expected, SqlServerValueText.Float4(value));

    [Fact]
    public void Temporal_values_print_as_postgresql_does()
    {
        Assert.Equal("2024-02-29 13:05:00", SqlServerValueText.Timestamp(new DateTime(2024, 2, 29, 13, 5, 0)));
        Assert.Equal("2024-02-29 13:05:00.12", SqlServerValueText.Timestamp(new DateTime(2024, 2, 29, 13, 5, 0).AddTicks(1_200_009)));
        Assert.Equal("2024-02-29 11:05:00+00",
            SqlServerValueText.TimestampTz(new DateTimeOffset(2024, 2, 29, 13, 5, 0, TimeSpan.FromHours(2))));
        Assert.Equal("23:59:59.999999", SqlServerValueText.Time(TimeSpan.FromTicks(TimeSpan.TicksPerDay - 1)));
        Assert.Equal("0.0000", SqlServerValueText.Of(0m, "money"));
    }

    [Theory]
    [InlineData("((0))", "integer", "0")]
    [InlineData("((1))", "boolean", "true")]
    [InlineData("(N'it''s')", "varchar(10)", "'it''s'")]
    [InlineData("(getdate())", "timestamp(3)", "LOCALTIMESTAMP")]
    [InlineData("(sysdatetimeoffset())", "timestamptz(6)", "now()")]
    [InlineData("(newid())", "uuid", "gen_random_uuid()")]
    [InlineData("([dbo].[fn]())", "integer", null)]
    public void Defaults_translate_or_are_reported(string definition, string target, string? expected)
    {
        var encoding = target switch { "boolean" => ValueEncoding.Boolean, "integer" => ValueEncoding.Int32, _ => ValueEncoding.Text };
        Assert.Equal(expected, SqlServerExpressions.Default(definition, new ColumnMapping(target, encoding)));
    }

    [Theory]
    [InlineData("([deleted_at] IS NULL)", "(\"deleted_at\" IS NULL)")]
    [InlineData("([active]=(1) AND [kind]<>N'x')", "(\"active\"=(true) AND \"kind\"<>'x')")]
    [InlineData("([n]>(0))", "(\"n\">(0))")]
    [InlineData("([a] LIKE 'x%')", null)]
    public void Filtered_index_predicates_translate_or_are_reported(string filter, string? expected) =>
        Assert.Equal(expected, SqlServerExpressions.Predicate(filter, c => c == "active"));
}
