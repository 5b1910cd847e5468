using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// SQL of the Oracle assessment: objects that are not data (ALL_OBJECTS with their source from ALL_SOURCE,
/// ALL_VIEWS, ALL_TRIGGERS, ALL_SYNONYMS, ALL_SCHEDULER_JOBS), the plan cache (V$SQL), source column types
/// (ALL_TAB_COLUMNS) and the per-table profile query. Oracle-maintained schemas are left out.
/// </summary>
public static class OracleObjectQueries
{
    const string UserOwners = "NOT IN (SELECT username FROM all_users WHERE oracle_maintained = 'Y')";

    /// <summary>kind, schema, name, table, language, definition-less rows; the PL/SQL text comes from <see cref="Source"/>.</summary>
    public const string Objects = $"""
        SELECT CASE o.object_type WHEN 'MATERIALIZED VIEW' THEN 'materialized view' ELSE LOWER(o.object_type) END,
               o.owner, o.object_name,
               CASE WHEN o.object_type = 'TRIGGER' THEN t.table_owner || '.' || t.table_name END,
               CASE WHEN o.object_type IN ('VIEW', 'MATERIALIZED VIEW', 'SYNONYM', 'SEQUENCE') THEN 'sql' ELSE 'plsql' END,
               CASE WHEN o.object_type = 'SYNONYM' THEN s.table_owner || '.' || s.table_name || NVL2(s.db_link, '@' || s.db_link, NULL) END
        FROM all_objects o
        LEFT JOIN all_triggers t ON o.object_type = 'TRIGGER' AND t.owner = o.owner AND t.trigger_name = o.object_name
        LEFT JOIN all_synonyms s ON o.object_type = 'SYNONYM' AND s.owner = o.owner AND s.synonym_name = o.object_name
        WHERE o.object_type IN ('VIEW', 'MATERIALIZED VIEW', 'PROCEDURE', 'FUNCTION', 'TRIGGER', 'PACKAGE', 'SYNONYM', 'SEQUENCE', 'TYPE')
          AND o.owner {UserOwners}
        ORDER BY o.owner, o.object_name
        """;

    /// <summary>
    /// PL/SQL text line by line (a package's body is read with its specification); concatenated per object by the reader.
    /// </summary>
    public const string Source = $"""
        SELECT owner, name, CASE type WHEN 'PACKAGE BODY' THEN 'PACKAGE' WHEN 'TYPE BODY' THEN 'TYPE' ELSE type END, text
        FROM all_source WHERE owner {UserOwners}
        ORDER BY owner, name, type, line
        """;

    /// <summary>View text (TEXT_VC: the first 4000 characters, enough to grade; TEXT is a LONG).</summary>
    public const string Views = $"SELECT owner, view_name, text_vc FROM all_views WHERE owner {UserOwners}";

    public const string Jobs = $"""
        SELECT 'job', owner, job_name, NULL, LOWER(job_type), job_action
        FROM all_scheduler_jobs WHERE owner {UserOwners}
        """;

    /// <summary>:top statements by total elapsed time; needs SELECT on V$SQL (SELECT_CATALOG_ROLE).</summary>
    public const string HeavyQueries = """
        SELECT sql_fulltext, executions, elapsed_time / 1000, elapsed_time / 1000 / NULLIF(executions, 0), rows_processed
        FROM v$sql
        WHERE parsing_schema_name NOT IN (SELECT username FROM all_users WHERE oracle_maintained = 'Y')
        ORDER BY elapsed_time DESC
        FETCH FIRST :top ROWS ONLY
        """;

    /// <summary>Each column's declared type as Oracle spells it, and AVG_COL_LEN from the optimizer statistics.</summary>
    public const string SourceTypes = """
        SELECT column_name,
               CASE WHEN data_type_owner IS NOT NULL AND data_type_owner NOT IN ('SYS', 'PUBLIC', 'MDSYS') THEN 'object type ' || data_type
                    WHEN data_type = 'NUMBER' AND data_precision IS NULL AND data_scale IS NULL THEN 'NUMBER'
                    WHEN data_type = 'NUMBER' THEN 'NUMBER(' || NVL(data_precision, 38) || ',' || NVL(data_scale, 0) || ')'
                    WHEN data_type IN ('VARCHAR2', 'NVARCHAR2', 'CHAR', 'NCHAR') THEN data_type || '(' || char_length || ')'
                    WHEN data_type = 'RAW' THEN 'RAW(' || data_length || ')'
                    ELSE data_type END,
               avg_col_len
        FROM all_tab_columns
        WHERE owner = :owner AND table_name = :name
        ORDER BY column_id
        """;

    /// <summary>The profile query of a table: every row with scan, else the first <paramref name="sampleRows"/> rows.</summary>
    public static (ProfileQuery Query, string From) Profile(TableInfo table, IReadOnlyDictionary<string, string> sourceTypes,
        bool scan, int sampleRows)
    {
        var q = new ProfileQuery();
        var integerKey = table.PrimaryKey is { Columns: [var k] } && table.Columns.First(c => c.Name == k).Family == TypeFamily.Integer
            ? OracleSql.Ident(k) : null;
        foreach (var column in table.Columns)
        {
            var sourceType = sourceTypes.GetValueOrDefault(column.Name) ?? column.DataType;
            var baseType = sourceType.Split('(')[0].Trim().ToUpperInvariant();
            var c = OracleSql.Ident(column.Name);
            // Averages and correlations are rounded: ADO.NET's decimal cannot hold Oracle's 38-digit quotients.
            var isLob = baseType is "BLOB" or "CLOB" or "NCLOB";
            // LONG and LONG RAW cannot be aggregated at all; object types only through their attributes.
            if (baseType is "LONG" or "LONG RAW" || sourceType.StartsWith("object type", StringComparison.Ordinal))
            {
                q.Column(column.Name, sourceType);
                continue;
            }
            var length = isLob ? $"DBMS_LOB.GETLENGTH({c})" : baseType is "RAW" or "VARCHAR2" or "NVARCHAR2" or "CHAR" or "NCHAR"
                ? $"LENGTHB({c})" : $"VSIZE({c})";
            q.Column(column.Name, sourceType)
             .Add(column.Name, ProfileMeasure.NonNull, $"COUNT({c})")
             .Add(column.Name, ProfileMeasure.AvgBytes, $"ROUND(AVG({length}), 3)")
             .Add(column.Name, ProfileMeasure.MaxBytes, $"MAX({length})");
            if (baseType is "RAW" or "BLOB")
                q.Lengths(column.Name, "bytes", $"COUNT({c})", length);
            else if (baseType is "CLOB" or "NCLOB" or "VARCHAR2" or "NVARCHAR2")
            {
                var first = isLob ? $"DBMS_LOB.SUBSTR({c}, 1, 1)" : $"SUBSTR(LTRIM({c}), 1, 1)";
                var last = isLob ? $"DBMS_LOB.SUBSTR({c}, 1, DBMS_LOB.GETLENGTH({c}))" : $"SUBSTR(RTRIM({c}), -1, 1)";
                q.Add(column.Name, ProfileMeasure.JsonLike,
                    $"SUM(CASE WHEN {first} IN ('{{', '[') AND {last} IN ('}}', ']') THEN 1 ELSE 0 END)")
                 .Add(column.Name, ProfileMeasure.XmlLike, $"SUM(CASE WHEN {first} = '<' AND {last} = '>' THEN 1 ELSE 0 END)");
            }
            else if (baseType == "NUMBER" && sourceType == "NUMBER")
                q.Add(column.Name, ProfileMeasure.NotBigint,
                    $"SUM(CASE WHEN {c} <> TRUNC({c}) OR {c} NOT BETWEEN -9223372036854775808 AND 9223372036854775807 THEN 1 ELSE 0 END)");
            else if (baseType is "DATE" || baseType.StartsWith("TIMESTAMP", StringComparison.Ordinal))
            {
                q.Add(column.Name, ProfileMeasure.SpanDays, $"ROUND(CAST(MAX({c}) AS DATE) - CAST(MIN({c}) AS DATE), 3)");
                if (scan && integerKey is not null)
                    q.Add(column.Name, ProfileMeasure.Correlation, $"ROUND(CORR(CAST({c} AS DATE) - DATE '2000-01-01', {integerKey}), 6)");
            }
        }
        var from = scan ? OracleSql.Table(table.Name) : $"(SELECT * FROM {OracleSql.Table(table.Name)} FETCH FIRST {sampleRows} ROWS ONLY)";
        return (q, from);
    }
}
