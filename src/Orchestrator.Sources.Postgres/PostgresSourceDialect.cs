using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Sources.Postgres;

/// <summary>
/// PostgreSQL as a source. Its binary COPY output is already in the target's types, so a chunk is read as the raw
/// COPY stream: no decoding and re-encoding of values.
/// </summary>
public sealed class PostgresSourceDialect(NpgsqlDataSource source) : ISourceDialect
{
    const int SampleRows = 20_000;

    public string Name => Traits.Dialect;

    public SourceTraits Traits => PostgresTraits.Instance;

    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken ct = default) =>
        await source.OpenConnectionAsync(ct);

    public bool ReadsListedKeys => true;

    public async Task<SourceCatalog> DiscoverAsync(TableSelection selection, CancellationToken ct = default)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        return await new PostgresCatalogReader(connection).ReadAsync(selection, ct);
    }

    public async Task<SourcePosition> CurrentPositionAsync(CancellationToken ct = default)
    {
        await using var command = source.CreateCommand(
            "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text, now()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new SourcePosition("lsn", reader.GetString(0), reader.GetDateTime(1).ToUniversalTime());
    }

    public async Task<IReadOnlyList<ChunkPlan>> PlanChunksAsync(TableInfo table, string tableId, ChunkingSpec chunking,
        CancellationToken ct = default)
    {
        var rows = table.EstimatedRows >= 0 ? table.EstimatedRows
            : await ScalarAsync<long>($"SELECT count(*) FROM ONLY {PgSql.Table(table.Name)}", ct);
        var chunks = ChunkRanges.ChunkCount(rows, chunking.RowsPerChunkFor(rows, table.SizeBytes));
        if (chunks == 1) return ChunkRanges.Single(tableId, rows);

        var key = ChunkKey(table);
        if (key is null)
        {
            var pages = await ScalarAsync<long>($"SELECT pg_relation_size('{PgSql.Table(table.Name).Replace("'", "''")}'::regclass) / " +
                "current_setting('block_size')::bigint", ct);
            return ChunkRanges.FromPages(tableId, Math.Max(pages, 1), chunks, rows);
        }
        if (key.Count == 1 && table.Columns.First(c => c.Name == key[0]) is { Family: TypeFamily.Integer } integerKey)
            return ChunkRanges.FromIntegerBoundaries(tableId, integerKey.Name, integerKey.DataType,
                await IntegerBoundariesAsync(table, integerKey, chunks, ct), rows);

        var types = key.Select(k => table.Columns.First(c => c.Name == k).DataType).ToList();
        return ChunkRanges.FromKeyBoundaries(tableId, key, types, await SampledBoundariesAsync(table, key, rows, chunks, ct), rows);
    }

    /// <summary>
    /// When the key's order and the rows' physical order disagree (pg_stats.correlation under 0.8 either way), each
    /// key range would visit pages all over the table (twice the time of an ordered read with every page cached, far
    /// more when the table is read from disk), where one sequential read visits each page once. Without statistics,
    /// key ranges: the key of a table never analysed is most often its insertion order.
    /// </summary>
    public async Task<bool> ReadsInOnePassAsync(TableInfo table, CancellationToken ct = default)
    {
        if (ChunkKey(table) is not [var key]) return false;
        await using var command = source.CreateCommand(
            "SELECT correlation FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3 AND NOT inherited");
        command.Parameters.Add(new() { Value = table.Name.Schema });
        command.Parameters.Add(new() { Value = table.Name.Name });
        command.Parameters.Add(new() { Value = key });
        return await command.ExecuteScalarAsync(ct) is float correlation && Math.Abs(correlation) < 0.8f;
    }

    /// <summary>The primary key, else a unique key over NOT NULL columns; null when the table has neither.</summary>
    internal static IReadOnlyList<string>? ChunkKey(TableInfo table) =>
        (table.PrimaryKey ?? table.InheritedKey)?.Columns
        ?? table.UniqueKeys.FirstOrDefault(u => u.Columns.All(c => table.Columns.Any(col => col.Name == c && !col.Nullable)))?.Columns;

    // Equal-frequency histogram bounds follow skew; min/max spacing is the fallback when statistics are missing.
    async Task<IReadOnlyList<long>> IntegerBoundariesAsync(TableInfo table, ColumnInfo key, int chunks, CancellationToken ct)
    {
        await using (var command = source.CreateCommand(
            "SELECT histogram_bounds::text::bigint[] FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3"))
        {
            command.Parameters.Add(new() { Value = table.Name.Schema });
            command.Parameters.Add(new() { Value = table.Name.Name });
            command.Parameters.Add(new() { Value = key.Name });
            if (await command.ExecuteScalarAsync(ct) is long[] { Length: > 10 } histogram)
                return ChunkRanges.QuantileBoundaries(histogram, chunks);
        }
        var column = PgSql.Ident(key.Name);
        await using var minMax = source.CreateCommand($"SELECT min({column})::bigint, max({column})::bigint FROM " +
            $"ONLY {PgSql.Table(table.Name)}");
        await using var reader = await minMax.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0) ? [] : ChunkRanges.EvenIntegerBoundaries(reader.GetInt64(0), reader.GetInt64(1), chunks);
    }

    async Task<IReadOnlyList<IReadOnlyList<string>>> SampledBoundariesAsync(TableInfo table, IReadOnlyList<string> key, long rows,
        int chunks, CancellationToken ct)
    {
        var percent = Math.Clamp(100.0 * SampleRows / Math.Max(rows, 1), 0.01, 100.0);
        var columns = PgSql.Columns(key);
        var text = string.Join(", ", key.Select(k => PgSql.Ident(k) + "::text"));
        var sql = $"SELECT {text} FROM (SELECT {columns} FROM ONLY {PgSql.Table(table.Name)} TABLESAMPLE SYSTEM " +
            $"({percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}) ORDER BY {columns}) s";
        var sample = new List<IReadOnlyList<string>>();
        await using (var command = source.CreateCommand(sql))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                sample.Add(Enumerable.Range(0, key.Count).Select(reader.GetString).ToList());
        return ChunkRanges.QuantileBoundaries<IReadOnlyList<string>>(sample, chunks, KeyComparer.Instance);
    }

    public Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format,
        CancellationToken ct = default) =>
        OpenChunkReaderAsync(table, columns, new Dictionary<string, string>(), range, format, ct);

    /// <summary>Overridden types are cast in the COPY's SELECT, so the stream is already in the target's type.</summary>
    public async Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns,
        IReadOnlyDictionary<string, string> conversions,
        ChunkRange range, CopyFormat format, CancellationToken ct = default)
    {
        var connection = await source.OpenConnectionAsync(ct);
        try
        {
            var copy = await CopyStreams.OpenCopyOutAsync(connection,
                PgSql.CopyOut(table, columns, range, format, conversions), format, ct);
            return new OwningStream(copy, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format) =>
        PgSql.CopyOut(table, columns, range, format);

    public string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> conversions,
        ChunkRange range, CopyFormat format) =>
        PgSql.CopyOut(table, columns, range, format, conversions);

    public Task<TableAggregates> ComputeAggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns,
        CancellationToken ct = default) =>
        PostgresAggregateProbe.RunAsync(source, table, columns, ct);

    public async Task<(long Value, bool IsCalled)> SequenceValueAsync(string schema, string name, CancellationToken ct = default)
    {
        await using var command = source.CreateCommand($"SELECT last_value, is_called FROM {PgSql.Ident(schema)}.{PgSql.Ident(name)}");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetBoolean(1));
    }

    async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    sealed class KeyComparer : IEqualityComparer<IReadOnlyList<string>>
    {
        public static readonly KeyComparer Instance = new();
        public bool Equals(IReadOnlyList<string>? x, IReadOnlyList<string>? y) => x!.SequenceEqual(y!);
        public int GetHashCode(IReadOnlyList<string> obj) => obj.Count == 0 ? 0 : obj[0].GetHashCode();
    }
}
