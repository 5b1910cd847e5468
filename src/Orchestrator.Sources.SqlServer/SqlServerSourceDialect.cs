using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// SQL Server as a source (Microsoft.Data.SqlClient): catalog from sys.*, chunks by partition, key range or page
/// range, rows read with SequentialAccess and re-encoded as PostgreSQL binary COPY by <see cref="SqlServerRowEncoder"/>.
/// </summary>
public sealed class SqlServerSourceDialect(string connectionString, NulPolicy nulPolicy = NulPolicy.Fail) : ISourceDialect
{
    readonly Dictionary<TableName, IReadOnlyList<SqlServerColumn>> _columns = [];
    readonly SqlServerProbeLog _probes = new();

    public string Name => Traits.Dialect;

    public SourceTraits Traits => SqlServerTraits.Instance;

    public bool PassesNulCharacters => nulPolicy == NulPolicy.Reject;

    /// <summary>Source-side facts of the last Discover (LOB columns, change tracking, notes on what was not carried over).</summary>
    public IReadOnlyDictionary<TableName, SqlServerTableFacts> Facts { get; private set; } =
        new Dictionary<TableName, SqlServerTableFacts>();

    public IReadOnlyList<UnavailableProbe> UnavailableProbes => _probes.Unavailable;

    Task<SqlConnection> OpenAsync(CancellationToken ct) => SqlServerConnections.OpenAsync(connectionString, ct);

    public async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken ct = default) => await OpenAsync(ct);

    public async Task<SourceCatalog> DiscoverAsync(TableSelection selection, CancellationToken ct = default)
    {
        var position = await CurrentPositionAsync(ct);
        await using var connection = await OpenAsync(ct);
        var reader = new SqlServerCatalogReader(connection, _probes);
        var catalog = await reader.ReadAsync(selection, position, ct);
        Facts = reader.Facts;
        foreach (var (name, facts) in reader.Facts) _columns[name] = facts.Columns;
        return catalog;
    }

    /// <summary>
    /// Change tracking's current version when it is on, else CDC's max LSN, else the end of the log
    /// (sys.dm_db_log_stats), else @@DBTS, else the server's clock: the last two are only markers, incremental sync
    /// needs CT or CDC. Each step the login may not take is an optional probe.
    /// </summary>
    public async Task<SourcePosition> CurrentPositionAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var now = DateTime.SpecifyKind((DateTime)(await ScalarAsync(connection, SqlServerCatalogQueries.Clock, ct))!, DateTimeKind.Utc);
        var options = await OptionsAsync(connection, ct);
        if (await ScalarProbeAsync(SqlServerProbes.ChangeTrackingVersion, SqlServerCatalogQueries.ChangeTrackingVersion,
            connection, ct) is { } version)
            return new("sqlserver-ct-version",
                Convert.ToInt64(version, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), now);
        if (options.CdcEnabled
            && await ScalarProbeAsync(SqlServerProbes.CdcPosition, SqlServerCatalogQueries.MaxCdcLsn, connection, ct) is string lsn)
            return new("sqlserver-cdc-lsn", lsn, now);
        if (await ScalarProbeAsync(SqlServerProbes.LogPosition, SqlServerCatalogQueries.LogEndLsn, connection, ct) is string logEnd)
            return new("sqlserver-log-lsn", logEnd, now);
        if (await ScalarProbeAsync(SqlServerProbes.Dbts, SqlServerCatalogQueries.Dbts, connection, ct) is byte[] dbts)
            return new("sqlserver-dbts", "0x" + Convert.ToHexString(dbts), now);
        return new("sqlserver-clock", now.ToString("O", CultureInfo.InvariantCulture), now);
    }

    Task<object?> ScalarProbeAsync(SqlServerProbe probe, string sql, SqlConnection connection, CancellationToken ct) =>
        _probes.RunAsync(probe, () => ScalarAsync(connection, sql, ct), null);

    sealed record DatabaseOptions(bool CdcEnabled, bool SnapshotAllowed);

    Task<DatabaseOptions> OptionsAsync(SqlConnection connection, CancellationToken ct) =>
        _probes.RunAsync(SqlServerProbes.DatabaseOptions, async () =>
        {
            await using var command = new SqlCommand(SqlServerCatalogQueries.DatabaseOptions, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? new DatabaseOptions(reader.GetBoolean(0), reader.GetByte(1) == 1)
                : new DatabaseOptions(false, false);
        }, new DatabaseOptions(false, false));

    public async Task<IReadOnlyList<ChunkPlan>> PlanChunksAsync(TableInfo table, string tableId, ChunkingSpec chunking,
        CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var columns = await ColumnsAsync(connection, table.Name, ct);
        var quoted = SqlServerSql.Table(table.Name);
        var name = table.Name.ToString();
        // Without sys.partitions the catalog holds no row count: count them (the probe's fallback).
        var rows = table.EstimatedRows >= 0 ? table.EstimatedRows
            : Convert.ToInt64(await ScalarAsync(connection, $"SELECT COUNT_BIG(*) FROM {quoted}", ct), CultureInfo.InvariantCulture);

        var partitioning = await _probes.RunAsync(SqlServerProbes.Partitions,
            () => PartitioningAsync(connection, table.Name, ct), null, name);
        if (partitioning is { RowsPerPartition.Count: > 1 }
            && columns.FirstOrDefault(c => c.Name == partitioning.Column) is { } partitionColumn
            && SqlServerChunkPlanner.FromPartitions(tableId, partitioning, partitionColumn) is { } byPartition)
            return byPartition;

        var chunks = ChunkRanges.ChunkCount(rows, chunking.RowsPerChunkFor(rows, table.SizeBytes));
        if (chunks == 1) return ChunkRanges.Single(tableId, rows);
        if (SqlServerChunkPlanner.ChunkKey(table, columns) is { } key)
        {
            if (key is [var single] && SqlServerChunkPlanner.IsIntegerType(single)
                && await _probes.RunAsync(SqlServerProbes.Histograms, () => HistogramAsync(connection, quoted, single, ct), null, name)
                    is { } histogram)
            {
                var column = SqlServerSql.Ident(single.Name);
                var (min, max) = histogram.Count > 10 ? (null, null)
                    : await MinMaxAsync(connection, $"CAST(MIN({column}) AS bigint), CAST(MAX({column}) AS bigint)", quoted, ct);
                return SqlServerChunkPlanner.FromIntegerKey(tableId, single, histogram, min, max, chunks, rows);
            }
            return SqlServerChunkPlanner.FromTileStarts(tableId, key, await TileStartsAsync(connection, quoted, key, chunks, ct), rows);
        }
        const string PageRange = $"MIN({SqlServerChunkPlanner.PageKey}), MAX({SqlServerChunkPlanner.PageKey})";
        var pages = await _probes.RunAsync(SqlServerProbes.PageLocator,
            async () => (Known: true, Range: await MinMaxAsync(connection, PageRange, quoted, ct)),
            (Known: false, Range: ((long?)null, (long?)null)), name);
        if (pages.Known) return SqlServerChunkPlanner.FromPages(tableId, pages.Range.Item1, pages.Range.Item2, chunks, rows);
        // No page locator: ranges over the leading column of a key when it orders exactly, else the whole table at once.
        if (SqlServerChunkPlanner.LeadingKeyColumn(table, columns) is not { } leading) return ChunkRanges.Single(tableId, rows);
        var starts = (await TileStartsAsync(connection, quoted, [leading], chunks, ct)).DistinctBy(s => s[0]).ToList();
        return SqlServerChunkPlanner.FromTileStarts(tableId, [leading], starts, rows);
    }

    static async Task<List<long>?> HistogramAsync(SqlConnection connection, string quotedTable,
        SqlServerColumn column, CancellationToken ct)
    {
        var histogram = new List<long>();
        await using var command = new SqlCommand(SqlServerCatalogQueries.Histogram, connection);
        command.Parameters.AddWithValue("@table", quotedTable);
        command.Parameters.AddWithValue("@column", column.Name);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (!reader.IsDBNull(0)) histogram.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        return histogram;
    }

    /// <summary>The first key of each NTILE tile after the first: one ordered scan over the key.</summary>
    static async Task<List<object[]>> TileStartsAsync(SqlConnection connection, string quotedTable, IReadOnlyList<SqlServerColumn> key,
        int chunks, CancellationToken ct)
    {
        var names = SqlServerSql.Columns(key.Select(k => k.Name));
        var sql = $"""
            SELECT {names} FROM (
              SELECT {names}, tile, ROW_NUMBER() OVER (PARTITION BY tile ORDER BY {names}) AS first_in_tile
                FROM (SELECT {names}, NTILE(@chunks) OVER (ORDER BY {names}) AS tile FROM {quotedTable}) tiles) firsts
             WHERE first_in_tile = 1 AND tile > 1 ORDER BY {names}
            """;
        var starts = new List<object[]>();
        await using var command = new SqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new SqlParameter("@chunks", SqlDbType.Int) { Value = chunks });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = new object[key.Count];
            for (var i = 0; i < key.Count; i++) values[i] = reader.GetValue(i);
            starts.Add(values);
        }
        return starts;
    }

    static async Task<(long?, long?)> MinMaxAsync(SqlConnection connection, string items, string table, CancellationToken ct)
    {
        await using var command = new SqlCommand($"SELECT {items} FROM {table}", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0) ? (null, null) : (reader.GetInt64(0), reader.GetInt64(1));
    }

    static async Task<SqlServerPartitioning?> PartitioningAsync(SqlConnection connection, TableName table, CancellationToken ct)
    {
        var rows = new List<long>();
        string? function = null, column = null;
        var right = false;
        await using (var command = new SqlCommand(SqlServerCatalogQueries.Partitions, connection))
        {
            command.Parameters.AddWithValue("@table", SqlServerSql.Table(table));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.GetInt64(1));
                (function, right, column) = (reader.GetString(2), reader.GetBoolean(3), reader.GetString(4));
            }
        }
        if (function is null) return null;
        var boundaries = new List<object>();
        await using (var command = new SqlCommand(SqlServerCatalogQueries.PartitionBoundaries, connection))
        {
            command.Parameters.AddWithValue("@function", function);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) boundaries.Add(reader.GetValue(1));
        }
        return new SqlServerPartitioning(function, right, column!, boundaries, rows);
    }

    async Task<IReadOnlyList<SqlServerColumn>> ColumnsAsync(SqlConnection connection, TableName table, CancellationToken ct)
    {
        if (_columns.TryGetValue(table, out var cached)) return cached;
        var list = await SqlServerCatalogReader.RequiredAsync("sys.columns, sys.types, sys.computed_columns, sys.default_constraints",
            async () =>
        {
            var read = new List<SqlServerColumn>();
            await using var command = new SqlCommand(SqlServerCatalogQueries.TableColumns, connection);
            command.Parameters.AddWithValue("@table", SqlServerSql.Table(table));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) read.Add(SqlServerCatalogReader.ReadColumn(reader));
            return read;
        });
        if (list.Count == 0) throw new InvalidOperationException($"source table {table} was not found in SQL Server database");
        return _columns[table] = list;
    }

    static IReadOnlyList<SqlServerColumn> Pick(IReadOnlyList<SqlServerColumn> all, IReadOnlyList<string> names, TableName table) =>
        names.Select(n => all.FirstOrDefault(c => c.Name == n)
            ?? throw new InvalidOperationException($"{table}: column {n} is not in the source table")).ToList();

    public string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format) =>
        ChunkSelect(table, columns.Select(c => SqlServerSql.Ident(c)), range, null);

    static string ChunkSelect(TableName table, IEnumerable<string> selectItems, ChunkRange range, string? predicate) =>
        $"SELECT {string.Join(", ", selectItems)} FROM {SqlServerSql.Table(table)}" +
        (predicate is not null ? $" WHERE {predicate}" : range.Kind == RangeKind.All ? "" : $" WHERE {range}");

    /// <summary>
    /// The SELECT that reads a range (a chunk, or a range a comparison digests or narrows), its bounds as typed parameters.
    /// </summary>
    internal static void RangeCommand(SqlCommand command, TableName table, string selectList, ChunkRange range,
        IReadOnlyList<SqlServerColumn> columns)
    {
        var predicate = SqlServerChunkPlanner.Predicate(range, columns, command.Parameters);
        command.CommandText = ChunkSelect(table, [selectList], range, predicate);
    }

    public async Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format,
        CancellationToken ct = default)
    {
        if (format != CopyFormat.Binary)
            throw new NotSupportedException($"{table}: SQL Server chunks are read in binary COPY format only, not " +
                $"'{Core.Reporting.JsonNames.Of(format)}'");
        IReadOnlyList<SqlServerColumn> all, selected;
        bool snapshot;
        await using (var connection = await OpenAsync(ct))
        {
            all = await ColumnsAsync(connection, table, ct);
            selected = Pick(all, columns, table);
            snapshot = (await OptionsAsync(connection, ct)).SnapshotAllowed;
        }
        var encoder = new SqlServerRowEncoder(table.ToString(), selected, nulPolicy);
        return Ado.AdoChunkStream.Start(async (writer, token) =>
        {
            await using var connection = await OpenAsync(token);
            // Snapshot isolation (when the database allows it) gives each chunk one consistent view without blocking writers.
            await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(snapshot ? IsolationLevel.Snapshot
                : IsolationLevel.ReadCommitted, token);
            await using var command = new SqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = 0 };
            RangeCommand(command, table, encoder.SelectList, range, all);
            await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token))
                while (await reader.ReadAsync(token))
                    await encoder.WriteRowAsync(reader, writer, token);
            await transaction.CommitAsync(token);
        }, ct);
    }

    public async Task<TableAggregates> ComputeAggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns,
        CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var source = Pick(await ColumnsAsync(connection, table, ct), columns.Select(c => c.Name).ToList(), table);
        var probe = SqlServerAggregateProbe.Build(table, source,
            utf8Lengths: connection.ServerVersion is { } v && int.Parse(v.Split('.')[0], CultureInfo.InvariantCulture) >= 15);
        await using var command = new SqlCommand(probe.Sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return probe.Read(reader);
    }

    public async Task<(long Value, bool IsCalled)> SequenceValueAsync(string schema, string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        foreach (var sql in new[] { SqlServerCatalogQueries.SequenceValue, SqlServerCatalogQueries.IdentityValue })
        {
            await using var command = new SqlCommand(sql, connection);
            command.Parameters.AddWithValue("@schema", schema);
            command.Parameters.AddWithValue("@name", name);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) return ((long)reader.GetDecimal(0), reader.GetBoolean(1));
        }
        throw new InvalidOperationException($"SQL Server has no sequence or identity column named {schema}.{name}");
    }

    static async Task<object?> ScalarAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}
