using System.Globalization;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.SqlServer.Changes;

/// <summary>
/// Change capture on SQL Server: change tracking where every synced table has it (net changes per key since a
/// version, joined to the current rows), else CDC where every table has a capture instance (its change functions,
/// in commit order), else an error naming what the DBA must enable, with the statements. Both are the DBA's: nothing
/// is created, and cutover leaves them on.
/// </summary>
public sealed class SqlServerChangeCapture(string connectionString) : IChangeCapture
{
    public const string TrackingKind = "sqlserver-ct-version", CdcKind = "sqlserver-cdc-lsn";

    public string PositionKind => TrackingKind;

    public string SortKey(string position) => SqlServerChangeQueries.SortKey(position);

    public long? Distance(string from, string to) => null;

    /// <summary>Positional barriers: caught up once the applied position is at or past the source's position when writes stopped.</summary>
    public bool Reached(SyncState state, string token) => string.CompareOrdinal(SortKey(state.Position), SortKey(token)) >= 0;

    Task<SqlConnection> OpenAsync(CancellationToken ct) => SqlServerConnections.OpenAsync(connectionString, ct);

    public async Task<SourcePosition> StartAsync(string captureId, IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var tracked = await NamesAsync(connection, SqlServerChangeQueries.ChangeTrackedTables, ct);
        var cdc = await CaptureInstancesAsync(connection, ct);
        var untracked = tables.Select(t => t.Source).Where(t => !tracked.Contains(t)).ToList();
        if (untracked.Count == 0)
            return new(TrackingKind,
                Convert.ToString(await ScalarAsync(connection, SqlServerChangeQueries.CurrentVersion, ct), CultureInfo.InvariantCulture)!,
                DateTime.UtcNow);
        if (tables.All(t => cdc.ContainsKey(t.Source)) && await ScalarAsync(connection, SqlServerChangeQueries.MaxLsn, ct) is string lsn)
            return new(CdcKind, lsn, DateTime.UtcNow);
        throw new SyncRefusedException($"sync: SQL Server captures no changes of {string.Join(", ", untracked)}: neither " +
            "change tracking nor CDC is enabled " +
            $"for them. Have the DBA enable {SqlServerChangeQueries.EnableStatements(connection.Database, untracked)}");
    }

    public async Task<IChangeFeed> OpenAsync(string captureId, IReadOnlyList<SyncTable> tables, string after, CancellationToken ct)
    {
#pragma warning disable CA2000 // the returned feed owns the connection; a failed open disposes it below
        var connection = await OpenAsync(ct);
#pragma warning restore CA2000
        try
        {
            var types = new Dictionary<TableName, IReadOnlyList<string>>();
            foreach (var table in tables) types[table.Source] = await ColumnTypesAsync(connection, table, ct);
            var cdc = after.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? await CaptureInstancesAsync(connection, ct) : null;
            var reader = new SqlServerChangeReader(connection, tables, types, cdc);
            return new PolledChangeFeed(after, SortKey, token => CurrentAsync(connection, cdc is not null, token),
                reader.ReadAsync, connection);
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
        var tracking = await ScalarAsync(connection, SqlServerChangeQueries.CurrentVersion, ct);
        return await CurrentAsync(connection, tracking is null or DBNull, ct);
    }

    static async Task<string> CurrentAsync(SqlConnection connection, bool cdc, CancellationToken ct) =>
        Convert.ToString(await ScalarAsync(connection, cdc ? SqlServerChangeQueries.MaxLsn : SqlServerChangeQueries.CurrentVersion, ct),
            CultureInfo.InvariantCulture)
        ?? throw new SyncRefusedException("sync: SQL Server reports no change tracking version or CDC LSN any more: was capture disabled?");

    public Task<string> BarrierAsync(string captureId, CancellationToken ct) => CurrentPositionAsync(ct);

    // change tracking and CDC are the DBA's to turn off
    public Task StopAsync(string captureId, CancellationToken ct) => Task.CompletedTask;

    public async Task MakeReadOnlyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new SqlCommand($"ALTER DATABASE {SqlServerSql.Ident(connection.Database)} SET " +
            "READ_ONLY WITH ROLLBACK IMMEDIATE", connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Each column's SQL Server type, in the sync's column order; a table whose columns changed, or hold untransferable types, is refused.
    /// </summary>
    static async Task<IReadOnlyList<string>> ColumnTypesAsync(SqlConnection connection, SyncTable table, CancellationToken ct)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = new SqlCommand(SqlServerChangeQueries.Columns, connection))
        {
            command.Parameters.AddWithValue("@table", SqlServerSql.Table(table.Source));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) types[reader.GetString(0)] = reader.GetString(1);
        }
        if (SchemaDrift.Difference(table, types.Keys.ToList()) is { } difference)
            throw SchemaDrift.Changed(table, difference, "since the migration read its catalog");
        if (types.FirstOrDefault(t => SqlServerChangeQueries.Unsupported.Contains(t.Value)) is { Key: not null } odd)
            throw new SyncRefusedException($"sync: {table.Source}.{odd.Key} is {odd.Value}, whose values changes cannot carry; " +
                "exclude the table (tables.exclude)");
        return table.Columns.Select(c => types[c.SourceName]).ToList();
    }

    static async Task<HashSet<TableName>> NamesAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        var names = new HashSet<TableName>();
        await using var command = new SqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return names;
    }

    /// <summary>Each table's newest capture instance; none when CDC is off (its schema is then missing or not readable).</summary>
    static async Task<Dictionary<TableName, string>> CaptureInstancesAsync(SqlConnection connection, CancellationToken ct)
    {
        var instances = new Dictionary<TableName, string>();
        try
        {
            await using var command = new SqlCommand(SqlServerChangeQueries.CdcCaptureInstances, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                instances.TryAdd(new TableName(reader.GetString(0), reader.GetString(1)), reader.GetString(2));
        }
        catch (SqlException e) when (e.Number is 208 or 229) { } // cdc.change_tables missing (CDC off) or not granted
        return instances;
    }

    static async Task<object?> ScalarAsync(SqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new SqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}
