using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// SQL of the SQL Server assessment: objects that are not data (sys.objects, sys.sql_modules, msdb jobs), the plan
/// cache (sys.dm_exec_query_stats), source column types, and the per-table profile query.
/// </summary>
public static class SqlServerObjectQueries
{
    /// <summary>kind, schema, name, table, language, definition. Inline table functions are one SELECT, so "sql" (graded simple).</summary>
    public const string Objects = """
        SELECT CASE o.type WHEN 'V' THEN 'view' WHEN 'P' THEN 'procedure' WHEN 'PC' THEN 'procedure' WHEN 'TR' THEN 'trigger'
                           WHEN 'SN' THEN 'synonym' WHEN 'SO' THEN 'sequence' ELSE 'function' END,
               s.name, o.name,
               CASE WHEN o.type = 'TR' THEN ps.name + N'.' + po.name END,
               CASE WHEN o.type = 'IF' THEN N'sql' WHEN o.type IN ('FS', 'FT', 'PC') THEN N'clr' ELSE N'tsql' END,
               CASE WHEN o.type = 'SN' THEN sn.base_object_name ELSE m.definition END
        FROM sys.objects o
        JOIN sys.schemas s ON s.schema_id = o.schema_id
        LEFT JOIN sys.sql_modules m ON m.object_id = o.object_id
        LEFT JOIN sys.synonyms sn ON sn.object_id = o.object_id
        LEFT JOIN sys.objects po ON po.object_id = o.parent_object_id AND o.type = 'TR'
        LEFT JOIN sys.schemas ps ON ps.schema_id = po.schema_id
        WHERE o.type IN ('V', 'P', 'PC', 'FN', 'IF', 'TF', 'FS', 'FT', 'TR', 'SN', 'SO') AND o.is_ms_shipped = 0
        ORDER BY s.name, o.name
        """;

    /// <summary>SQL Agent jobs with a step in this database (needs read access to msdb; skipped, with a note, without it).</summary>
    public const string Jobs = """
        SELECT N'job', N'msdb', j.name, NULL, N'tsql',
               STRING_AGG(CAST(js.command AS nvarchar(max)), NCHAR(10)) WITHIN GROUP (ORDER BY js.step_id)
        FROM msdb.dbo.sysjobs j JOIN msdb.dbo.sysjobsteps js ON js.job_id = j.job_id
        WHERE js.database_name = DB_NAME()
        GROUP BY j.name
        """;

    /// <summary>
    /// @top statements of this database by total elapsed time; needs VIEW SERVER STATE (VIEW SERVER PERFORMANCE STATE on 2022).
    /// </summary>
    public const string HeavyQueries = """
        SELECT TOP (@top)
               SUBSTRING(st.text, qs.statement_start_offset / 2 + 1,
                         (CASE qs.statement_end_offset WHEN -1 THEN DATALENGTH(st.text) ELSE qs.statement_end_offset END
                          - qs.statement_start_offset) / 2 + 1),
               qs.execution_count,
               qs.total_elapsed_time / 1000.0,
               qs.total_elapsed_time / 1000.0 / NULLIF(qs.execution_count, 0),
               qs.total_rows
        FROM sys.dm_exec_query_stats qs
        CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) st
        WHERE st.dbid = DB_ID()
        ORDER BY qs.total_elapsed_time DESC
        """;

    /// <summary>
    /// Each column's declared type, spelled as in T-SQL DDL (alias types resolved to their base type); @table = two-part name.
    /// </summary>
    public const string SourceTypes = """
        SELECT c.name,
               ISNULL(TYPE_NAME(c.system_type_id), t.name) +
               CASE WHEN t.is_assembly_type = 1 THEN N''
                    WHEN TYPE_NAME(c.system_type_id) IN ('varchar', 'char', 'varbinary', 'binary')
                        THEN N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length AS nvarchar(10)) END + N')'
                    WHEN TYPE_NAME(c.system_type_id) IN ('nvarchar', 'nchar')
                        THEN N'(' + CASE WHEN c.max_length = -1 THEN N'max' ELSE CAST(c.max_length / 2 AS nvarchar(10)) END + N')'
                    WHEN TYPE_NAME(c.system_type_id) IN ('decimal', 'numeric')
                        THEN N'(' + CAST(c.precision AS nvarchar(3)) + N',' + CAST(c.scale AS nvarchar(3)) + N')'
                    WHEN TYPE_NAME(c.system_type_id) IN ('datetime2', 'time', 'datetimeoffset')
                        THEN N'(' + CAST(c.scale AS nvarchar(3)) + N')'
                    ELSE N'' END
        FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id
        WHERE c.object_id = OBJECT_ID(@table)
        ORDER BY c.column_id
        """;

    static readonly HashSet<string> Binary = ["varbinary", "binary", "image"];
    static readonly HashSet<string> Text = ["varchar", "nvarchar", "char", "nchar", "text", "ntext"];
    static readonly HashSet<string> Temporal = ["datetime", "datetime2", "smalldatetime", "date", "datetimeoffset"];

    /// <summary>The profile query of a table: every row with scan, else the first <paramref name="sampleRows"/> rows.</summary>
    public static (ProfileQuery Query, string From) Profile(TableInfo table, IReadOnlyDictionary<string, string> sourceTypes,
        bool scan, int sampleRows)
    {
        var q = new ProfileQuery();
        var integerKey = table.PrimaryKey is { Columns: [var k] } && table.Columns.First(c => c.Name == k).Family == TypeFamily.Integer
            ? SqlServerSql.Ident(k) : null;
        foreach (var column in table.Columns)
        {
            var sourceType = sourceTypes.GetValueOrDefault(column.Name) ?? column.DataType;
            var baseType = sourceType.Split('(')[0];
            var c = SqlServerSql.Ident(column.Name);
            q.Column(column.Name, sourceType)
             .Add(column.Name, ProfileMeasure.NonNull, $"COUNT_BIG({c})")
             .Add(column.Name, ProfileMeasure.AvgBytes, $"AVG(CAST(DATALENGTH({c}) AS float))")
             .Add(column.Name, ProfileMeasure.MaxBytes, $"MAX(CAST(DATALENGTH({c}) AS bigint))");
            if (Binary.Contains(baseType))
                q.Lengths(column.Name, "bytes", $"COUNT_BIG({c})", $"CAST(DATALENGTH({c}) AS bigint)");
            else if (Text.Contains(baseType))
            {
                var text = $"LTRIM(RTRIM(CAST({c} AS nvarchar(max))))";
                q.Add(column.Name, ProfileMeasure.JsonLike,
                    $"SUM(CASE WHEN LEFT({text}, 1) IN (N'{{', N'[') AND RIGHT({text}, 1) IN (N'}}', N']') THEN 1 ELSE 0 END)")
                 .Add(column.Name, ProfileMeasure.XmlLike,
                     $"SUM(CASE WHEN LEFT({text}, 1) = N'<' AND RIGHT({text}, 1) = N'>' THEN 1 ELSE 0 END)");
            }
            else if (Temporal.Contains(baseType))
            {
                q.Add(column.Name, ProfileMeasure.SpanDays, $"DATEDIFF_BIG(second, MIN({c}), MAX({c})) / 86400.0");
                // SQL Server keeps no correlation statistics: only a scan with an integer key can show the append pattern.
                if (scan && integerKey is not null)
                {
                    var x = $"CAST(DATEDIFF_BIG(second, '20000101', {c}) AS float)";
                    var y = $"CAST({integerKey} AS float)";
                    q.Add(column.Name, ProfileMeasure.Correlation,
                        $"(AVG({x} * {y}) - AVG({x}) * AVG({y})) / NULLIF(STDEVP({x}) * STDEVP({y}), 0)");
                }
            }
        }
        var from = scan ? $"{SqlServerSql.Table(table.Name)} WITH (NOLOCK)"
            : $"(SELECT TOP ({sampleRows}) * FROM {SqlServerSql.Table(table.Name)}) AS sample";
        return (q, from);
    }
}
