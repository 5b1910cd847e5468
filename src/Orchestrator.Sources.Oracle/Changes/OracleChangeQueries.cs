using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.Oracle.Changes;

/// <summary>
/// The SQL of Oracle change capture through LogMiner: supplemental logging, the SCN with the oldest open
/// transaction, the redo logs of a range, mining with the online catalog and committed data only, and each table's
/// rows with every column's value and whether the redo carried it.
/// </summary>
public static class OracleChangeQueries
{
    public const string SupplementalLogging = "SELECT supplemental_log_data_min, supplemental_log_data_pk, " +
        "supplemental_log_data_all FROM v$database";

    /// <summary>Statements a DBA runs for LogMiner to see whole keys; and the grants the migration's user needs.</summary>
    public const string EnableSupplementalLogging =
        "ALTER DATABASE ADD SUPPLEMENTAL LOG DATA; ALTER DATABASE ADD SUPPLEMENTAL LOG DATA (PRIMARY KEY) COLUMNS;";

    public const string Grants = "GRANT LOGMINING, SELECT ANY TRANSACTION TO <user>; GRANT EXECUTE ON DBMS_LOGMNR TO <user>; " +
        "GRANT SELECT ON V_$DATABASE, V_$LOG, V_$LOGFILE, V_$ARCHIVED_LOG, V_$LOGMNR_CONTENTS, V_$TRANSACTION TO <user>;";

    /// <summary>
    /// The SCN now, and where mining must start to see whole every transaction still open (their first changes are
    /// older than the SCN): the position is "scn:restart".
    /// </summary>
    public const string Position = "SELECT current_scn, (SELECT MIN(start_scn) FROM v$transaction) FROM v$database";

    /// <summary>The redo logs, online and archived, that hold changes from :fromScn on (bind :fromScn twice).</summary>
    public const string LogFiles = """
        SELECT member FROM v$logfile f JOIN v$log l ON l.group# = f.group# WHERE l.next_change# > :fromScn OR l.status = 'CURRENT'
        UNION
        SELECT name FROM v$archived_log WHERE next_change# > :fromScn2 AND name IS NOT NULL AND deleted = 'NO' AND standby_dest = 'NO'
        """;

    public const string AddLogFile = "BEGIN DBMS_LOGMNR.ADD_LOGFILE(LOGFILENAME => :name, OPTIONS => :opt); END;";

    public const string StartMining = """
        BEGIN DBMS_LOGMNR.START_LOGMNR(STARTSCN => :startScn, ENDSCN => :endScn,
            OPTIONS => DBMS_LOGMNR.DICT_FROM_ONLINE_CATALOG + DBMS_LOGMNR.COMMITTED_DATA_ONLY); END;
        """;

    public const string EndMining = "BEGIN DBMS_LOGMNR.END_LOGMNR; END;";

    /// <summary>Fixed text forms for what MINE_VALUE returns: the ones the chunk SELECTs use with TO_CHAR.</summary>
    public static readonly IReadOnlyList<string> SessionSettings =
    [
        $"ALTER SESSION SET NLS_DATE_FORMAT = '{OracleValueText.DateFormat}'",
        $"ALTER SESSION SET NLS_TIMESTAMP_FORMAT = '{OracleValueText.TimestampFormat}'",
        "ALTER SESSION SET NLS_NUMERIC_CHARACTERS = '.,'",
    ];

    /// <summary>
    /// One table's committed inserts (1), deletes (2) and updates (3) after :after up to :upTo, in commit order:
    /// each column's value from the redo (new values) and whether the redo carried it, then the key from the undo.
    /// </summary>
    public static OracleQuery Contents(SyncTable table, string after, string upTo)
    {
        string Path(string column)
            => $"{OracleSql.Ident(table.Source.Schema)}.{OracleSql.Ident(table.Source.Name)}.{OracleSql.Ident(column)}";
        var binds = new List<KeyValuePair<string, object>>();
        string Bind(string name, object value) { binds.Add(new(name, value)); return ":" + name; }
        var values = table.Columns.Select((c, i) => $"DBMS_LOGMNR.MINE_VALUE(redo_value, {Bind($"v{i}", Path(c.SourceName))}), " +
            $"DBMS_LOGMNR.COLUMN_PRESENT(redo_value, {Bind($"p{i}", Path(c.SourceName))})");
        var keys = table.Key.Select((k, n) => $"DBMS_LOGMNR.MINE_VALUE(undo_value, {Bind($"k{n}", Path(table.Columns[k].SourceName))})");
        var sql = $"SELECT commit_scn, operation_code, commit_timestamp, {string.Join(", ", values)}, " +
            $"{string.Join(", ", keys)} FROM v$logmnr_contents " +
            $"WHERE seg_owner = {Bind("owner", table.Source.Schema)} AND table_name = {Bind("tab", table.Source.Name)} " +
            "AND operation_code IN (1, 2, 3) " +
            $"AND commit_scn > {Bind("after", Scn(after))} AND commit_scn <= {Bind("upTo", Scn(upTo))} " +
            "ORDER BY commit_scn, scn, rs_id, ssn";
        return new OracleQuery(sql, binds);
    }

    /// <summary>The columns each table has now, with their types: the values' text forms, and a check that nothing changed.</summary>
    public static OracleQuery Columns(TableName table) => new(
        "SELECT column_name, data_type, data_scale FROM all_tab_columns WHERE owner = :owner AND table_name = :tab AND " +
        "virtual_column = 'NO' ORDER BY column_id",
        [new("owner", table.Schema), new("tab", table.Name)]);

    /// <summary>A position "scn:restart" (or a bare SCN): the SCN.</summary>
    public static long Scn(string position) => long.Parse(position.Split(':')[0], CultureInfo.InvariantCulture);

    /// <summary>
    /// Where mining starts for changes committed after <paramref name="position"/>: its restart SCN, else just after its SCN.
    /// </summary>
    public static long MiningStart(string position) =>
        position.Split(':') is [_, var restart] && restart.Length > 0
            ? long.Parse(restart, CultureInfo.InvariantCulture) : Scn(position) + 1;

    public static string SortKey(string position) => Scn(position).ToString("D20", CultureInfo.InvariantCulture);
}
