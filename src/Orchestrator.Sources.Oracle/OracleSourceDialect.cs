using System.Data;
using System.Data.Common;
using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Oracle as a source, through whatever ADO.NET provider the host registered (Core depends on System.Data.Common
/// only). Every chunk reads AS OF the SCN taken when the plan was made, so parallel chunks see one snapshot.
/// </summary>
public sealed class OracleSourceDialect(DbProviderFactory factory, string connectionString, OracleMappingOptions? options = null)
    : ISourceDialect
{
    public const string ProviderInvariantName = "Oracle.ManagedDataAccess.Client";
    public const string MissingProvider =
        "source.dialect: oracle needs the Oracle.ManagedDataAccess.Core package; the host registers it as " +
            "DbProviderFactories invariant name " + ProviderInvariantName;

    readonly OracleMappingOptions _options = options ?? OracleMappingOptions.Default;
    long? _scn;

    /// <summary>The dialect over the registered Oracle provider, or a spec error naming the package when there is none.</summary>
    public static OracleSourceDialect Create(string connectionString, OracleMappingOptions? options = null) =>
        new(OracleConnections.Factory(), connectionString, options);

    public string Name => Traits.Dialect;

    public SourceTraits Traits => OracleTraits.Instance;

    public Task<DbConnection> OpenConnectionAsync(CancellationToken ct = default) =>
        OracleConnections.OpenAsync(factory, connectionString, ct);

    public async Task<SourceCatalog> DiscoverAsync(TableSelection selection, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        return await new OracleCatalogReader(connection, _options).ReadAsync(selection, ct);
    }

    public async Task<SourcePosition> CurrentPositionAsync(CancellationToken ct = default)
    {
        var scn = await ScnAsync(ct);
        return new SourcePosition("scn", scn.ToString(CultureInfo.InvariantCulture), DateTime.UtcNow);
    }

    // One SCN per dialect instance: the plan's tables all share the snapshot taken when planning began.
    async Task<long> ScnAsync(CancellationToken ct)
    {
        if (_scn is { } known) return known;
        await using var connection = await OpenConnectionAsync(ct);
        foreach (var sql in new[] { OracleCatalogQueries.CurrentScn, OracleCatalogQueries.CurrentScnFromDatabase })
        {
            try
            {
                var text = await ScalarAsync(connection, new OracleQuery(sql, []), ct);
                return (_scn = long.Parse(text!, CultureInfo.InvariantCulture)).Value;
            }
            catch (DbException) { }
        }
        throw new InvalidOperationException(
            "cannot read the Oracle SCN: grant EXECUTE ON DBMS_FLASHBACK (or SELECT ON V_$DATABASE) to the migration user");
    }

    public async Task<IReadOnlyList<ChunkPlan>> PlanChunksAsync(TableInfo table, string tableId, ChunkingSpec chunking,
        CancellationToken ct = default)
    {
        var scn = await ScnAsync(ct);
        await using var connection = await OpenConnectionAsync(ct);
        var names = new KeyValuePair<string, object>[] { new("owner", table.Name.Schema), new("name", table.Name.Name) };
        var partitions = new List<OraclePartition>();
        await using (var command = OracleCommands.Create(connection, new OracleQuery(OracleCatalogQueries.Partitions, names)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                partitions.Add(new OraclePartition(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));

        var rows = table.EstimatedRows;
        if (partitions.Count == 0 && rows < 0)
            rows = long.Parse((await ScalarAsync(connection, AsOf($"SELECT TO_CHAR(COUNT(*)) FROM {OracleSql.Table(table.Name)}", scn),
                ct))!, CultureInfo.InvariantCulture);
        var facts = new OracleTableFacts { EstimatedRows = rows, Partitions = partitions };
        var rowsPerChunk = chunking.RowsPerChunkFor(rows, table.SizeBytes);
        if (partitions.Count == 0 && ChunkRanges.ChunkCount(rows, rowsPerChunk) > 1)
            facts = facts with { Extents = await ExtentsAsync(connection, names, ct), Key = await KeyAsync(connection, table, scn, ct) };
        return OracleChunkPlanner.Plan(tableId, facts, scn, rowsPerChunk);
    }

    static async Task<IReadOnlyList<OracleExtent>?> ExtentsAsync(DbConnection connection,
        KeyValuePair<string, object>[] names, CancellationToken ct)
    {
        try
        {
            var extents = new List<OracleExtent>();
            await using var command = OracleCommands.Create(connection, new OracleQuery(OracleCatalogQueries.Extents, names));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                extents.Add(new OracleExtent(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                    Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetString(3)));
            return extents;
        }
        catch (DbException)
        {
            return null; // DBA_EXTENTS not granted: key ranges instead.
        }
    }

    static async Task<OracleIntegerKey?> KeyAsync(DbConnection connection, TableInfo table, long scn, CancellationToken ct)
    {
        if (table.PrimaryKey?.Columns is not [var keyName]) return null;
        var key = table.Columns.First(c => c.Name == keyName);
        if (key.Family is not (TypeFamily.Integer or TypeFamily.Decimal)) return null;
        var c = OracleSql.Ident(key.Name);
        // NLS-independent text: ODP.NET sets the session's territory (and so its decimal separator) from the .NET culture.
        var query = AsOf($"SELECT {OracleSql.NumberText($"MIN({c})")} || ' ' || {OracleSql.NumberText($"MAX({c})")} FROM " +
            $"{OracleSql.Table(table.Name)}", scn);
        if ((await ScalarAsync(connection, query, ct))?.Trim().Split(' ') is not [var min, var max]) return null;
        var (lo, hi) = (decimal.Parse(min, NumberStyles.Float, CultureInfo.InvariantCulture),
            decimal.Parse(max, NumberStyles.Float, CultureInfo.InvariantCulture));
        return lo < long.MinValue || hi > long.MaxValue ? null
            : new OracleIntegerKey(key.Name, key.DataType, (long)decimal.Floor(lo), (long)decimal.Ceiling(hi));
    }

    // The SELECTs passed here end with their table: the flashback clause follows it.
    static OracleQuery AsOf(string select, long scn) => new(select + " AS OF SCN :scn", [new("scn", scn)]);

    public Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format,
        CancellationToken ct = default)
    {
        if (format != CopyFormat.Binary)
            throw new NotSupportedException("Oracle chunks are written in binary COPY format only, not " +
                $"'{Core.Reporting.JsonNames.Of(format)}'");
        return Task.FromResult(AdoChunkStream.Start(async (writer, token) =>
        {
            await using var connection = await OpenConnectionAsync(token);
            var read = await ReadColumnsAsync(connection, table, columns, token);
            await using var command = OracleCommands.Create(connection, OracleChunkQuery.Build(table, read, range));
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, token);
            var encoder = new OracleRowEncoder(read);
            while (await reader.ReadAsync(token))
                await encoder.WriteRowAsync(reader, writer, token);
        }, ct));
    }

    async Task<IReadOnlyList<OracleReadColumn>> ReadColumnsAsync(DbConnection connection, TableName table,
        IReadOnlyList<string> columns, CancellationToken ct)
    {
        var source = (await new OracleCatalogReader(connection, _options).ReadColumnsAsync(table, ct))
            .ToDictionary(c => c.Name, StringComparer.Ordinal);
        return columns.Select(name => source.TryGetValue(name, out var c)
            ? new OracleReadColumn(name, OracleTypeMapping.Map(c.Type, _options))
            : throw new InvalidOperationException($"column {name} of {table} is no longer in the source; " +
                "the table changed since Discover")).ToList();
    }

    public string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format)
    {
        var plain = new OracleColumnMapping(new ColumnMapping("", ValueEncoding.Text), TypeFamily.Other, OracleRead.Text);
        var query = OracleChunkQuery.Build(table, columns.Select(c => new OracleReadColumn(c, plain)).ToList(), range);
        return query.Binds.Count == 0 ? query.Sql
            : $"{query.Sql} -- " +
                $"{string.Join(", ", query.Binds.Select(b => string.Create(CultureInfo.InvariantCulture, $":{b.Key} = {b.Value}")))}";
    }

    /// <summary>
    /// Reads the current data, not the plan's SCN (this method is not given it): compare after the source is quiesced,
    /// or differences include changes made since the snapshot.
    /// </summary>
    public async Task<TableAggregates> ComputeAggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns,
        CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        var source = (await new OracleCatalogReader(connection, _options).ReadColumnsAsync(table, ct))
            .ToDictionary(c => c.Name, StringComparer.Ordinal);
        var utf8 = await ScalarAsync(connection, new OracleQuery(OracleCatalogQueries.Charset, []), ct) == "AL32UTF8";
        var aggregated = columns.Where(c => source.ContainsKey(c.Name))
            .Select(c => new OracleAggregateColumn(c, source[c.Name].Type, OracleTypeMapping.Map(source[c.Name].Type, _options))).ToList();
        var from = OracleSql.Table(table);
        var items = OracleAggregateQuery.Build(aggregated, utf8, from);
        await using var command = OracleCommands.Create(connection, new OracleQuery(OracleAggregateQuery.Sql(items, from), []));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var values = Enumerable.Range(0, items.Count).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToList();
        return OracleAggregateQuery.Read(items, values);
    }

    /// <summary>
    /// LAST_NUMBER is at or above every value handed out (cached values included): a safe next value, never a reused one.
    /// </summary>
    public async Task<(long Value, bool IsCalled)> SequenceValueAsync(string schema, string name, CancellationToken ct = default)
    {
        await using var connection = await OpenConnectionAsync(ct);
        var text = await ScalarAsync(connection,
            new OracleQuery(OracleCatalogQueries.SequenceValue, [new("owner", schema), new("name", name)]), ct)
            ?? throw new InvalidOperationException($"sequence {schema}.{name} is not in ALL_SEQUENCES");
        var value = decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (value > long.MaxValue)
            throw new OverflowException($"sequence {schema}.{name} is at {text}, beyond PostgreSQL's bigint sequences");
        return ((long)value, false);
    }

    static async Task<string?> ScalarAsync(DbConnection connection, OracleQuery query, CancellationToken ct)
    {
        await using var command = OracleCommands.Create(connection, query);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
