using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Postgres;

/// <summary>SQL of the PostgreSQL assessment: objects that are not data, pg_stat_statements, and the per-table profile query.</summary>
static class PostgresInventoryQueries
{
    const string NotExtensionMember = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = {0} AND d.deptype = 'e')";

    static string NotInExtension(string oid) => string.Format(System.Globalization.CultureInfo.InvariantCulture, NotExtensionMember, oid);

    /// <summary>
    /// kind, schema, name, table, language, definition. A trigger's definition includes its function's body, which is what gets graded.
    /// </summary>
    public static readonly string Objects = $"""
        SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized view' END, n.nspname, c.relname, NULL, 'sql', pg_get_viewdef(c.oid)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('v', 'm') AND {PostgresCatalogQueries.UserSchemaFilter} AND {NotInExtension("c.oid")}
        UNION ALL
        SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname,
               p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', NULL, l.lanname, p.prosrc
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
        WHERE {PostgresCatalogQueries.UserSchemaFilter} AND {NotInExtension("p.oid")}
        UNION ALL
        SELECT 'trigger', n.nspname, t.tgname, n.nspname || '.' || c.relname, l.lanname, pg_get_triggerdef(t.oid) || E'\n' || p.prosrc
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_language l ON l.oid = p.prolang
        WHERE NOT t.tgisinternal AND {PostgresCatalogQueries.UserSchemaFilter}
        UNION ALL
        SELECT 'sequence', n.nspname, c.relname, tn.nspname || '.' || tc.relname, NULL, NULL
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
                             AND d.deptype IN ('a', 'i')
        LEFT JOIN pg_class tc ON tc.oid = d.refobjid LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
        WHERE c.relkind = 'S' AND {PostgresCatalogQueries.UserSchemaFilter} AND {NotInExtension("c.oid")}
        """;

    /// <summary>pg_cron's jobs, read only when its table exists.</summary>
    public const string CronJobs = "SELECT 'job', username, coalesce(jobname, jobid::text), NULL, 'sql', command FROM cron.job";

    /// <summary>$1 = how many rows; total_exec_time is PostgreSQL 13+, total_time before.</summary>
    public static string HeavyQueries(int serverVersionNum) => serverVersionNum >= 130000
        ? "SELECT query, calls, total_exec_time, mean_exec_time, rows FROM pg_stat_statements WHERE query IS NOT NULL ORDER BY " +
            "total_exec_time DESC LIMIT $1"
        : "SELECT query, calls, total_time, mean_time, rows FROM pg_stat_statements WHERE query IS NOT NULL " +
            "ORDER BY total_time DESC LIMIT $1";

    public const string Statistics = """
        SELECT attname, avg_width, correlation FROM pg_stats
        WHERE schemaname = $1 AND tablename = $2 ORDER BY inherited
        """;

    static readonly HashSet<string> NumericElements = ["real", "double precision", "numeric", "integer", "bigint", "smallint"];

    /// <summary>
    /// The profile query of a table. With scan it reads every row; without, a sample of the first rows, whose
    /// lengths and shapes are shown as an estimate (value sizes then come from pg_stats).
    /// </summary>
    public static (ProfileQuery Query, string From) Profile(TableInfo table, bool scan, int sampleRows)
    {
        var q = new ProfileQuery();
        var integerKey = table.PrimaryKey is { Columns: [var k] } && table.Columns.First(c => c.Name == k).Family == TypeFamily.Integer
            ? PgSql.Ident(k) : null;
        foreach (var column in table.Columns)
        {
            var c = PgSql.Ident(column.Name);
            var type = column.DataType;
            q.Column(column.Name, type).Add(column.Name, ProfileMeasure.NonNull, $"count({c})");
            var bytes = column.Family switch
            {
                TypeFamily.Binary => $"octet_length({c})",
                TypeFamily.Text or TypeFamily.Json or TypeFamily.Xml => $"octet_length({c}::text)",
                _ => $"pg_column_size({c})",
            };
            q.Add(column.Name, ProfileMeasure.AvgBytes, $"avg({bytes})::float8").Add(column.Name, ProfileMeasure.MaxBytes, $"max({bytes})");
            if (column.Family == TypeFamily.Binary)
                q.Lengths(column.Name, "bytes", $"count({c})", $"octet_length({c})");
            else if (type.EndsWith("[]", StringComparison.Ordinal) && NumericElements.Contains(BaseName(type[..^2])))
                q.Lengths(column.Name, "array elements", $"count({c}) FILTER (WHERE array_ndims({c}) = 1)", $"cardinality({c})");
            else if (column.Family == TypeFamily.Json)
            {
                var isNumbers = $"json_typeof({c}::json) = 'array' AND json_typeof({c}::json -> 0) = 'number'";
                q.Lengths(column.Name, "json array elements", $"count(*) FILTER (WHERE {isNumbers})",
                    $"CASE WHEN {isNumbers} THEN json_array_length({c}::json) END");
            }
            else if (column.Family == TypeFamily.Text)
                q.Add(column.Name, ProfileMeasure.JsonLike,
                    $"count(*) FILTER (WHERE left(ltrim({c}), 1) IN ('{{', '[') AND right(rtrim({c}), 1) IN ('}}', ']'))")
                 .Add(column.Name, ProfileMeasure.XmlLike,
                     $"count(*) FILTER (WHERE left(ltrim({c}), 1) = '<' AND right(rtrim({c}), 1) = '>')");
            else if (column.Family == TypeFamily.Decimal && type == "numeric")
                q.Add(column.Name, ProfileMeasure.NotBigint,
                    $"count(*) FILTER (WHERE {c} <> trunc({c}) OR {c} NOT BETWEEN -9223372036854775808 AND 9223372036854775807)");
            else if (column.Family == TypeFamily.Temporal && (type.StartsWith("timestamp", StringComparison.Ordinal) || type == "date"))
            {
                q.Add(column.Name, ProfileMeasure.SpanDays,
                    $"((extract(epoch FROM max({c})) - extract(epoch FROM min({c}))) / 86400.0)::float8");
                // Key order is what a scan can prove; physical order comes from pg_stats either way.
                if (scan && integerKey is not null)
                    q.Add(column.Name, ProfileMeasure.Correlation, $"corr(extract(epoch FROM {c})::float8, {integerKey}::float8)");
            }
        }
        var only = table.PartitionKey is null ? "ONLY " : "";
        var from = scan ? $"{only}{PgSql.Table(table.Name)}" : $"(SELECT * FROM {only}{PgSql.Table(table.Name)} LIMIT {sampleRows}) sample";
        return (q, from);
    }

    static string BaseName(string type) => type.Split('(')[0].Trim();
}
