using System.Globalization;

namespace Orchestrator.Core.Planning;

/// <summary>
/// Turns boundaries into chunks. Dialect-independent: dialects find the boundaries (statistics, min/max, samples,
/// pages); this makes the half-open ranges, with open ends so no row outside the planned range is ever missed.
/// </summary>
public static class ChunkRanges
{
    public static int ChunkCount(long estimatedRows, long rowsPerChunk) =>
        (int)Math.Clamp((estimatedRows + rowsPerChunk - 1) / rowsPerChunk, 1, 100_000);

    /// <summary>n-1 evenly spaced interior boundaries over [min, max].</summary>
    public static IReadOnlyList<long> EvenIntegerBoundaries(long min, long max, int chunks)
    {
        var result = new List<long>();
        var span = (decimal)max - min;
        for (var i = 1; i < chunks; i++)
        {
            var b = (long)Math.Floor(min + span * i / chunks);
            if (b > min && (result.Count == 0 || b > result[^1])) result.Add(b);
        }
        return result;
    }

    /// <summary>Boundaries at the quantiles of an ordered sample (statistics histogram or TABLESAMPLE), duplicates dropped.</summary>
    public static IReadOnlyList<T> QuantileBoundaries<T>(IReadOnlyList<T> orderedSample, int chunks, IEqualityComparer<T>? comparer = null)
    {
        comparer ??= EqualityComparer<T>.Default;
        var result = new List<T>();
        if (orderedSample.Count < 2 || chunks < 2) return result;
        for (var i = 1; i < chunks; i++)
        {
            var value = orderedSample[(int)((long)i * (orderedSample.Count - 1) / chunks)];
            if (result.Count == 0 ? !comparer.Equals(value, orderedSample[0]) : !comparer.Equals(value, result[^1]))
                result.Add(value);
        }
        return result;
    }

    public static IReadOnlyList<ChunkPlan> FromKeyBoundaries(string tableId, IReadOnlyList<string> keyColumns,
        IReadOnlyList<string> keyTypes, IReadOnlyList<IReadOnlyList<string>> boundaries, long estimatedRows)
    {
        var chunks = new List<ChunkPlan>();
        for (var i = 0; i <= boundaries.Count; i++)
        {
            var range = new ChunkRange
            {
                Kind = RangeKind.Key,
                KeyColumns = keyColumns,
                KeyTypes = keyTypes,
                Lower = i == 0 ? null : boundaries[i - 1],
                Upper = i == boundaries.Count ? null : boundaries[i],
            };
            chunks.Add(new ChunkPlan(ChunkId(tableId, i), i, range, Share(estimatedRows, boundaries.Count + 1, i)));
        }
        return chunks;
    }

    public static IReadOnlyList<ChunkPlan> FromIntegerBoundaries(string tableId, string keyColumn, string keyType,
        IReadOnlyList<long> boundaries, long estimatedRows) =>
        FromKeyBoundaries(tableId, [keyColumn], [keyType],
            boundaries.Select(b => (IReadOnlyList<string>)[b.ToString(CultureInfo.InvariantCulture)]).ToList(), estimatedRows);

    /// <summary>Page ranges for a table without a key; the last range is open so pages added later are read too.</summary>
    public static IReadOnlyList<ChunkPlan> FromPages(string tableId, long pages, int chunks, long estimatedRows)
    {
        var perChunk = Math.Max(1, (pages + chunks - 1) / chunks);
        var list = new List<ChunkPlan>();
        for (long from = 0, i = 0; i == 0 || from < pages; from += perChunk, i++)
        {
            var last = from + perChunk >= pages;
            var range = new ChunkRange { Kind = RangeKind.Ctid, FromPage = i == 0 ? null : from, ToPage = last ? null : from + perChunk };
            list.Add(new ChunkPlan(ChunkId(tableId, (int)i), (int)i, range, Share(estimatedRows, chunks, (int)i)));
            if (last) break;
        }
        return list;
    }

    public static IReadOnlyList<ChunkPlan> Single(string tableId, long estimatedRows) =>
        [new ChunkPlan(ChunkId(tableId, 0), 0, ChunkRange.All, estimatedRows)];

    // Spread the remainder over the first chunks, so chunk estimates add up to the table's.
    static long Share(long total, int parts, int index) => total / parts + (index < total % parts ? 1 : 0);

    public static string ChunkId(string tableId, int index) => $"{tableId}/c{index:D5}";
}
