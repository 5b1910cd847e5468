using System.Data.Common;
using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.Oracle.Changes;

/// <summary>
/// Change capture on Oracle through LogMiner, from the SCN recorded before the load: the online catalog as
/// dictionary, committed data only, each batch mined from the start of the oldest transaction still open when the
/// last one ended. Supplemental logging is checked first. Nothing is created at the source.
/// </summary>
public sealed class OracleChangeCapture(DbProviderFactory factory, string connectionString) : IChangeCapture
{
    public const string Kind = "oracle-scn";

    public static OracleChangeCapture Create(string connectionString) =>
        new(OracleConnections.Factory(), connectionString);

    public string PositionKind => Kind;

    public string SortKey(string position) => OracleChangeQueries.SortKey(position);

    public long? Distance(string from, string to) => null;

    public bool Reached(SyncState state, string token) => string.CompareOrdinal(SortKey(state.Position), SortKey(token)) >= 0;

    async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await OracleConnections.OpenAsync(factory, connectionString, ct);
        try
        {
            foreach (var setting in OracleChangeQueries.SessionSettings) await ExecuteAsync(connection, new OracleQuery(setting, []), ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<SourcePosition> StartAsync(string captureId, IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using (var command = OracleCommands.Create(connection, new OracleQuery(OracleChangeQueries.SupplementalLogging, [])))
        await using (var reader = await Refusing(() => command.ExecuteReaderAsync(ct)))
        {
            await reader.ReadAsync(ct);
            var (min, pk, all) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            if (min == "NO" || (pk == "NO" && all == "NO"))
                throw new SyncRefusedException($"sync: the Oracle database's supplemental logging (minimal {min}, " +
                    $"primary key {pk}) leaves LogMiner " +
                    $"without the keys of updated and deleted rows. Have the DBA run: {OracleChangeQueries.EnableSupplementalLogging}");
        }
        foreach (var table in tables) await ColumnTypesAsync(connection, table, ct);
        return new SourcePosition(Kind, await PositionAsync(connection, ct), DateTime.UtcNow);
    }

    public async Task<IChangeFeed> OpenAsync(string captureId, IReadOnlyList<SyncTable> tables, string after, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            var types = new Dictionary<TableName, IReadOnlyList<(string Type, int? Scale)>>();
            foreach (var table in tables) types[table.Source] = await ColumnTypesAsync(connection, table, ct);
            var reader = new OracleChangeReader(connection, tables, types);
            return new PolledChangeFeed(after, SortKey, token => PositionAsync(connection, token), reader.ReadAsync, connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<string> CurrentPositionAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await PositionAsync(connection, ct);
    }

    static async Task<string> PositionAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = OracleCommands.Create(connection, new OracleQuery(OracleChangeQueries.Position, []));
        await using var reader = await Refusing(() => command.ExecuteReaderAsync(ct));
        await reader.ReadAsync(ct);
        var scn = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var restart = reader.IsDBNull(1) ? scn + 1 : Math.Min(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), scn + 1);
        return string.Create(CultureInfo.InvariantCulture, $"{scn}:{restart}");
    }

    public Task<string> BarrierAsync(string captureId, CancellationToken ct) => CurrentPositionAsync(ct);

    public Task StopAsync(string captureId, CancellationToken ct) => Task.CompletedTask; // LogMiner keeps nothing for us

    public Task MakeReadOnlyAsync(CancellationToken ct) => throw new SyncRefusedException(
        "cutover --read-only: an Oracle database cannot be made read-only for one schema without a restart; stop the application's " +
        "writes, then run cutover without it");

    /// <summary>
    /// Each column's Oracle type and scale in the sync's column order; changed columns, or types changes cannot carry, are refused.
    /// </summary>
    static async Task<IReadOnlyList<(string Type, int? Scale)>> ColumnTypesAsync(DbConnection connection,
        SyncTable table, CancellationToken ct)
    {
        var types = new Dictionary<string, (string, int?)>(StringComparer.Ordinal);
        await using (var command = OracleCommands.Create(connection, OracleChangeQueries.Columns(table.Source)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                types[reader.GetString(0)] = (reader.GetString(1),
                    reader.IsDBNull(2) ? null : Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
        if (SchemaDrift.Difference(table, types.Keys.ToList()) is { } difference)
            throw SchemaDrift.Changed(table, difference, "since the migration read its catalog");
        if (types.FirstOrDefault(t => !OracleChangeText.Carries(t.Value.Item1)) is { Key: not null } odd)
            throw new SyncRefusedException($"sync: {table.Source}.{odd.Key} is {odd.Value.Item1}, whose values LogMiner changes cannot " +
                "carry here; exclude the table (tables.exclude)");
        return table.Columns.Select(c => types[c.SourceName]).ToList();
    }

    /// <summary>A view or package the user may not read: the error names the grants it needs.</summary>
    internal static async Task<T> Refusing<T>(Func<Task<T>> work)
    {
        try { return await work(); }
        catch (DbException e) when (e.Message.Contains("ORA-00942", StringComparison.Ordinal)
            || e.Message.Contains("ORA-01031", StringComparison.Ordinal)
                                    || e.Message.Contains("ORA-06550", StringComparison.Ordinal))
        {
            throw new SyncRefusedException($"sync: the Oracle user may not use LogMiner ({e.Message.Split('\n')[0]}). Have the DBA " +
                $"run: {OracleChangeQueries.Grants}");
        }
    }

    internal static async Task ExecuteAsync(DbConnection connection, OracleQuery query, CancellationToken ct)
    {
        await using var command = OracleCommands.Create(connection, query);
        await Refusing(() => command.ExecuteNonQueryAsync(ct));
    }
}
