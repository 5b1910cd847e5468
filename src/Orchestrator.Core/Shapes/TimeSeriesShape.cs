using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// A time-series table becomes a range-partitioned target: one partition per month or day from the data's first to
/// its last value, plus a default partition. PostgreSQL requires the partition column in every primary and unique
/// key, so it is appended to them (still unique: a superset of a unique key is unique), which is reported. TimescaleDB
/// asks the same of a hypertable, so the timescaledb engine shapes the table the same way (<see cref="TimePartitioning"/>).
/// </summary>
public static class TimeSeriesShape
{
    public const int MaxPartitions = 1000;

    public static TableInfo Apply(TableInfo table, ColumnInfo column, TimeSeriesRule rule, (string? Min, string? Max) range,
        string at, List<string> problems, List<ConversionFinding> findings)
    {
        if (column.Family != TypeFamily.Temporal
            || column.DataType is not ("date" or "timestamp without time zone" or "timestamp with time zone")
            && !column.DataType.StartsWith("timestamp", StringComparison.Ordinal))
        {
            problems.Add($"{at}.column: timeSeries needs a date or timestamp column; {table.SourceOf(column).Name} is {column.DataType}");
            return table;
        }
        if (column.Nullable)
        {
            // A NULL time would fall outside every time-aligned chunk: the rule asks for a column the rows always have.
            problems.Add($"{at}.column: {table.SourceOf(column).Name} allows NULL; a time-series column must be NOT NULL");
            return table;
        }
        var subject = table.SourceTableName.ToString();
        var bounds = Bounds(range.Min, range.Max, rule.Interval, column.DataType);
        if (bounds.Count > MaxPartitions)
        {
            problems.Add($"{at}.timeSeries.interval: {rule.Interval} partitions from {range.Min} to {range.Max} would be {bounds.Count} " +
                $"(at most {MaxPartitions}); use month");
            return table;
        }
        var partitions = bounds.Select(b => new TimeBound(IdentifierRules.Truncate($"{table.Name.Name}_{b.Label}"), b.From, b.To)).ToList();
        KeyInfo? Extend(KeyInfo? key, string kind)
        {
            if (key is null || key.Columns.Contains(column.Name)) return key;
            var why = rule.Engine == "timescaledb" ? "TimescaleDB keys of a hypertable include its time column"
                : "PostgreSQL keys of a partitioned table include the partition column";
            findings.Add(new ConversionFinding(subject, "time-series", $"{kind} {key.Name} gains {column.Name}: {why}"));
            var columns = key.Columns.Append(column.Name).ToList();
            return new KeyInfo(key.Name, columns);
        }
        findings.Add(new ConversionFinding(subject, "time-series", rule.Engine == "timescaledb"
            ? $"a TimescaleDB hypertable by {column.Name} with one chunk per {rule.Interval}, copied in " +
                $"{partitions.Count} {rule.Interval} ranges"
            : $"range-partitioned by {column.Name}, {partitions.Count} {rule.Interval} partitions plus a default"));
        // Unique indexes that are not constraints cannot be extended safely: they become plain indexes.
        var indexes = table.Indexes.Select(i => i.IsUnique
            ? i with { IsUnique = false,
                Definition = i.Definition?.Replace("CREATE UNIQUE INDEX", "CREATE INDEX", StringComparison.Ordinal) }
            : i).ToList();
        // The index create_hypertable would make, built after the load instead of kept up during it.
        if (rule.Engine == "timescaledb") indexes.Add(TimeIndex(table, column));
        return table with
        {
            PrimaryKey = Extend(table.PrimaryKey, "primary key"),
            UniqueKeys = table.UniqueKeys.Select(u => Extend(u, "unique key")!).ToList(),
            Indexes = indexes,
            TimePartitions = new TimePartitioning(column.Name, rule.Interval, partitions) { Engine = rule.Engine },
        };
    }

    static IndexInfo TimeIndex(TableInfo table, ColumnInfo column)
    {
        var name = IdentifierRules.Truncate($"{table.Name.Name}_{column.Name}_idx");
        return new IndexInfo(name, false, [new IndexKey(column.Name) { Descending = true }]);
    }

    /// <summary>[From, To) per interval covering min..max; none when the table is empty (only the default partition).</summary>
    public static IReadOnlyList<(string Label, string From, string To)> Bounds(string? min, string? max, string interval, string dataType)
    {
        if (!TryParse(min, out var first) || !TryParse(max, out var last)) return [];
        var start = Start(first, interval);
        var list = new List<(string, string, string)>();
        for (var from = start; from <= last && list.Count <= MaxPartitions; )
        {
            var to = Next(from, interval);
            list.Add((from.ToString(Label(interval), CultureInfo.InvariantCulture), Literal(from, dataType), Literal(to, dataType)));
            from = to;
        }
        return list;
    }

    // Weeks start on Monday, as PostgreSQL's date_trunc('week') and ISO 8601 do.
    static DateTime Start(DateTime first, string interval) => interval switch
    {
        "day" => first.Date,
        "week" => first.Date.AddDays(-(((int)first.DayOfWeek + 6) % 7)),
        "year" => new DateTime(first.Year, 1, 1),
        _ => new DateTime(first.Year, first.Month, 1),
    };

    static DateTime Next(DateTime from, string interval) => interval switch
    {
        "day" => from.AddDays(1),
        "week" => from.AddDays(7),
        "year" => from.AddYears(1),
        _ => from.AddMonths(1),
    };

    static string Label(string interval) => interval switch
    {
        "day" or "week" => "'p'yyyyMMdd",
        "year" => "'p'yyyy",
        _ => "'p'yyyyMM",
    };

    // Bounds are wall-clock times; a timestamptz bound is UTC, which is what the pinned session time zone reads.
    static string Literal(DateTime value, string dataType) => dataType switch
    {
        "date" => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ when dataType.Contains("with time zone", StringComparison.Ordinal)
            => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00",
        _ => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
    };

    /// <summary>An aggregate's min/max text ("2024-01-05 10:00:00+00", "2024-01-05T10:00:00", "2024-01-05") as UTC wall time.</summary>
    static bool TryParse(string? text, out DateTime value)
    {
        value = default;
        if (text is null or "null") return false;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        value = parsed.UtcDateTime;
        return true;
    }
}
