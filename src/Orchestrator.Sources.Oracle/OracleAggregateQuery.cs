using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>A column to aggregate: Core's view (name, target type, family) and the source type behind it.</summary>
public sealed record OracleAggregateColumn(ColumnInfo Column, OracleColumnType Source, OracleColumnMapping Mapping);

/// <summary>
/// The measures <see cref="PostgresAggregateProbe"/> computes on the target, computed by Oracle and printed the way
/// PostgreSQL prints them. Oracle stores '' as NULL; the target receives NULL for it too, so non-null counts and
/// byte totals agree. Measures that cannot be made exactly equal are left out (see <see cref="Omitted"/>).
/// </summary>
public static class OracleAggregateQuery
{
    /// <summary>One SELECT item; Format turns the raw values of the whole row into the measure's text (null: a helper item).</summary>
    public sealed record Item(string? Name, string Expression, Func<IReadOnlyList<object?>, string>? Format);

    public static IReadOnlyList<Item> Build(IReadOnlyList<OracleAggregateColumn> columns, bool utf8Database, string from)
    {
        var items = new List<Item> { new("rows", "TO_CHAR(COUNT(*))", Raw(0)) };
        void Add(string name, string expression, Func<string, string> format)
        {
            var at = items.Count;
            items.Add(new(name, expression, v => v[at] is null ? "null" : format(Convert.ToString(v[at], CultureInfo.InvariantCulture)!)));
        }

        foreach (var (column, source, mapping) in columns)
        {
            var c = OracleSql.Ident(column.Name);
            var name = column.Name;
            // LOBs and LONGs take no aggregate but IS NULL; a scalar subquery counts them.
            Add($"{name}.nonnull", IsLob(mapping.Read, source)
                ? $"(SELECT TO_CHAR(COUNT(*)) FROM {from} WHERE {c} IS NOT NULL)"
                : $"TO_CHAR(COUNT({c}))", v => v);
            switch (column.Family)
            {
                case TypeFamily.Integer or TypeFamily.Decimal:
                    var scale = mapping.Mapping.Scale;
                    Add($"{name}.min", OracleSql.NumberText($"MIN({c})"), v => OracleValueText.PgNumeric(v, scale));
                    Add($"{name}.max", OracleSql.NumberText($"MAX({c})"), v => OracleValueText.PgNumeric(v, scale));
                    if (scale is not null)
                        Add($"{name}.sum", OracleSql.NumberText($"SUM({c})"), v => OracleValueText.PgNumeric(v, scale));
                    else
                    {
                        // PostgreSQL's sum keeps the largest display scale of its inputs: find it on the Oracle side.
                        var text = OracleSql.NumberText(c);
                        var scaleAt = items.Count + 1;
                        var sumAt = items.Count;
                        items.Add(new($"{name}.sum", OracleSql.NumberText($"SUM({c})"), v => v[sumAt] is null ? "null"
                            : OracleValueText.PgNumeric((string)v[sumAt]!, Convert.ToInt32(v[scaleAt], CultureInfo.InvariantCulture))));
                        items.Add(new(null,
                            $"TO_CHAR(NVL(MAX(CASE WHEN INSTR({text}, '.') > 0 THEN LENGTH({text}) - INSTR({text}, '.') ELSE 0 END), 0))",
                            null));
                    }
                    break;
                case TypeFamily.Float:
                    // min/max read as binary floats and printed as float4out/float8out do; sum: see Omitted.
                    var single = mapping.Read == OracleRead.BinaryFloat;
                    foreach (var f in new[] { "min", "max" })
                    {
                        var at = items.Count;
                        items.Add(new($"{name}.{f}", $"{f.ToUpperInvariant()}({c})", v => v[at] is null ? "null" : single
                            ? OracleValueText.PgFloat4(Convert.ToSingle(v[at], CultureInfo.InvariantCulture))
                            : OracleValueText.PgFloat8(Convert.ToDouble(v[at], CultureInfo.InvariantCulture))));
                    }
                    break;
                case TypeFamily.Temporal:
                    foreach (var f in new[] { "MIN", "MAX" })
                    {
                        var expression = OracleChunkQuery.ReadExpression($"{f}({c})", mapping.Read);
                        Add($"{name}.{f.ToLowerInvariant()}", expression, mapping.Read switch
                        {
                            OracleRead.IntervalYearMonth
                                => v => OracleValueText.PgInterval(int.Parse(v, CultureInfo.InvariantCulture), 0, 0),
                            OracleRead.IntervalDaySecond
                                => v => { var (d, m) = OracleValueText.IntervalDaySecond(v); return OracleValueText.PgInterval(0, d, m); },
                            var read => v => OracleValueText.PgTimestamp(v, read == OracleRead.TimestampUtcText),
                        });
                    }
                    break;
                case TypeFamily.Uuid:
                    Add($"{name}.min", $"RAWTOHEX(MIN({c}))", OracleValueText.PgUuid);
                    Add($"{name}.max", $"RAWTOHEX(MAX({c}))", OracleValueText.PgUuid);
                    break;
                case TypeFamily.Boolean:
                    Add($"{name}.trues", $"TO_CHAR(COUNT(CASE WHEN {c} THEN 1 END))", v => v);
                    break;
                case TypeFamily.Text when TextBytes(c, source, mapping, utf8Database) is { } bytes:
                    Add($"{name}.bytes", $"TO_CHAR(SUM({bytes}))", v => v);
                    break;
                case TypeFamily.Binary when mapping.Read == OracleRead.Raw:
                    Add($"{name}.bytes", $"TO_CHAR(SUM(UTL_RAW.LENGTH({c})))", v => v);
                    break;
                case TypeFamily.Binary when source.DataType == "BLOB":
                    Add($"{name}.bytes", $"(SELECT TO_CHAR(SUM(DBMS_LOB.GETLENGTH({c}))) FROM {from})", v => v);
                    break;
            }
        }
        return items;
    }

    /// <summary>Why measures the target computes have no Oracle counterpart here (for the report and docs).</summary>
    public static string? Omitted(OracleAggregateColumn column, bool utf8Database) => column.Column.Family switch
    {
        TypeFamily.Float
            => "sum: PostgreSQL casts each float to numeric with 15 (float8) or 6 (float4) significant digits before summing, which " +
            "Oracle cannot reproduce exactly",
        TypeFamily.Text when TextBytes("c", column.Source, column.Mapping, utf8Database) is null =>
            "bytes: UTF-8 byte length of a CLOB/NCLOB/LONG, or of any text in a database whose character set is not AL32UTF8, is not " +
                "computable in Oracle SQL without reading every value",
        TypeFamily.Binary when column.Mapping.Read != OracleRead.Raw && column.Source.DataType != "BLOB"
            => "bytes: LONG RAW takes no SQL function",
        TypeFamily.Json => "bytes: PostgreSQL measures jsonb's normalised text (key order, spacing), which Oracle does not produce",
        TypeFamily.Xml => "bytes: XMLTYPE serialises with different whitespace and declarations than PostgreSQL's xml output",
        _ => null,
    };

    static bool IsLob(OracleRead read, OracleColumnType source) =>
        read is OracleRead.LobText or OracleRead.LobBinary or OracleRead.Xml or OracleRead.Json or OracleRead.Vector;

    // octet_length on the target counts UTF-8 bytes; character(n) is re-padded to n characters there.
    static string? TextBytes(string c, OracleColumnType source, OracleColumnMapping mapping, bool utf8Database)
    {
        if (mapping.Read == OracleRead.RowId) return $"LENGTHB(CAST({c} AS VARCHAR2(4000)))";
        if (!utf8Database || mapping.Read != OracleRead.Text) return null;
        var value = source.DataType.StartsWith('N') ? $"TO_CHAR({c})" : c;
        if (mapping.PadTo is not { } n) return $"LENGTHB({value})";
        return $"CASE WHEN {c} IS NOT NULL THEN NVL(LENGTHB(RTRIM({value})), 0) + {n.ToString(CultureInfo.InvariantCulture)} - " +
            $"NVL(LENGTH(RTRIM({value})), 0) END";
    }

    public static string Sql(IReadOnlyList<Item> items, string from)
        => $"SELECT {string.Join(", ", items.Select(i => i.Expression))} FROM {from}";

    public static TableAggregates Read(IReadOnlyList<Item> items, IReadOnlyList<object?> values)
    {
        var measures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
            if (item.Name is not null) measures[item.Name] = item.Format!(values);
        return new TableAggregates(measures);
    }

    static Func<IReadOnlyList<object?>, string> Raw(int at) => v => Convert.ToString(v[at], CultureInfo.InvariantCulture) ?? "null";
}
