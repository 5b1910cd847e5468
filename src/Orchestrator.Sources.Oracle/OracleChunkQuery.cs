using System.Globalization;
using System.Text;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>A column to read and how (its mapping decides the SELECT expression and the encoding).</summary>
public sealed record OracleReadColumn(string Name, OracleColumnMapping Mapping);

/// <summary>SQL with its bind variables, in the order they appear (ODP.NET binds by position unless told otherwise).</summary>
public sealed record OracleQuery(string Sql, IReadOnlyList<KeyValuePair<string, object>> Binds);

/// <summary>The chunk SELECT: every column read in a form the encoder can take exactly, from one SCN snapshot.</summary>
public static class OracleChunkQuery
{
    public static OracleQuery Build(TableName table, IReadOnlyList<OracleReadColumn> columns, ChunkRange range)
    {
        var binds = new List<KeyValuePair<string, object>>();
        var sql = new StringBuilder("SELECT ")
            .AppendJoin(", ", columns.Select(c => ReadExpression(OracleSql.Ident(c.Name), c.Mapping.Read)))
            .Append(" FROM ").Append(OracleSql.Table(table));
        if (OracleChunkRange.PartitionName(range) is { } partition)
            sql.Append(" PARTITION (").Append(OracleSql.Ident(partition)).Append(')');
        if (OracleChunkRange.Scn(range) is { } scn)
        {
            sql.Append(" AS OF SCN :scn");
            binds.Add(new("scn", scn));
        }
        if (range.Kind is RangeKind.Keys or RangeKind.Changed)
            throw new NotSupportedException($"Oracle reads key and ROWID ranges, not listed keys: {range}");
        var conditions = new List<string>();
        if (OracleChunkRange.IsRowIdRange(range))
        {
            if (range.Lower is [var from]) { conditions.Add("ROWID >= CHARTOROWID(:rowid_from)"); binds.Add(new("rowid_from", from)); }
            if (range.Upper is [var to]) { conditions.Add("ROWID < CHARTOROWID(:rowid_to)"); binds.Add(new("rowid_to", to)); }
        }
        else if (range.Kind == RangeKind.Key)
        {
            if (range.KeyColumns is not [var key])
                throw new NotSupportedException($"Oracle chunks over a composite key are not planned: {range}");
            var column = OracleSql.Ident(key);
            if (range.Lower is [var lower]) { conditions.Add($"{column} >= :key_from"); binds.Add(new("key_from", Number(lower))); }
            if (range.Upper is [var upper]) { conditions.Add($"{column} < :key_to"); binds.Add(new("key_to", Number(upper))); }
        }
        if (conditions.Count > 0) sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        return new OracleQuery(sql.ToString(), binds);
    }

    static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    /// <summary>The SELECT expression for a column (already quoted): dates, numbers and intervals as fixed-format text.</summary>
    public static string ReadExpression(string c, OracleRead read) => read switch
    {
        OracleRead.NumberText => OracleSql.NumberText(c),
        OracleRead.DateText => $"TO_CHAR({c}, '{OracleValueText.DateFormat}')",
        OracleRead.TimestampText => $"TO_CHAR({c}, '{OracleValueText.TimestampFormat}')",
        OracleRead.TimestampUtcText => $"TO_CHAR(SYS_EXTRACT_UTC({c}), '{OracleValueText.TimestampFormat}')",
        OracleRead.IntervalYearMonth => $"TO_CHAR(EXTRACT(YEAR FROM {c}) * 12 + EXTRACT(MONTH FROM {c}))",
        // Concatenation treats NULL as '': guard it, or a NULL interval would read as " ".
        OracleRead.IntervalDaySecond => $"CASE WHEN {c} IS NOT NULL THEN TO_CHAR(EXTRACT(DAY FROM {c})) || ' ' || " +
            $"TO_CHAR(TRUNC((EXTRACT(HOUR FROM {c}) * 3600 + EXTRACT(MINUTE FROM {c}) * 60 + EXTRACT(SECOND FROM {c})) * 1000000)) END",
        OracleRead.RowId => $"CAST({c} AS VARCHAR2(4000))",
        OracleRead.Xml => $"XMLSERIALIZE(CONTENT {c} AS CLOB)",
        OracleRead.Json => $"JSON_SERIALIZE({c} RETURNING CLOB)",
        OracleRead.Vector => $"FROM_VECTOR({c} RETURNING CLOB)",
        _ => c,
    };
}
