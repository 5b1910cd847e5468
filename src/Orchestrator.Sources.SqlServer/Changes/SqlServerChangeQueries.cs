using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.SqlServer.Changes;

/// <summary>
/// The T-SQL of SQL Server change capture: change tracking's net changes joined to the current rows, CDC's change
/// functions in commit order, what tells which is enabled, and the statements a DBA runs to enable one.
/// </summary>
public static class SqlServerChangeQueries
{
    public const string ChangeTrackedTables = """
        SELECT s.name, t.name FROM sys.change_tracking_tables c
        JOIN sys.tables t ON t.object_id = c.object_id JOIN sys.schemas s ON s.schema_id = t.schema_id
        """;

    public const string CdcCaptureInstances = """
        SELECT s.name, t.name, c.capture_instance FROM cdc.change_tables c
        JOIN sys.tables t ON t.object_id = c.source_object_id JOIN sys.schemas s ON s.schema_id = t.schema_id
        ORDER BY c.create_date DESC
        """;

    public const string CurrentVersion = "SELECT CHANGE_TRACKING_CURRENT_VERSION()";

    public const string MaxLsn = "SELECT CONVERT(varchar(22), sys.fn_cdc_get_max_lsn(), 1)";

    /// <summary>Change tracking's cleanup removed changes newer than the position: the ones in between are lost.</summary>
    public const string MinValidVersion = "SELECT CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(@table))";

    /// <summary>The oldest LSN CDC keeps, and whether the next change after @after is older (cleanup removed changes in between).</summary>
    public const string MinLsn = """
        SELECT CONVERT(varchar(22), sys.fn_cdc_get_min_lsn(@instance), 1),
               CASE WHEN sys.fn_cdc_increment_lsn(CONVERT(binary(10), @after, 1)) < sys.fn_cdc_get_min_lsn(@instance) THEN 1 ELSE 0 END
        """;

    public const string LsnTime = "SELECT sys.fn_cdc_map_lsn_to_time(CONVERT(binary(10), @lsn, 1))";

    /// <summary>The columns each table has now, with their types: the values' text forms, and a check that nothing changed.</summary>
    public const string Columns = """
        SELECT c.name, TYPE_NAME(c.system_type_id) FROM sys.columns c
        WHERE c.object_id = OBJECT_ID(@table) AND c.is_computed = 0 ORDER BY c.column_id
        """;

    /// <summary>
    /// Net changes per key since @after up to @upTo, each joined to the row as it is now: a row that is gone is a
    /// delete whatever the operation says. Parameters @after and @upTo (bigint).
    /// </summary>
    public static string ChangeTracking(SyncTable table)
    {
        var key = table.Key.Select(k => SqlServerSql.Ident(table.Columns[k].SourceName)).ToList();
        return $"SELECT ct.SYS_CHANGE_VERSION, ct.SYS_CHANGE_OPERATION, {string.Join(", ", key.Select(k => "ct." + k))}, " +
            $"CASE WHEN t.{key[0]} IS NULL THEN 0 ELSE 1 END, " +
            $"{string.Join(", ", table.Columns.Select(c => "t." + SqlServerSql.Ident(c.SourceName)))} " +
            $"FROM CHANGETABLE(CHANGES {SqlServerSql.Table(table.Source)}, @after) AS ct " +
            $"LEFT JOIN {SqlServerSql.Table(table.Source)} AS t ON {string.Join(" AND ", key.Select(k => $"t.{k} = ct.{k}"))} " +
            "WHERE ct.SYS_CHANGE_VERSION <= @upTo ORDER BY ct.SYS_CHANGE_VERSION";
    }

    /// <summary>
    /// CDC's changes of one capture instance after @after up to @upTo (LSNs as 0x text), in commit order; updates as their new rows.
    /// </summary>
    public static string Cdc(SyncTable table, string captureInstance) =>
        "SELECT CONVERT(varchar(22), __$start_lsn, 1), __$operation, " +
        $"{string.Join(", ", table.Columns.Select(c => SqlServerSql.Ident(c.SourceName)))} " +
        $"FROM cdc.{SqlServerSql.Ident("fn_cdc_get_all_changes_" + captureInstance)}" +
        "(sys.fn_cdc_increment_lsn(CONVERT(binary(10), @after, 1)), " +
        "CONVERT(binary(10), @upTo, 1), N'all') ORDER BY __$start_lsn, __$seqval";

    /// <summary>What the DBA runs for change tracking (preferred: no capture job) or CDC, for the tables that have neither.</summary>
    public static string EnableStatements(string database, IEnumerable<TableName> tables)
    {
        var list = tables.ToList();
        return $"either change tracking: ALTER DATABASE {SqlServerSql.Ident(database)} SET CHANGE_TRACKING = ON " +
            "(CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON); " +
            string.Concat(list.Select(t => $"ALTER TABLE {SqlServerSql.Table(t)} ENABLE CHANGE_TRACKING; ")) +
            "or CDC: EXEC sys.sp_cdc_enable_db; " +
            string.Concat(list.Select(t => string.Create(CultureInfo.InvariantCulture,
                $"EXEC sys.sp_cdc_enable_table @source_schema = N'{t.Schema.Replace("'", "''")}', @source_name = " +
                $"N'{t.Name.Replace("'", "''")}', @role_name = NULL; ")));
    }

    /// <summary>A position's text in SQL Server order: versions as 20 digits, LSNs as their 20 hex digits.</summary>
    public static string SortKey(string position) => position.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? position[2..].ToUpperInvariant().PadLeft(20, '0')
        : long.Parse(position, CultureInfo.InvariantCulture).ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Source types whose values have no faithful text form here: such tables are loaded, not synced.</summary>
    public static readonly IReadOnlySet<string> Unsupported = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "sql_variant", "geography", "geometry", "hierarchyid" };
}
