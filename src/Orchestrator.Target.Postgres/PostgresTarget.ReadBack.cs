using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Target;

/// <summary>Read back: the target's rows as digests and aggregates, the same way the chunks were digested at extract.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>The target table's facts that reading it depends on (<see cref="TargetTableFacts"/>).</summary>
    public async Task<TargetTableFacts> TableFactsAsync(TableName table, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var batch = Batch(connection, FactQueries(table));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadFactsAsync(connection, reader, ct);
    }

    /// <summary>The table's kind and size, then its columns' built-in base types: what <see cref="ReadFactsAsync"/> reads.</summary>
    static (string, object?[])[] FactQueries(TableName table) =>
    [
        ($"SELECT {TimescaleDb.HoldsRowsInChildren}, pg_relation_size(oid) / current_setting('block_size')::bigint FROM " +
            "pg_class r WHERE oid = $1::regclass",
            [PgSql.Table(table)]),
        ("""
            SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
              AND t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype = 'b'
            """, [PgSql.Table(table)]),
    ];

    static async Task<TargetTableFacts> ReadFactsAsync(NpgsqlConnection connection, NpgsqlDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("pg_class has no row for a table that regclass resolved");
        var (partitioned, pages) = (reader.GetBoolean(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) types[reader.GetString(0)] = reader.GetString(1);
        var utf8 = connection.PostgresParameters.TryGetValue("server_encoding", out var encoding) && encoding == "UTF8";
        return new TargetTableFacts(partitioned, pages, connection.PostgreSqlVersion.Major >= 14, types, utf8);
    }


    /// <summary>The digest of the rows now in the target for a range, read back with the same binary COPY.</summary>
    public async Task<RowSetDigest> ReadBackDigestAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format,
        CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        return await DigestAsync(connection, table, columns, range, format,
            only: !await IsPartitionedAsync(connection, table, ct), measures: null, ct);
    }

    async Task<RowSetDigest> ReadRangeDigestAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range,
        CopyFormat format, bool only,
        StreamMeasures? measures, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        return await DigestAsync(connection, table, columns, range, format, only, measures, ct);
    }

    static async Task<RowSetDigest> DigestAsync(NpgsqlConnection connection, TableName table, IReadOnlyList<string> columns,
        ChunkRange range, CopyFormat format, bool only,
        StreamMeasures? measures, CancellationToken ct)
    {
        await using var copy = await CopyStreams.OpenCopyOutAsync(connection,
            PgSql.CopyOut(table, columns, range, format, only: only), format, ct);
        var digester = CopyFormats.Digester(format, measures);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await copy.ReadAsync(buffer, ct)) > 0) digester.Append(buffer.AsSpan(0, read));
        return digester.Finish();
    }

    /// <summary>
    /// The digest of a whole table as it is now in the target, read in up to <paramref name="streams"/> page ranges at
    /// once: TID range scans, PostgreSQL 14 and later (before, and for partitioned tables, one stream). Digests add,
    /// so the ranges' sum is the table's. With a <paramref name="plan"/>, the same read measures the plan's columns.
    /// </summary>
    public async Task<TableReadBack> ReadBackTableAsync(TableName table, IReadOnlyList<string> columns, CopyFormat format, int streams,
        TargetTableFacts facts, StreamMeasurePlan? plan = null, CancellationToken ct = default)
    {
        IReadOnlyList<ChunkRange> ranges = streams > 1 && facts.TidRangeScans && !facts.Partitioned
            ? PageRanges(facts.Pages, streams) : [ChunkRange.All];
        var measures = ranges.Select(_ => plan is null ? null : new StreamMeasures(plan)).ToList();
        var digests = await Task.WhenAll(ranges.Select((range, i) => ReadRangeDigestAsync(table, columns, range, format,
            only: !facts.Partitioned, measures[i], ct)));
        foreach (var more in measures.Skip(1)) measures[0]?.Add(more!);
        return new TableReadBack(digests.Aggregate(RowSetDigest.Empty, (sum, digest) => sum + digest), measures[0]);
    }

    /// <summary>
    /// Splits a table's pages into at most <paramref name="streams"/> ranges of at least 8 MB; the first and last are open-ended.
    /// </summary>
    internal static IReadOnlyList<ChunkRange> PageRanges(long pages, int streams)
    {
        const long MinimumPages = 1024;
        var count = (int)Math.Clamp(pages / MinimumPages, 1, streams);
        if (count == 1) return [ChunkRange.All];
        var step = pages / count;
        return Enumerable.Range(0, count).Select(i => new ChunkRange
        {
            Kind = RangeKind.Ctid,
            FromPage = i == 0 ? null : i * step,
            ToPage = i == count - 1 ? null : (i + 1) * step,
        }).ToList();
    }

    public Task<TableAggregates> AggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns, TargetTableFacts facts,
        CancellationToken ct = default) =>
        PostgresAggregateProbe.RunAsync(target, table, columns, ct, only: !facts.Partitioned);

    /// <summary>
    /// A target partitioned by a time-series rule (or a hypertable) holds its rows in partitions: reads must not say ONLY.
    /// </summary>
    static Task<bool> IsPartitionedAsync(NpgsqlConnection c, TableName table, CancellationToken ct) =>
        ExistsAsync(c,
            "SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1 AND r.relname = $2 AND " +
            $"{TimescaleDb.HoldsRowsInChildren}",
            ct, table.Schema, table.Name);
}
