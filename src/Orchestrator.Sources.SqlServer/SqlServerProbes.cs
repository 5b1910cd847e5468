namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Every optional probe of the SQL Server dialect. The basic catalog (sys.schemas, tables, columns, types, indexes,
/// index_columns, key, foreign-key, check, identity and sequence views) is required; these may be refused, and a run
/// then takes the fallback and lists the probe in its plan, assessment and report (docs/type-mapping.md, Permissions).
/// </summary>
public static class SqlServerProbes
{
    const string Definition = "VIEW DEFINITION";

    public static readonly SqlServerProbe RowCounts = new("row counts", "sys.partitions", Definition,
        "rows are counted with COUNT_BIG(*) when a table is planned: one scan per table");

    public static readonly SqlServerProbe Sizes = new("sizes", "sys.allocation_units", Definition,
        "table sizes are unknown (0 bytes): chunk counts follow row counts alone");

    public static readonly SqlServerProbe ExternalTables = new("external tables", "sys.tables.is_external", Definition,
        "external tables are not told apart from local ones");

    public static readonly SqlServerProbe ChangeTrackedTables = new("change-tracked tables", "sys.change_tracking_tables", Definition,
        "no table counts as change-tracked");

    public static readonly SqlServerProbe CdcTables = new("CDC-tracked tables", "sys.tables.is_tracked_by_cdc", Definition,
        "no table counts as tracked by CDC");

    public static readonly SqlServerProbe Comments = new("comments", "sys.extended_properties (MS_Description)", Definition,
        "tables and columns get no comments");

    public static readonly SqlServerProbe DatabaseOptions = new("database options",
        "sys.databases (is_cdc_enabled, snapshot_isolation_state)",
        "VIEW ANY DATABASE (granted to public by default)",
        "CDC counts as off, and chunks read under READ COMMITTED instead of snapshot isolation");

    public static readonly SqlServerProbe ChangeTrackingVersion = new("change tracking version", "CHANGE_TRACKING_CURRENT_VERSION()",
        "a SQL Server engine with change tracking", "the position comes from CDC, the log or @@DBTS");

    public static readonly SqlServerProbe CdcPosition = new("CDC position", "sys.fn_cdc_get_max_lsn()", "CDC enabled on the database",
        "the position comes from the log or @@DBTS");

    public static readonly SqlServerProbe LogPosition = new("log position", "sys.dm_db_log_stats",
        "VIEW DATABASE STATE (VIEW DATABASE PERFORMANCE STATE on SQL Server 2022)", "the position is @@DBTS, a marker only");

    public static readonly SqlServerProbe Dbts = new("@@DBTS", "@@DBTS", "a SQL Server engine (any login)",
        "the position is the server's clock, a marker only");

    public static readonly SqlServerProbe Partitions = new("partition layout",
        "sys.partition_schemes, sys.partition_functions, sys.partition_range_values",
        Definition, "partitioned tables are chunked by key, not one chunk per partition");

    public static readonly SqlServerProbe Histograms = new("histograms", "sys.dm_db_stats_histogram, sys.stats_columns",
        "SELECT on the table (db_datareader) and VIEW DEFINITION", "integer-key chunk boundaries cost one NTILE scan over the key");

    public static readonly SqlServerProbe PageLocator = new("page locator", "%%physloc%%",
        "a SQL Server engine (other T-SQL engines have none)",
        "a table without an exact key is read as one chunk, or in ranges of its key's leading column (one NTILE scan)");

    public static readonly SqlServerProbe AgentJobs = new("SQL Agent jobs", "msdb.dbo.sysjobs, msdb.dbo.sysjobsteps",
        "SQLAgentReaderRole in msdb",
        "jobs are not listed among the objects to convert");

    public static readonly SqlServerProbe HeavyQueries = new("heavy queries", "sys.dm_exec_query_stats, sys.dm_exec_sql_text",
        "VIEW SERVER STATE (VIEW SERVER PERFORMANCE STATE on SQL Server 2022)", "the assessment lists no heavy queries");

    public static IReadOnlyList<SqlServerProbe> All { get; } =
    [
        RowCounts, Sizes, ExternalTables, ChangeTrackedTables, CdcTables, Comments, DatabaseOptions, ChangeTrackingVersion, CdcPosition,
        LogPosition, Dbts, Partitions, Histograms, PageLocator, AgentJobs, HeavyQueries,
    ];
}
