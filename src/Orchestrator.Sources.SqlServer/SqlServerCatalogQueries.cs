namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// The sys.* queries Discover and Plan run. Every value is a parameter (@name); column order is what
/// <see cref="SqlServerCatalogReader"/> reads.
/// </summary>
static class SqlServerCatalogQueries
{
    // Base type: alias types resolve to their system type; CLR types (hierarchyid, geometry, geography) keep their name.
    const string BaseType = "CASE WHEN ut.is_assembly_type = 1 THEN ut.name ELSE TYPE_NAME(c.system_type_id) END";

    /// <summary>The selected tables' names (required: sys.tables, sys.schemas); the optional facts below are keyed by object_id.</summary>
    public const string Tables = """
        SELECT s.name, t.name, t.object_id
          FROM sys.tables t
          JOIN sys.schemas s ON s.schema_id = t.schema_id
         WHERE t.is_ms_shipped = 0
         ORDER BY s.name, t.name
        """;

    public const string ExternalTables = "SELECT t.object_id FROM sys.tables t WHERE t.is_external = 1";

    /// <summary>Rows of the heap or clustered index, summed over its partitions.</summary>
    public const string RowCounts = """
        SELECT p.object_id, SUM(p.rows) FROM sys.partitions p WHERE p.index_id IN (0, 1) GROUP BY p.object_id
        """;

    // Sizes as the assessment counts them: every allocation unit (in-row, row-overflow, LOB) of the heap or clustered index.
    public const string Sizes = """
        SELECT p.object_id, SUM(a.total_pages)
          FROM sys.partitions p
          JOIN sys.allocation_units a ON a.container_id = CASE WHEN a.type IN (1, 3) THEN p.hobt_id ELSE p.partition_id END
         WHERE p.index_id IN (0, 1)
         GROUP BY p.object_id
        """;

    public const string ChangeTrackedTables = "SELECT ct.object_id FROM sys.change_tracking_tables ct";

    public const string CdcTables = "SELECT t.object_id FROM sys.tables t WHERE t.is_tracked_by_cdc = 1";

    /// <summary>MS_Description of tables (minor_id 0) and their columns (by name).</summary>
    public const string Comments = """
        SELECT ep.major_id, ep.minor_id, c.name, CAST(ep.value AS nvarchar(4000))
          FROM sys.extended_properties ep
          LEFT JOIN sys.columns c ON c.object_id = ep.major_id AND c.column_id = ep.minor_id
         WHERE ep.class = 1 AND ep.name = N'MS_Description'
        """;

    // What SqlServerCatalogReader.ReadColumn reads, for all tables or for one.
    const string ColumnSelect = $"""
        SELECT c.object_id, c.name, {BaseType}, CASE WHEN ut.is_user_defined = 1 THEN ut.name END,
               c.max_length, c.precision, c.scale, c.collation_name, c.is_nullable, c.is_identity,
               cc.definition, dc.definition
          FROM sys.columns c
          JOIN sys.types ut ON ut.user_type_id = c.user_type_id
          LEFT JOIN sys.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id
          LEFT JOIN sys.default_constraints dc ON dc.object_id = c.default_object_id
        """;

    public const string Columns = $"""
        {ColumnSelect}
          JOIN sys.tables t ON t.object_id = c.object_id
         WHERE t.is_ms_shipped = 0
         ORDER BY c.object_id, c.column_id
        """;

    /// <summary>One table's columns, for the chunk reader and the aggregate probe (which get only a table name).</summary>
    public const string TableColumns = $"""
        {ColumnSelect}
         WHERE c.object_id = OBJECT_ID(@table)
         ORDER BY c.column_id
        """;

    public const string Identities = """
        SELECT s.name, t.name, c.name, TYPE_NAME(c.system_type_id),
               CAST(c.seed_value AS decimal(38, 0)), CAST(c.increment_value AS decimal(38, 0))
          FROM sys.identity_columns c
          JOIN sys.tables t ON t.object_id = c.object_id
          JOIN sys.schemas s ON s.schema_id = t.schema_id
         WHERE t.is_ms_shipped = 0
        """;

    // Rowstore indexes only (type 1 clustered, 2 nonclustered); the partitioning column of an aligned index has
    // key_ordinal 0 and is not part of the key.
    public const string Indexes = """
        SELECT i.object_id, i.name, i.is_primary_key, i.is_unique_constraint, i.is_unique, i.filter_definition,
               col.name, ic.is_descending_key, ic.is_included_column
          FROM sys.indexes i
          JOIN sys.tables t ON t.object_id = i.object_id
          JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
          JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
         WHERE t.is_ms_shipped = 0 AND i.type IN (1, 2) AND i.is_hypothetical = 0 AND i.is_disabled = 0
           AND (ic.key_ordinal > 0 OR ic.is_included_column = 1)
         ORDER BY i.object_id, i.index_id, ic.is_included_column, ic.key_ordinal, ic.index_column_id
        """;

    public const string ForeignKeys = """
        SELECT fk.parent_object_id, fk.name, rs.name, rt.name, pc.name, rc.name,
               fk.delete_referential_action_desc, fk.update_referential_action_desc
          FROM sys.foreign_keys fk
          JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id
          JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
          JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
          JOIN sys.tables rt ON rt.object_id = fk.referenced_object_id
          JOIN sys.schemas rs ON rs.schema_id = rt.schema_id
         ORDER BY fk.parent_object_id, fk.name, fkc.constraint_column_id
        """;

    public const string Checks = """
        SELECT cc.parent_object_id, cc.name, cc.definition, cc.is_disabled, cc.is_not_trusted
          FROM sys.check_constraints cc
          JOIN sys.tables t ON t.object_id = cc.parent_object_id
         WHERE t.is_ms_shipped = 0
         ORDER BY cc.parent_object_id, cc.name
        """;

    public const string Sequences = """
        SELECT s.name, q.name, TYPE_NAME(q.system_type_id),
               CAST(q.start_value AS decimal(38, 0)), CAST(q.increment AS decimal(38, 0)),
               CAST(q.minimum_value AS decimal(38, 0)), CAST(q.maximum_value AS decimal(38, 0)), q.is_cycling
          FROM sys.sequences q
          JOIN sys.schemas s ON s.schema_id = q.schema_id
         ORDER BY s.name, q.name
        """;

    /// <summary>A table's partitions (heap or clustered index) with row counts, its partition function and column.</summary>
    public const string Partitions = """
        SELECT p.partition_number, p.rows, pf.name, pf.boundary_value_on_right, c.name
          FROM sys.partitions p
          JOIN sys.indexes i ON i.object_id = p.object_id AND i.index_id = p.index_id
          JOIN sys.partition_schemes ps ON ps.data_space_id = i.data_space_id
          JOIN sys.partition_functions pf ON pf.function_id = ps.function_id
          JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.partition_ordinal = 1
          JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
         WHERE p.object_id = OBJECT_ID(@table) AND p.index_id IN (0, 1)
         ORDER BY p.partition_number
        """;

    public const string PartitionBoundaries = """
        SELECT v.boundary_id, v.value
          FROM sys.partition_range_values v
          JOIN sys.partition_functions pf ON pf.function_id = v.function_id
         WHERE pf.name = @function
         ORDER BY v.boundary_id
        """;

    /// <summary>The histogram steps of the first statistics object led by the column.</summary>
    public const string Histogram = """
        SELECT h.range_high_key
          FROM sys.dm_db_stats_histogram(OBJECT_ID(@table),
               (SELECT TOP (1) sc.stats_id FROM sys.stats_columns sc
                 WHERE sc.object_id = OBJECT_ID(@table) AND sc.stats_column_id = 1
                   AND sc.column_id = COLUMNPROPERTY(OBJECT_ID(@table), @column, 'ColumnId')
                 ORDER BY sc.stats_id)) h
         ORDER BY h.step_number
        """;

    public const string DatabaseOptions = """
        SELECT d.is_cdc_enabled, d.snapshot_isolation_state FROM sys.databases d WHERE d.database_id = DB_ID()
        """;

    public const string ChangeTrackingVersion = "SELECT CHANGE_TRACKING_CURRENT_VERSION()";

    public const string Clock = "SELECT SYSUTCDATETIME()";

    public const string MaxCdcLsn = "SELECT CONVERT(varchar(22), sys.fn_cdc_get_max_lsn(), 1)";

    // Position without change tracking or CDC: the end of the log (needs VIEW DATABASE STATE).
    public const string LogEndLsn = "SELECT log_end_lsn FROM sys.dm_db_log_stats(DB_ID())";

    public const string Dbts = "SELECT @@DBTS";

    public const string SequenceValue = """
        SELECT CAST(q.current_value AS decimal(38, 0)), CAST(CASE WHEN q.last_used_value IS NULL THEN 0 ELSE 1 END AS bit)
          FROM sys.sequences q JOIN sys.schemas s ON s.schema_id = q.schema_id
         WHERE s.name = @schema AND q.name = @name
        """;

    /// <summary>An identity's state by the name Discover gave its sequence: table_column_seq.</summary>
    public const string IdentityValue = """
        SELECT CAST(COALESCE(c.last_value, c.seed_value) AS decimal(38, 0)), CAST(CASE WHEN c.last_value IS NULL THEN 0 ELSE 1 END AS bit)
          FROM sys.identity_columns c
          JOIN sys.tables t ON t.object_id = c.object_id
          JOIN sys.schemas s ON s.schema_id = t.schema_id
         WHERE s.name = @schema AND t.name + N'_' + c.name + N'_seq' = @name
        """;
}
