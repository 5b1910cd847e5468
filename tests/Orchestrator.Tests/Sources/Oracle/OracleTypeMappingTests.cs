using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.Oracle;

namespace Orchestrator.Tests.Sources.Oracle;

public class OracleTypeMappingTests
{
    static OracleColumnMapping Map(
        string type, int? p = null, int? s = null, int length = 0, int chars = 0, string? used = null, bool identity = false,
        bool uuid = false) =>
        OracleTypeMapping.Map(
            new OracleColumnType(type, p, s, length, chars, used, identity), new OracleMappingOptions { Raw16AsUuid = uuid });

    [Theory]
    [InlineData(1, "smallint", ValueEncoding.Int16)]
    [InlineData(4, "smallint", ValueEncoding.Int16)]
    [InlineData(5, "integer", ValueEncoding.Int32)]
    [InlineData(9, "integer", ValueEncoding.Int32)]
    [InlineData(10, "bigint", ValueEncoding.Int64)]
    [InlineData(18, "bigint", ValueEncoding.Int64)]
    [InlineData(19, "numeric(19,0)", ValueEncoding.Numeric)]
    [InlineData(38, "numeric(38,0)", ValueEncoding.Numeric)]
    public void Number_with_scale_zero_narrows_by_precision(int precision, string target, ValueEncoding encoding)
    {
        var m = Map("NUMBER", precision, 0);
        Assert.Equal(target, m.Mapping.TargetType);
        Assert.Equal(encoding, m.Mapping.Encoding);
    }

    [Fact]
    public void Number_without_precision_is_numeric_never_bigint()
    {
        var m = Map("NUMBER");
        Assert.Equal("numeric", m.Mapping.TargetType);
        Assert.Null(m.Mapping.Scale);
        Assert.Equal(OracleRead.NumberText, m.Read);
        Assert.Equal("numeric(38,0)", Map("NUMBER", null, 0).Mapping.TargetType);
        Assert.Equal("numeric", Map("FLOAT", 126).Mapping.TargetType);
    }

    [Fact]
    public void Number_with_scale_and_its_edges()
    {
        Assert.Equal("numeric(10,2)", Map("NUMBER", 10, 2).Mapping.TargetType);
        Assert.Equal(2, Map("NUMBER", 10, 2).Mapping.Scale);
        Assert.Equal("numeric(5,5)", Map("NUMBER", 2, 5).Mapping.TargetType);
        Assert.Equal("integer", Map("NUMBER", 5, -2).Mapping.TargetType); // up to 9,999,900
        Assert.Equal("bigint", Map("NUMBER", identity: true).Mapping.TargetType);
        Assert.True(Map("NUMBER", identity: true).Mapping.Lossy);
    }

    [Theory]
    [InlineData("BINARY_FLOAT", "real", TypeFamily.Float)]
    [InlineData("BINARY_DOUBLE", "double precision", TypeFamily.Float)]
    [InlineData("DATE", "timestamp(0)", TypeFamily.Temporal)]
    [InlineData("TIMESTAMP(3)", "timestamp(3)", TypeFamily.Temporal)]
    [InlineData("TIMESTAMP(9)", "timestamp(6)", TypeFamily.Temporal)]
    [InlineData("TIMESTAMP(6) WITH TIME ZONE", "timestamptz(6)", TypeFamily.Temporal)]
    [InlineData("TIMESTAMP(6) WITH LOCAL TIME ZONE", "timestamptz(6)", TypeFamily.Temporal)]
    [InlineData("INTERVAL YEAR(2) TO MONTH", "interval", TypeFamily.Temporal)]
    [InlineData("CLOB", "text", TypeFamily.Text)]
    [InlineData("NCLOB", "text", TypeFamily.Text)]
    [InlineData("LONG", "text", TypeFamily.Text)]
    [InlineData("BLOB", "bytea", TypeFamily.Binary)]
    [InlineData("LONG RAW", "bytea", TypeFamily.Binary)]
    [InlineData("XMLTYPE", "xml", TypeFamily.Xml)]
    [InlineData("JSON", "jsonb", TypeFamily.Json)]
    [InlineData("ROWID", "text", TypeFamily.Text)]
    [InlineData("UROWID", "text", TypeFamily.Text)]
    [InlineData("VECTOR", "vector", TypeFamily.Other)]
    [InlineData("BOOLEAN", "boolean", TypeFamily.Boolean)]
    public void Each_type_has_its_target(string type, string target, TypeFamily family)
    {
        var m = Map(type);
        Assert.Equal(target, m.Mapping.TargetType);
        Assert.Equal(family, m.Family);
    }

    [Fact]
    public void Timestamp_precision_and_zone_losses_are_stated()
    {
        Assert.True(Map("TIMESTAMP(9)").Mapping.Lossy);
        Assert.False(Map("TIMESTAMP(6)").Mapping.Lossy);
        Assert.Contains("time zone", Map("TIMESTAMP(6) WITH TIME ZONE").Mapping.LossNote);
        Assert.Equal("interval(6)", Map("INTERVAL DAY(2) TO SECOND(6)", 2, 6).Mapping.TargetType);
        Assert.Equal("interval(6)", Map("INTERVAL DAY(2) TO SECOND(9)", 2, 9).Mapping.TargetType);
        Assert.True(Map("INTERVAL DAY(2) TO SECOND(9)", 2, 9).Mapping.Lossy);
    }

    [Fact]
    public void Char_and_byte_semantics_give_character_lengths()
    {
        Assert.Equal("varchar(20)", Map("VARCHAR2", length: 80, chars: 20, used: "C").Mapping.TargetType);
        Assert.Equal("varchar(20)", Map("VARCHAR2", length: 20, chars: 20, used: "B").Mapping.TargetType);
        Assert.Equal("varchar(10)", Map("NVARCHAR2", length: 20, chars: 10, used: "C").Mapping.TargetType);
        var byteChar = Map("CHAR", length: 10, chars: 10, used: "B");
        Assert.Equal("character(10)", byteChar.Mapping.TargetType);
        Assert.Equal(10, byteChar.PadTo);
        Assert.True(byteChar.Mapping.Lossy);
        Assert.False(Map("CHAR", length: 40, chars: 10, used: "C").Mapping.Lossy);
    }

    [Fact]
    public void Raw16_is_uuid_only_when_asked()
    {
        Assert.Equal("bytea", Map("RAW", length: 16).Mapping.TargetType);
        Assert.Equal("uuid", Map("RAW", length: 16, uuid: true).Mapping.TargetType);
        Assert.Equal("bytea", Map("RAW", length: 32, uuid: true).Mapping.TargetType);
    }

    [Fact]
    public void Bfile_and_unknown_types_are_reported_unsupported()
    {
        Assert.Contains("BFILE is not supported", Assert.Throws<NotSupportedException>(() => Map("BFILE")).Message);
        Assert.Contains("SDO_GEOMETRY", Assert.Throws<NotSupportedException>(() => Map("SDO_GEOMETRY")).Message);
    }
}
