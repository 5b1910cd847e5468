using System.Globalization;
using Npgsql;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// Splits a key range into smaller ones at keys the target holds: every n-th key of the range in key order, read
/// from the key columns alone. The same bounds then select the same rows on both sides, as chunk ranges do.
/// </summary>
public static class KeySplits
{
    /// <summary>
    /// At most <paramref name="parts"/> - 1 interior bounds of a range holding about <paramref name="rows"/> target rows.
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> BoundsAsync(NpgsqlDataSource target,
        CompareTable table, ChunkRange range,
        long rows, int parts, CancellationToken ct)
    {
        var step = Math.Max(2, (rows + parts - 1) / parts);
        await using var command = target.CreateCommand(Query(table, range, step));
        var bounds = new List<IReadOnlyList<string>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            bounds.Add(Enumerable.Range(0, table.Key.Count).Select(reader.GetString).ToList());
        return bounds;
    }

    /// <summary>The key columns as text at every <paramref name="step"/>-th row of the range, the first row left out.</summary>
    public static string Query(CompareTable table, ChunkRange range, long step)
    {
        var keys = PgSql.Columns(table.Key);
        var predicate = PgSql.RangePredicate(range);
        var text = string.Join(", ", table.Key.Select(k => PgSql.Ident(k) + "::text"));
        return $"SELECT {text} FROM (SELECT {keys}, row_number() OVER (ORDER BY {keys}) AS n FROM " +
            $"{(table.Partitioned ? "" : "ONLY ")}{PgSql.Table(table.Target)}" +
               (predicate == "true" ? "" : $" WHERE {predicate}") +
               $") s WHERE n % {step.ToString(CultureInfo.InvariantCulture)} = 1 AND n > 1 ORDER BY n";
    }

    /// <summary>The range cut at <paramref name="bounds"/> (in key order): consecutive half-open ranges that cover it exactly.</summary>
    public static IReadOnlyList<ChunkRange> Split(ChunkRange range, CompareTable table, IReadOnlyList<IReadOnlyList<string>> bounds)
    {
        var keyed = range.Kind == RangeKind.Key ? range
            : new ChunkRange { Kind = RangeKind.Key, KeyColumns = table.Key, KeyTypes = table.KeyTypes, AsOf = range.AsOf };
        var parts = new List<ChunkRange>();
        for (var i = 0; i <= bounds.Count; i++)
            parts.Add(keyed with { Lower = i == 0 ? keyed.Lower : bounds[i - 1], Upper = i == bounds.Count ? keyed.Upper : bounds[i] });
        return parts;
    }
}
