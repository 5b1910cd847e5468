using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Oracle;

namespace Orchestrator.Tests.Sources.Oracle;

/// <summary>The Oracle assessment's SQL, checked as text (no server runs here).</summary>
public class OracleAssessmentQueryTests
{
    static readonly TableInfo Table = new()
    {
        Name = new TableName("APP", "Odd\"Name"),
        PrimaryKey = new KeyInfo("pk", ["ID"]),
        Columns =
        [
            new ColumnInfo { Name = "ID", DataType = "bigint", Family = TypeFamily.Integer },
            new ColumnInfo { Name = "QTY", DataType = "numeric", Family = TypeFamily.Decimal },
            new ColumnInfo { Name = "PRICE", DataType = "numeric(10,2)", Family = TypeFamily.Decimal },
            new ColumnInfo { Name = "WEIGHTS", DataType = "bytea", Family = TypeFamily.Binary },
            new ColumnInfo { Name = "BODY", DataType = "text", Family = TypeFamily.Text },
            new ColumnInfo { Name = "NOTES", DataType = "text", Family = TypeFamily.Text },
            new ColumnInfo { Name = "AT", DataType = "timestamp(6)", Family = TypeFamily.Temporal },
        ],
    };

    static readonly Dictionary<string, string> Types = new()
    {
        ["ID"] = "NUMBER(19,0)", ["QTY"] = "NUMBER", ["PRICE"] = "NUMBER(10,2)", ["WEIGHTS"] = "BLOB", ["BODY"] = "CLOB",
        ["NOTES"] = "LONG", ["AT"] = "TIMESTAMP(6)",
    };

    [Fact]
    public void Objects_cover_every_kind_that_is_not_data_outside_oracle_maintained_schemas()
    {
        foreach (var kind in new[]
                 { "'VIEW'", "'MATERIALIZED VIEW'", "'PROCEDURE'", "'FUNCTION'", "'TRIGGER'", "'PACKAGE'", "'SYNONYM'", "'SEQUENCE'" })
            Assert.Contains(kind, OracleObjectQueries.Objects);
        foreach (var sql in new[]
                 { OracleObjectQueries.Objects, OracleObjectQueries.Source, OracleObjectQueries.Views, OracleObjectQueries.Jobs })
            Assert.Contains("oracle_maintained = 'Y'", sql);
        Assert.Contains("WHEN 'PACKAGE BODY' THEN 'PACKAGE'", OracleObjectQueries.Source); // a body is graded with its package
        Assert.Contains("ORDER BY owner, name, type, line", OracleObjectQueries.Source);
        Assert.Contains("all_scheduler_jobs", OracleObjectQueries.Jobs);
    }

    [Fact]
    public void Heavy_queries_come_from_v_sql_by_elapsed_time()
    {
        var sql = OracleObjectQueries.HeavyQueries;
        Assert.Contains("FROM v$sql", sql);
        Assert.Contains("sql_fulltext", sql);
        Assert.Contains("ORDER BY elapsed_time DESC", sql);
        Assert.Contains("FETCH FIRST :top ROWS ONLY", sql);
    }

    [Fact]
    public void Source_types_tell_number_without_precision_apart()
    {
        Assert.Contains("WHEN data_type = 'NUMBER' AND data_precision IS NULL AND data_scale IS NULL THEN 'NUMBER'",
            OracleObjectQueries.SourceTypes);
        Assert.Contains("'object type ' || data_type", OracleObjectQueries.SourceTypes);
        Assert.Contains("owner = :owner AND table_name = :name", OracleObjectQueries.SourceTypes);
    }

    [Fact]
    public void The_profile_proves_integers_only_for_number_without_precision_and_skips_long()
    {
        var (q, from) = OracleObjectQueries.Profile(Table, Types, scan: true, sampleRows: 1000);
        Assert.Equal("\"APP\".\"Odd\"\"Name\"", from);
        Assert.Equal(["QTY"], q.Slots.Where(s => s.Measure == ProfileMeasure.NotBigint).Select(s => s.Column));
        Assert.Contains(q.Slots,
            s => s is { Column: "WEIGHTS", Measure: ProfileMeasure.MaxBytes, Expression: "MAX(DBMS_LOB.GETLENGTH(\"WEIGHTS\"))" });
        Assert.Contains(q.Slots,
            s => s is { Column: "BODY", Measure: ProfileMeasure.JsonLike }
                && s.Expression.Contains("DBMS_LOB.SUBSTR", StringComparison.Ordinal));
        Assert.Contains(q.Slots,
            s => s is { Column: "AT", Measure: ProfileMeasure.Correlation }
                && s.Expression.StartsWith("ROUND(CORR(", StringComparison.Ordinal));
        Assert.DoesNotContain(q.Slots, s => s.Column == "NOTES"); // LONG cannot be aggregated
        Assert.All(q.Slots.Where(s => s.Measure == ProfileMeasure.AvgBytes), s => Assert.StartsWith("ROUND(AVG(", s.Expression));
    }

    [Fact]
    public void Without_scan_the_profile_reads_the_first_rows()
    {
        var (_, from) = OracleObjectQueries.Profile(Table, Types, scan: false, sampleRows: 250);
        Assert.Equal("(SELECT * FROM \"APP\".\"Odd\"\"Name\" FETCH FIRST 250 ROWS ONLY)", from);
    }
}
