using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Assessment.Types;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Assessment;

public class TypeFindingsTests
{
    static IReadOnlyList<TypeFinding> Find(string dialect, string sourceType, bool? integerOnly = null, string basis = ProfileBasis.Scan)
    {
        var table = new TableInfo
        {
            Name = new TableName("s", "t"), Columns = [new ColumnInfo { Name = "c", DataType = "numeric", Family = TypeFamily.Decimal }],
        };
        return TypeFindings.For(SourceDialects.Traits[dialect], table,
            [new ColumnProfile { Column = "c", SourceType = sourceType, IntegerOnly = integerOnly, Basis = basis }]);
    }

    [Theory]
    [InlineData("sqlserver", "sql_variant", "lossy")]
    [InlineData("sqlserver", "hierarchyid", "lossy")]
    [InlineData("sqlserver", "geography", "unsupported")]
    [InlineData("sqlserver", "datetime2(7)", "lossy")]
    [InlineData("sqlserver", "rowversion", "lossy")]
    [InlineData("oracle", "BFILE", "unsupported")]
    [InlineData("oracle", "TIMESTAMP(9)", "lossy")]
    [InlineData("oracle", "TIMESTAMP(6) WITH TIME ZONE", "lossy")]
    [InlineData("oracle", "object type ADDRESS_T", "unsupported")]
    [InlineData("oracle", "ROWID", "lossy")]
    public void Types_the_mapping_cannot_carry_exactly_are_reported_with_a_fallback(string dialect, string type, string severity)
    {
        var finding = Assert.Single(Find(dialect, type));
        Assert.Equal(severity, finding.Severity);
        Assert.False(string.IsNullOrWhiteSpace(finding.Reason));
        Assert.False(string.IsNullOrWhiteSpace(finding.Fallback));
    }

    [Theory]
    [InlineData("sqlserver", "datetime2(3)")]
    [InlineData("sqlserver", "decimal(18,2)")]
    [InlineData("oracle", "TIMESTAMP(6)")]
    [InlineData("oracle", "NUMBER(10,0)")]
    [InlineData("postgres", "text")]
    public void Exact_types_have_no_finding(string dialect, string type) => Assert.Empty(Find(dialect, type));

    [Fact]
    public void A_decimal_without_precision_is_narrowed_only_when_a_scan_proves_it()
    {
        Assert.Equal("bigint", Assert.Single(Find("oracle", "NUMBER", integerOnly: true)).Fallback);
        Assert.Empty(Find("oracle", "NUMBER", integerOnly: false));
        var unproven = Assert.Single(Find("postgres", "numeric", integerOnly: true, basis: ProfileBasis.Estimate(1000, "pg_stats")));
        Assert.Equal("numeric (as planned)", unproven.Fallback);
        Assert.Contains("--scan", unproven.Reason);
    }
}

public class LargeObjectsTests
{
    static ColumnProfile P(string type, long? max) => new() { Column = "c", SourceType = type, MaxBytes = max, Basis = ProfileBasis.Scan };

    [Theory]
    [InlineData("sqlserver", "varbinary(max)", null, true)]
    [InlineData("sqlserver", "nvarchar(max)", 10L, true)]
    [InlineData("sqlserver", "varchar(50)", null, false)]
    [InlineData("oracle", "BLOB", null, true)]
    [InlineData("oracle", "CLOB", null, true)]
    [InlineData("oracle", "VARCHAR2(4000)", null, false)]
    [InlineData("postgres", "text", 100L, false)]
    [InlineData("postgres", "bytea", 2032L, true)]
    [InlineData("postgres", "jsonb", null, false)]
    public void Large_objects_by_type_or_by_the_toast_threshold(string dialect, string type, long? max, bool lob) =>
        Assert.Equal(lob, LargeObjects.IsLob(SourceDialects.Traits[dialect], P(type, max)));
}
