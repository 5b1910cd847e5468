using System.Data;
using System.Data.SqlTypes;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Chunk planning over catalog facts (no I/O): one chunk per partition, key ranges from histogram or min/max or NTILE
/// boundaries, %%physloc%% page ranges for the rest (where the engine has no %%physloc%%: NTILE ranges over the key's
/// leading column, or one chunk). Key ranges must select the same rows on SQL Server and on the
/// PostgreSQL target (which re-reads them with PgSql.RangePredicate), so only NOT NULL keys whose types order and
/// convert exactly (integers, decimals, date, datetime, smalldatetime, datetime2(0-6)) are used; text and uuid keys
/// sort differently on the two engines.
/// </summary>
public static class SqlServerChunkPlanner
{
    public static bool IsExactKeyType(SqlServerColumn c) => !c.Nullable && (c.SourceType switch
    {
        "tinyint" or "smallint" or "int" or "bigint" or "decimal" or "numeric" or "date" or "datetime" or "smalldatetime" => true,
        "datetime2" => c.Scale <= 6,
        _ => false,
    });

    public static bool IsIntegerType(SqlServerColumn c) => c.SourceType is "tinyint" or "smallint" or "int" or "bigint";

    /// <summary>The primary key, else a unique key, when every column can bound exact ranges; null otherwise.</summary>
    public static IReadOnlyList<SqlServerColumn>? ChunkKey(TableInfo table, IReadOnlyList<SqlServerColumn> columns)
    {
        foreach (var key in new[] { table.PrimaryKey }.Concat(table.UniqueKeys).OfType<KeyInfo>())
        {
            var keyColumns = key.Columns.Select(k => columns.FirstOrDefault(c => c.Name == k)).ToList();
            if (keyColumns.All(c => c is not null && IsExactKeyType(c))) return keyColumns!;
        }
        return null;
    }

    /// <summary>
    /// The leading column of the primary key, else of a unique key, when it orders exactly: ranges over it alone
    /// still split the rows exactly on both engines (for tables whose whole key cannot bound ranges).
    /// </summary>
    public static SqlServerColumn? LeadingKeyColumn(TableInfo table, IReadOnlyList<SqlServerColumn> columns) =>
        new[] { table.PrimaryKey }.Concat(table.UniqueKeys).OfType<KeyInfo>()
            .Select(k => columns.FirstOrDefault(c => c.Name == k.Columns[0]))
            .FirstOrDefault(c => c is not null && IsExactKeyType(c));

    /// <summary>
    /// One chunk per partition as a key range over the partitioning column (the same rows $PARTITION.fn(col) = n
    /// selects), or null when the ranges cannot be expressed exactly: a nullable or inexact column, or a RANGE LEFT
    /// function over a type without a successor value.
    /// </summary>
    public static IReadOnlyList<ChunkPlan>? FromPartitions(string tableId, SqlServerPartitioning partitioning, SqlServerColumn column)
    {
        if (!IsExactKeyType(column) || partitioning.Boundaries.Count == 0) return null;
        var bounds = new List<IReadOnlyList<string>>();
        foreach (var boundary in partitioning.Boundaries)
        {
            if (partitioning.RangeRight) bounds.Add([SqlServerValueText.Of(boundary, column.SourceType)]);
            else if (Successor(boundary, column) is { } next) bounds.Add([next]);
            else return null;
        }
        var target = SqlServerTypeMapping.Map(column).TargetType;
        var plans = ChunkRanges.FromKeyBoundaries(tableId, [column.Name], [target], bounds, partitioning.RowsPerPartition.Sum());
        return plans.Select((p, i) => p with { EstimatedRows = i < partitioning.RowsPerPartition.Count
            ? partitioning.RowsPerPartition[i] : 0 }).ToList();
    }

    // RANGE LEFT puts a boundary in the partition below: [b+1, ...) needs the next value of the type.
    static string? Successor(object boundary, SqlServerColumn column) => boundary switch
    {
        byte or short or int or long when IsIntegerType(column)
            => (Convert.ToInt64(boundary, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture),
        DateTime d when column.SourceType == "date" => SqlServerValueText.Date(d.AddDays(1)),
        _ => null,
    };

    /// <summary>Integer key: quantiles of the histogram steps when there are enough of them, else even spacing over [min, max].</summary>
    public static IReadOnlyList<ChunkPlan> FromIntegerKey(string tableId, SqlServerColumn key, IReadOnlyList<long> histogram, long? min,
        long? max, int chunks, long rows)
    {
        var target = SqlServerTypeMapping.Map(key).TargetType;
        var boundaries = histogram.Count > 10 ? ChunkRanges.QuantileBoundaries(histogram, chunks)
            : min is { } lo && max is { } hi ? ChunkRanges.EvenIntegerBoundaries(lo, hi, chunks) : [];
        return ChunkRanges.FromIntegerBoundaries(tableId, key.Name, target, boundaries, rows);
    }

    /// <summary>Any exact key: the first key of each NTILE tile after the first, as boundaries.</summary>
    public static IReadOnlyList<ChunkPlan> FromTileStarts(string tableId, IReadOnlyList<SqlServerColumn> key,
        IReadOnlyList<object[]> tileStarts, long rows)
    {
        var bounds = tileStarts
            .Select(values => (IReadOnlyList<string>)values.Select((v, i) => SqlServerValueText.Of(v, key[i].SourceType)).ToList())
            .ToList();
        return ChunkRanges.FromKeyBoundaries(tableId, key.Select(k => k.Name).ToList(),
            key.Select(k => SqlServerTypeMapping.Map(k).TargetType).ToList(), bounds, rows);
    }

    /// <summary>
    /// Tables without an exact key: ranges of the physical page key (file, page) from %%physloc%%. These are
    /// RangeKind.Ctid chunks: not re-readable per chunk on the target, so validation compares the whole table's digest.
    /// </summary>
    public static IReadOnlyList<ChunkPlan> FromPages(string tableId, long? minPage, long? maxPage, int chunks, long rows)
    {
        if (minPage is not { } lo || maxPage is not { } hi || chunks < 2 || hi <= lo) return ChunkRanges.Single(tableId, rows);
        var step = Math.Max(1, (hi - lo + chunks) / chunks);
        var plans = new List<ChunkPlan>();
        for (long from = lo, i = 0; from <= hi; from += step, i++)
        {
            var last = from + step > hi;
            var range = new ChunkRange { Kind = RangeKind.Ctid, FromPage = i == 0 ? null : from, ToPage = last ? null : from + step };
            plans.Add(new ChunkPlan(ChunkRanges.ChunkId(tableId, (int)i), (int)i, range, rows / chunks));
            if (last) break;
        }
        return plans;
    }

    /// <summary>(file id, page id) of a row as one bigint: file * 2^32 + page, from %%physloc%%'s little-endian bytes.</summary>
    public const string PageKey =
        "(CAST(SUBSTRING(%%physloc%%, 6, 1) AS bigint) * 1099511627776 + CAST(SUBSTRING(%%physloc%%, 5, 1) AS bigint) * 4294967296" +
        " + CAST(SUBSTRING(%%physloc%%, 4, 1) AS bigint) * 16777216 + CAST(SUBSTRING(%%physloc%%, 3, 1) AS bigint) * 65536" +
        " + CAST(SUBSTRING(%%physloc%%, 2, 1) AS bigint) * 256 + CAST(SUBSTRING(%%physloc%%, 1, 1) AS bigint))";

    /// <summary>The T-SQL WHERE condition of a chunk (null = all rows), with its bounds added as typed parameters.</summary>
    public static string? Predicate(ChunkRange range, IReadOnlyList<SqlServerColumn> columns, SqlParameterCollection parameters)
    {
        switch (range.Kind)
        {
            case RangeKind.All: return null;
            case RangeKind.Ctid:
                var pages = new List<string>();
                if (range.FromPage is { } from)
                {
                    pages.Add($"{PageKey} >= @page_from");
                    parameters.Add(new SqlParameter("@page_from", SqlDbType.BigInt) { Value = from });
                }
                if (range.ToPage is { } to)
                {
                    pages.Add($"{PageKey} < @page_to");
                    parameters.Add(new SqlParameter("@page_to", SqlDbType.BigInt) { Value = to });
                }
                return pages.Count == 0 ? null : string.Join(" AND ", pages);
            case RangeKind.Keys or RangeKind.Changed:
                throw new NotSupportedException($"SQL Server reads key ranges, not listed keys: {range}");
            default:
                var key = range.KeyColumns.Select(k => columns.First(c => c.Name == k)).ToList();
                var parts = new List<string>();
                if (range.Lower is { } lower) parts.Add(RowCompare(key, lower, ">=", "lo", parameters));
                if (range.Upper is { } upper) parts.Add(RowCompare(key, upper, "<", "hi", parameters));
                return parts.Count == 0 ? null : string.Join(" AND ", parts);
        }
    }

    // T-SQL has no row comparison: (a, b) >= (x, y) becomes a > x OR (a = x AND b >= y).
    static string RowCompare(IReadOnlyList<SqlServerColumn> key, IReadOnlyList<string> bound, string op, string prefix,
        SqlParameterCollection parameters)
    {
        var names = new List<string>();
        for (var i = 0; i < key.Count; i++)
        {
            var name = $"@{prefix}{i}";
            parameters.Add(Parameter(name, key[i], bound[i]));
            names.Add(name);
        }
        string Build(int i)
        {
            var column = SqlServerSql.Ident(key[i].Name);
            if (i == key.Count - 1) return $"{column} {op} {names[i]}";
            return $"({column} {(op == "<" ? "<" : ">")} {names[i]} OR ({column} = {names[i]} AND {Build(i + 1)}))";
        }
        return Build(0);
    }

    /// <summary>A bound (PostgreSQL text) back as a parameter of the column's own SQL Server type, so comparisons seek.</summary>
    public static SqlParameter Parameter(string name, SqlServerColumn column, string text) => column.SourceType switch
    {
        "tinyint" => new(name, SqlDbType.TinyInt) { Value = byte.Parse(text, CultureInfo.InvariantCulture) },
        "smallint" => new(name, SqlDbType.SmallInt) { Value = short.Parse(text, CultureInfo.InvariantCulture) },
        "int" => new(name, SqlDbType.Int) { Value = int.Parse(text, CultureInfo.InvariantCulture) },
        "bigint" => new(name, SqlDbType.BigInt) { Value = long.Parse(text, CultureInfo.InvariantCulture) },
        "decimal" or "numeric"
            => new(name, SqlDbType.Decimal) { Value = SqlDecimal.Parse(text), Precision = column.Precision, Scale = column.Scale },
        "date" => new(name, SqlDbType.Date) { Value = DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) },
        "datetime" => new(name, SqlDbType.DateTime) { Value = ParseTimestamp(text) },
        "smalldatetime" => new(name, SqlDbType.SmallDateTime) { Value = ParseTimestamp(text) },
        "datetime2" => new(name, SqlDbType.DateTime2) { Value = ParseTimestamp(text), Scale = column.Scale },
        _ => throw new NotSupportedException($"column {column.Name}: {column.SourceType} cannot bound a chunk range"),
    };

    static DateTime ParseTimestamp(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None);
}
