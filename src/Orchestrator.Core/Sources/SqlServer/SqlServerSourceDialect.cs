using System.Data;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// SQL Server as a source (Microsoft.Data.SqlClient): catalog from sys.*, chunks by partition, key range or page
/// range, rows read with SequentialAccess and re-encoded as PostgreSQL binary COPY by <see cref="SqlServerRowEncoder"/>.
/// </summary>
public sealed class SqlServerSourceDialect(string connectionString, NulPolicy nulPolicy = NulPolicy.Fail) : ISourceDialect
{
    readonly Dictionary<TableName, IReadOnlyList<SqlServerColumn>> _columns = [];

    public string Name => "sqlserver";

    /// <summary>Source-side facts of the last Discover (LOB columns, change tracking, notes on what was not carried over).</summary>
    public IReadOnlyDictionary<TableName, SqlServerTableFacts> Facts { get; private set; } = new Dictionary<TableName, SqlServerTableFacts>();

    async Task<SqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqlConnection(connectionString);
        try { await connection.OpenAsync(ct); return connection; }
        catch { await connection.DisposeAsync(); throw; }
    }

    public async Task<SourceCatalog> DiscoverAsync(TableSelection selection, CancellationToken ct = default)
    {
        var position = await CurrentPositionAsync(ct);
        await using var connection = await OpenAsync(ct);
        var reader = new SqlServerCatalogReader(connection);
        var catalog = await reader.ReadAsync(selection, position, ct);
        Facts = reader.Facts;
        foreach (var (name, facts) in reader.Facts) _columns[name] = facts.Columns;
        return catalog;
    }

    /// <summary>
    /// Change tracking's current version when it is on, else CDC's max LSN, else the end of the log
    /// (sys.dm_db_log_stats), else @@DBTS: the last is only a marker, incremental sync needs CT or CDC.
    /// </summary>
    public async Task<SourcePosition> CurrentPositionAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var state = await DatabaseStateAsync(connection, ct);
        if (state.ChangeTrackingVersion is { } version) return new("sqlserver-ct-version", version.ToString(CultureInfo.InvariantCulture), state.Now);
        if (state.CdcEnabled && await ScalarAsync(connection, SqlServerCatalogQueries.MaxCdcLsn, ct) is string lsn)
            return new("sqlserver-cdc-lsn", lsn, state.Now);
        try
        {
            if (await ScalarAsync(connection, SqlServerCatalogQueries.LogEndLsn, ct) is string logEnd)
                return new("sqlserver-log-lsn", logEnd, state.Now);
        }
        catch (SqlException) { /* no VIEW DATABASE STATE: fall through to @@DBTS */ }
        var dbts = (byte[])(await ScalarAsync(connection, "SELECT @@DBTS", ct))!;
        return new("sqlserver-dbts", "0x" + Convert.ToHexString(dbts), state.Now);
    }

    sealed record DatabaseState(long? ChangeTrackingVersion, bool CdcEnabled, bool SnapshotAllowed, DateTime Now);

    static async Task<DatabaseState> DatabaseStateAsync(SqlConnection connection, CancellationToken ct)
    {
        await using var command = new SqlCommand(SqlServerCatalogQueries.DatabaseState, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new(reader.IsDBNull(0) ? null : reader.GetInt64(0), reader.GetBoolean(1), reader.GetByte(2) == 1,
            DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc));
    }

    public async Task<IReadOnlyList<ChunkPlan>> PlanChunksAsync(TableInfo table, string tableId, ChunkingSpec chunking, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var columns = await ColumnsAsync(connection, table.Name, ct);
        var rows = Math.Max(table.EstimatedRows, 0);

        if (await PartitioningAsync(connection, table.Name, ct) is { RowsPerPartition.Count: > 1 } partitioning
            && columns.FirstOrDefault(c => c.Name == partitioning.Column) is { } partitionColumn
            && SqlServerChunkPlanner.FromPartitions(tableId, partitioning, partitionColumn) is { } byPartition)
            return byPartition;

        var chunks = ChunkRanges.ChunkCount(rows, chunking.RowsPerChunkFor(rows, table.SizeBytes));
        if (chunks == 1) return ChunkRanges.Single(tableId, rows);
        var quoted = SqlServerSql.Table(table.Name);
        if (SqlServerChunkPlanner.ChunkKey(table, columns) is { } key)
        {
            if (key is [var single] && SqlServerChunkPlanner.IsIntegerType(single))
            {
                var histogram = new List<long>();
                await using (var command = new SqlCommand(SqlServerCatalogQueries.Histogram, connection))
                {
                    command.Parameters.AddWithValue("@table", quoted);
                    command.Parameters.AddWithValue("@column", single.Name);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) if (!reader.IsDBNull(0)) histogram.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
                var (min, max) = histogram.Count > 10 ? (null, null) : await MinMaxAsync(connection, $"CAST(MIN({SqlServerSql.Ident(single.Name)}) AS bigint), CAST(MAX({SqlServerSql.Ident(single.Name)}) AS bigint)", quoted, ct);
                return SqlServerChunkPlanner.FromIntegerKey(tableId, single, histogram, min, max, chunks, rows);
            }
            var names = SqlServerSql.Columns(key.Select(k => k.Name));
            var sql = $"""
                SELECT {names} FROM (
                  SELECT {names}, tile, ROW_NUMBER() OVER (PARTITION BY tile ORDER BY {names}) AS first_in_tile
                    FROM (SELECT {names}, NTILE(@chunks) OVER (ORDER BY {names}) AS tile FROM {quoted}) tiles) firsts
                 WHERE first_in_tile = 1 AND tile > 1 ORDER BY {names}
                """;
            var starts = new List<object[]>();
            await using (var command = new SqlCommand(sql, connection))
            {
                command.Parameters.Add(new SqlParameter("@chunks", SqlDbType.Int) { Value = chunks });
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var values = new object[key.Count];
                    for (var i = 0; i < key.Count; i++) values[i] = reader.GetValue(i);
                    starts.Add(values);
                }
            }
            return SqlServerChunkPlanner.FromTileStarts(tableId, key, starts, rows);
        }
        var (minPage, maxPage) = await MinMaxAsync(connection, $"MIN({SqlServerChunkPlanner.PageKey}), MAX({SqlServerChunkPlanner.PageKey})", quoted, ct);
        return SqlServerChunkPlanner.FromPages(tableId, minPage, maxPage, chunks, rows);
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
        var list = new List<SqlServerColumn>();
        await using var command = new SqlCommand(SqlServerCatalogQueries.TableColumns, connection);
        command.Parameters.AddWithValue("@table", SqlServerSql.Table(table));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) list.Add(SqlServerCatalogReader.ReadColumn(reader));
        if (list.Count == 0) throw new InvalidOperationException($"source table {table} was not found in SQL Server database");
        return _columns[table] = list;
    }

    static IReadOnlyList<SqlServerColumn> Pick(IReadOnlyList<SqlServerColumn> all, IReadOnlyList<string> names, TableName table) =>
        names.Select(n => all.FirstOrDefault(c => c.Name == n) ?? throw new InvalidOperationException($"{table}: column {n} is not in the source table")).ToList();

    public string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, ChunkRange range, string format) =>
        ChunkSelect(table, columns.Select(c => SqlServerSql.Ident(c)), range, null);

    static string ChunkSelect(TableName table, IEnumerable<string> selectItems, ChunkRange range, string? predicate) =>
        $"SELECT {string.Join(", ", selectItems)} FROM {SqlServerSql.Table(table)}" +
        (predicate is not null ? $" WHERE {predicate}" : range.Kind == RangeKind.All ? "" : $" WHERE {range}");

    /// <summary>The SELECT that reads a range (a chunk, or a range a comparison digests or narrows), its bounds as typed parameters.</summary>
    internal static void RangeCommand(SqlCommand command, TableName table, string selectList, ChunkRange range, IReadOnlyList<SqlServerColumn> columns)
    {
        var predicate = SqlServerChunkPlanner.Predicate(range, columns, command.Parameters);
        command.CommandText = ChunkSelect(table, [selectList], range, predicate);
    }

    public async Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, string format, CancellationToken ct = default)
    {
        if (format != "binary") throw new NotSupportedException($"{table}: SQL Server chunks are read in binary COPY format only, not '{format}'");
        IReadOnlyList<SqlServerColumn> all, selected;
        bool snapshot;
        await using (var connection = await OpenAsync(ct))
        {
            all = await ColumnsAsync(connection, table, ct);
            selected = Pick(all, columns, table);
            snapshot = (await DatabaseStateAsync(connection, ct)).SnapshotAllowed;
        }
        var encoder = new SqlServerRowEncoder(table.ToString(), selected, nulPolicy);
        return Ado.AdoChunkStream.Start(async (writer, token) =>
        {
            await using var connection = await OpenAsync(token);
            // Snapshot isolation (when the database allows it) gives each chunk one consistent view without blocking writers.
            await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(snapshot ? IsolationLevel.Snapshot : IsolationLevel.ReadCommitted, token);
            await using var command = new SqlCommand { Connection = connection, Transaction = transaction, CommandTimeout = 0 };
            RangeCommand(command, table, encoder.SelectList, range, all);
            await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token))
                while (await reader.ReadAsync(token))
                    await encoder.WriteRowAsync(reader, writer, token);
            await transaction.CommitAsync(token);
        }, ct);
    }

    public async Task<TableAggregates> ComputeAggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        var source = Pick(await ColumnsAsync(connection, table, ct), columns.Select(c => c.Name).ToList(), table);
        var probe = SqlServerAggregateProbe.Build(table, source, utf8Lengths: connection.ServerVersion is { } v && int.Parse(v.Split('.')[0], CultureInfo.InvariantCulture) >= 15);
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
