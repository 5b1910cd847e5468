using System.Globalization;
using System.Text;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Target;

/// <summary>
/// The one quoting helper for PostgreSQL SQL: identifiers always double-quoted; literals only where SQL cannot take
/// parameters (COPY (SELECT ...) and DDL), with standard_conforming_strings assumed on (set by every session we open).
/// </summary>
public static class PgSql
{
    public static string Ident(string name)
    {
        if (name.Contains('\0')) throw new ArgumentException($"identifier contains a NUL character: {name}");
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    public static string Table(TableName t) => Ident(t.Schema) + "." + Ident(t.Name);

    public static string Literal(string value)
    {
        if (value.Contains('\0')) throw new ArgumentException("a PostgreSQL text literal cannot hold a NUL character");
        return "'" + value.Replace("'", "''") + "'";
    }

    public static string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Ident));

    /// <summary>The WHERE condition that selects a chunk's rows, the same on source and target for key ranges.</summary>
    public static string RangePredicate(ChunkRange range)
    {
        switch (range.Kind)
        {
            case RangeKind.All:
                return "true";
            case RangeKind.Ctid:
                var parts = new List<string>();
                if (range.FromPage is { } from) parts.Add($"ctid >= '({from.ToString(CultureInfo.InvariantCulture)},0)'::tid");
                if (range.ToPage is { } to) parts.Add($"ctid < '({to.ToString(CultureInfo.InvariantCulture)},0)'::tid");
                return parts.Count == 0 ? "true" : string.Join(" AND ", parts);
            case RangeKind.Partition or RangeKind.RowId:
                throw new InvalidOperationException($"a {range.Kind} range is read from the source only, never from PostgreSQL");
            case RangeKind.Keys:
                return KeyList(range);
            case RangeKind.Changed:
                throw new InvalidOperationException($"{range}: list the changed keys (ChangedKeys.ListAsync) before reading them");
            default:
                var conditions = new List<string>();
                if (range.Lower is { } lower) conditions.Add($"{Row(range.KeyColumns.Select(Ident))} >= {Row(Values(range, lower))}");
                if (range.Upper is { } upper) conditions.Add($"{Row(range.KeyColumns.Select(Ident))} < {Row(Values(range, upper))}");
                return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions);
        }
    }

    /// <summary>
    /// One key column: = ANY of an array, which an index scan takes; several: IN a VALUES list. Empty: no row.
    /// </summary>
    static string KeyList(ChunkRange range)
    {
        var keys = range.Keys ?? [];
        if (keys.Count == 0) return "false";
        if (range.KeyColumns.Count == 1)
            return $"{Ident(range.KeyColumns[0])} = ANY({Literal(ArrayText(keys.Select(k => k[0])))}::{range.KeyTypes[0]}[])";
        var rows = keys.Select(k => "(" + string.Join(", ", Values(range, k)) + ")");
        return $"({string.Join(", ", range.KeyColumns.Select(Ident))}) IN (VALUES {string.Join(", ", rows)})";
    }

    /// <summary>An array's text form: every element double-quoted, so commas, braces and spaces in values stay inside.</summary>
    static string ArrayText(IEnumerable<string> values) =>
        "{" + string.Join(",", values.Select(v => "\"" + v.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"")) + "}";

    static IEnumerable<string> Values(ChunkRange range, IReadOnlyList<string> bound) =>
        bound.Select((v, i) => $"{Literal(v)}::{range.KeyTypes[i]}");

    static string Row(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : "(" + string.Join(", ", list) + ")";
    }

    /// <summary>COPY of a chunk's rows in binary format: the same statement reads the source and reads back the target.</summary>
    public static string CopyOut(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format = CopyFormat.Binary,
        IReadOnlyDictionary<string, string>? casts = null, bool only = true)
    {
        // A cast keeps the column's name, so a type override reads like any other column. The type text was checked
        // by the spec validator (a type name, nothing else).
        var selected = casts is null || casts.Count == 0 ? Columns(columns)
            : string.Join(", ", columns.Select(c => casts.TryGetValue(c, out var type) ? $"{Ident(c)}::{type} AS {Ident(c)}" : Ident(c)));
        var sql = new StringBuilder("COPY (SELECT ").Append(selected)
            .Append(only ? " FROM ONLY " : " FROM ").Append(Table(table));
        var predicate = RangePredicate(range);
        if (predicate != "true") sql.Append(" WHERE ").Append(predicate);
        return sql.Append(CultureInfo.InvariantCulture, $") TO STDOUT (FORMAT {Format(format)})").ToString();
    }

    public static string CopyIn(TableName table, IReadOnlyList<string> columns, CopyFormat format = CopyFormat.Binary) =>
        $"COPY {Table(table)} ({Columns(columns)}) FROM STDIN (FORMAT {Format(format)})";

    static string Format(CopyFormat format) => format switch
    {
        CopyFormat.Binary => "BINARY",
        CopyFormat.Text => "TEXT",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown COPY format"),
    };
}
