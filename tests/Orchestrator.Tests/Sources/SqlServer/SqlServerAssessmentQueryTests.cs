using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources.SqlServer;

/// <summary>The SQL Server assessment's SQL, checked as text (no server runs here).</summary>
public class SqlServerAssessmentQueryTests
{
    static readonly TableInfo Table = new()
    {
        Name = new TableName("dbo", "odd]name"),
        PrimaryKey = new KeyInfo("pk", ["id"]),
        Columns =
        [
            new ColumnInfo { Name = "id", DataType = "integer", Family = TypeFamily.Integer },
            new ColumnInfo { Name = "vec", DataType = "bytea", Family = TypeFamily.Binary },
            new ColumnInfo { Name = "doc", DataType = "text", Family = TypeFamily.Text },
            new ColumnInfo { Name = "at", DataType = "timestamp(6)", Family = TypeFamily.Temporal },
        ],
    };

    static readonly Dictionary<string, string> Types =
        new() { ["id"] = "int", ["vec"] = "varbinary(max)", ["doc"] = "nvarchar(max)", ["at"] = "datetime2(7)" };

    [Fact]
    public void Objects_cover_every_kind_that_is_not_data_and_skip_system_objects()
    {
        foreach (var type in new[] { "'V'", "'P'", "'FN'", "'IF'", "'TF'", "'TR'", "'SN'", "'SO'" })
            Assert.Contains(type, SqlServerObjectQueries.Objects);
        Assert.Contains("o.is_ms_shipped = 0", SqlServerObjectQueries.Objects);
        Assert.Contains("sys.sql_modules", SqlServerObjectQueries.Objects);
        Assert.Contains("msdb.dbo.sysjobsteps", SqlServerObjectQueries.Jobs);
        Assert.Contains("js.database_name = DB_NAME()", SqlServerObjectQueries.Jobs);
    }

    [Fact]
    public void Heavy_queries_come_from_the_plan_cache_of_this_database_by_total_time()
    {
        var sql = SqlServerObjectQueries.HeavyQueries;
        Assert.Contains("sys.dm_exec_query_stats", sql);
        Assert.Contains("CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle)", sql);
        Assert.Contains("TOP (@top)", sql);
        Assert.Contains("WHERE st.dbid = DB_ID()", sql);
        Assert.Contains("ORDER BY qs.total_elapsed_time DESC", sql);
        Assert.Contains("statement_start_offset / 2 + 1", sql); // offsets are in bytes of UTF-16 text
    }

    [Fact]
    public void Source_types_resolve_alias_types_and_spell_lengths()
    {
        Assert.Contains("TYPE_NAME(c.system_type_id)", SqlServerObjectQueries.SourceTypes);
        Assert.Contains("N'max'", SqlServerObjectQueries.SourceTypes);
        Assert.Contains("c.max_length / 2", SqlServerObjectQueries.SourceTypes); // nvarchar lengths are in bytes
    }

    [Fact]
    public void The_profile_quotes_names_and_measures_by_source_type()
    {
        var (q, from) = SqlServerObjectQueries.Profile(Table, Types, scan: true, sampleRows: 1000);
        var sql = q.Sql(from);
        Assert.Contains("FROM [dbo].[odd]]name] WITH (NOLOCK)", sql);
        Assert.Contains(q.Slots,
            s => s is { Column: "vec", Measure: ProfileMeasure.MinLength, Expression: "min(CAST(DATALENGTH([vec]) AS bigint))" });
        Assert.Contains(q.Slots, s => s is { Column: "doc", Measure: ProfileMeasure.JsonLike });
        Assert.Contains(q.Slots,
            s => s is { Column: "at", Measure: ProfileMeasure.Correlation } && s.Expression.Contains("STDEVP", StringComparison.Ordinal));
        Assert.DoesNotContain(q.Slots, s => s.Column == "id" && s.Measure == ProfileMeasure.MinLength);
    }

    [Fact]
    public void Without_scan_the_profile_reads_a_sample_and_no_correlation()
    {
        var (q, from) = SqlServerObjectQueries.Profile(Table, Types, scan: false, sampleRows: 500);
        Assert.Equal("(SELECT TOP (500) * FROM [dbo].[odd]]name]) AS sample", from);
        Assert.DoesNotContain(q.Slots, s => s.Measure == ProfileMeasure.Correlation);
    }
}
