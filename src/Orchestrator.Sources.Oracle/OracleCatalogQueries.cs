namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Catalog SQL over the ALL_* views (what the connected user may read), with bind variables only. Each bind appears
/// once and in the order the caller adds it, so the SQL works whether the provider binds by name or by position.
/// </summary>
public static class OracleCatalogQueries
{
    public const string Tables = """
        SELECT t.OWNER, t.TABLE_NAME, NVL(t.NUM_ROWS, -1), NVL(t.BLOCKS, 0), t.PARTITIONED, t.IOT_TYPE, c.COMMENTS, NVL(ts.BLOCK_SIZE, 8192)
        FROM ALL_TABLES t
        JOIN ALL_USERS u ON u.USERNAME = t.OWNER AND u.ORACLE_MAINTAINED = 'N'
        LEFT JOIN ALL_TAB_COMMENTS c ON c.OWNER = t.OWNER AND c.TABLE_NAME = t.TABLE_NAME
        LEFT JOIN USER_TABLESPACES ts ON ts.TABLESPACE_NAME = t.TABLESPACE_NAME
        WHERE t.NESTED = 'NO' AND t.SECONDARY = 'N' AND t.DROPPED = 'NO' AND t.TEMPORARY = 'N'
          AND (t.IOT_TYPE IS NULL OR t.IOT_TYPE = 'IOT')
          AND NOT EXISTS (SELECT 1 FROM ALL_EXTERNAL_TABLES x WHERE x.OWNER = t.OWNER AND x.TABLE_NAME = t.TABLE_NAME)
          AND NOT EXISTS (SELECT 1 FROM ALL_MVIEWS m WHERE m.OWNER = t.OWNER AND m.CONTAINER_NAME = t.TABLE_NAME)
        ORDER BY t.OWNER, t.TABLE_NAME
        """;

    const string ColumnsSelect = """
        SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.DATA_LENGTH, c.DATA_PRECISION, c.DATA_SCALE, c.CHAR_LENGTH, c.CHAR_USED,
               c.NULLABLE, i.GENERATION_TYPE, i.SEQUENCE_NAME, c.DATA_DEFAULT, cm.COMMENTS
        FROM ALL_TAB_COLS c
        LEFT JOIN ALL_TAB_IDENTITY_COLS i ON i.OWNER = c.OWNER AND i.TABLE_NAME = c.TABLE_NAME AND i.COLUMN_NAME = c.COLUMN_NAME
        LEFT JOIN ALL_COL_COMMENTS cm ON cm.OWNER = c.OWNER AND cm.TABLE_NAME = c.TABLE_NAME AND cm.COLUMN_NAME = c.COLUMN_NAME
        WHERE c.OWNER = :owner AND c.HIDDEN_COLUMN = 'NO' AND c.USER_GENERATED = 'YES'
        """;

    /// <summary>Virtual columns are read like stored ones: their values are materialised in the target.</summary>
    public const string Columns = ColumnsSelect + "\nORDER BY c.TABLE_NAME, c.COLUMN_ID";

    public const string TableColumns = ColumnsSelect + "\n  AND c.TABLE_NAME = :name\nORDER BY c.COLUMN_ID";

    /// <summary>Only enabled and validated constraints: the rows are known to satisfy them.</summary>
    public const string Constraints = """
        SELECT c.TABLE_NAME, c.CONSTRAINT_NAME, c.CONSTRAINT_TYPE, c.DELETE_RULE, c.DEFERRABLE, c.DEFERRED,
               r.OWNER, r.TABLE_NAME, c.SEARCH_CONDITION_VC, c.GENERATED
        FROM ALL_CONSTRAINTS c
        LEFT JOIN ALL_CONSTRAINTS r ON r.OWNER = c.R_OWNER AND r.CONSTRAINT_NAME = c.R_CONSTRAINT_NAME
        WHERE c.OWNER = :owner AND c.CONSTRAINT_TYPE IN ('P', 'U', 'R', 'C') AND c.STATUS = 'ENABLED' AND c.VALIDATED = 'VALIDATED'
        ORDER BY c.TABLE_NAME, c.CONSTRAINT_NAME
        """;

    /// <summary>Key columns in order, each with the referenced key's column at the same position (foreign keys).</summary>
    public const string ConstraintColumns = """
        SELECT cc.CONSTRAINT_NAME, cc.COLUMN_NAME, rc.COLUMN_NAME
        FROM ALL_CONS_COLUMNS cc
        JOIN ALL_CONSTRAINTS c ON c.OWNER = cc.OWNER AND c.CONSTRAINT_NAME = cc.CONSTRAINT_NAME
        LEFT JOIN ALL_CONS_COLUMNS rc ON rc.OWNER = c.R_OWNER AND rc.CONSTRAINT_NAME = c.R_CONSTRAINT_NAME AND rc.POSITION = cc.POSITION
        WHERE cc.OWNER = :owner AND c.CONSTRAINT_TYPE IN ('P', 'U', 'R')
        ORDER BY cc.CONSTRAINT_NAME, cc.POSITION
        """;

    /// <summary>
    /// Indexes that back no key, with each key's direction and, for function-based keys (descending ones included),
    /// its expression (a LONG). LOB indexes are Oracle's own; other types are read to be reported.
    /// </summary>
    public const string Indexes = """
        SELECT i.TABLE_NAME, i.INDEX_NAME, i.UNIQUENESS, ic.COLUMN_NAME, ic.DESCEND, i.INDEX_TYPE, ie.COLUMN_EXPRESSION
        FROM ALL_INDEXES i
        JOIN ALL_IND_COLUMNS ic ON ic.INDEX_OWNER = i.OWNER AND ic.INDEX_NAME = i.INDEX_NAME
        LEFT JOIN ALL_IND_EXPRESSIONS ie ON ie.INDEX_OWNER = ic.INDEX_OWNER AND ie.INDEX_NAME = ic.INDEX_NAME
                                        AND ie.COLUMN_POSITION = ic.COLUMN_POSITION
        WHERE i.TABLE_OWNER = :owner AND i.INDEX_TYPE <> 'LOB'
          AND NOT EXISTS (SELECT 1 FROM ALL_CONSTRAINTS k WHERE k.OWNER = i.TABLE_OWNER AND k.TABLE_NAME = i.TABLE_NAME
                          AND k.INDEX_NAME = i.INDEX_NAME AND k.CONSTRAINT_TYPE IN ('P', 'U'))
        ORDER BY i.TABLE_NAME, i.INDEX_NAME, ic.COLUMN_POSITION
        """;

    public const string Sequences = """
        SELECT s.SEQUENCE_NAME, TO_CHAR(s.MIN_VALUE), TO_CHAR(s.MAX_VALUE), TO_CHAR(s.INCREMENT_BY), s.CYCLE_FLAG
        FROM ALL_SEQUENCES s
        WHERE s.SEQUENCE_OWNER = :owner
        ORDER BY s.SEQUENCE_NAME
        """;

    /// <summary>LAST_NUMBER: the next value not yet cached, so every value ever handed out is below it (ascending).</summary>
    public const string SequenceValue = """
        SELECT TO_CHAR(s.LAST_NUMBER) FROM ALL_SEQUENCES s WHERE s.SEQUENCE_OWNER = :owner AND s.SEQUENCE_NAME = :name
        """;

    public const string CurrentScn = "SELECT TO_CHAR(DBMS_FLASHBACK.GET_SYSTEM_CHANGE_NUMBER) FROM DUAL";

    /// <summary>Fallback when DBMS_FLASHBACK is not granted.</summary>
    public const string CurrentScnFromDatabase = "SELECT TO_CHAR(CURRENT_SCN) FROM V$DATABASE";

    public const string Version = "SELECT BANNER FROM V$VERSION WHERE ROWNUM = 1";

    public const string Charset = "SELECT VALUE FROM NLS_DATABASE_PARAMETERS WHERE PARAMETER = 'NLS_CHARACTERSET'";

    public const string Partitions = """
        SELECT p.PARTITION_NAME, NVL(p.NUM_ROWS, -1)
        FROM ALL_TAB_PARTITIONS p
        WHERE p.TABLE_OWNER = :owner AND p.TABLE_NAME = :name
        ORDER BY p.PARTITION_POSITION
        """;

    /// <summary>Extents with the first ROWID each can hold; needs SELECT on DBA_EXTENTS (USER_EXTENTS has no block addresses).</summary>
    public const string Extents = """
        SELECT e.RELATIVE_FNO, e.BLOCK_ID, e.BLOCKS,
               ROWIDTOCHAR(DBMS_ROWID.ROWID_CREATE(1, o.DATA_OBJECT_ID, e.RELATIVE_FNO, e.BLOCK_ID, 0))
        FROM DBA_EXTENTS e
        JOIN ALL_OBJECTS o ON o.OWNER = e.OWNER AND o.OBJECT_NAME = e.SEGMENT_NAME AND o.OBJECT_TYPE = 'TABLE'
        WHERE e.OWNER = :owner AND e.SEGMENT_NAME = :name AND e.SEGMENT_TYPE = 'TABLE'
        ORDER BY e.RELATIVE_FNO, e.BLOCK_ID
        """;
}
