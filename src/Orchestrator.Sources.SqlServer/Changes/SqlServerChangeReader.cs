using Microsoft.Data.SqlClient;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.SqlServer.Changes;

/// <summary>
/// Reads SQL Server's changes between two positions for every synced table, in the values' PostgreSQL text forms
/// (<see cref="SqlServerValueText"/>): change tracking when <paramref name="cdc"/> is null, else CDC by capture instance.
/// </summary>
sealed class SqlServerChangeReader(SqlConnection connection, IReadOnlyList<SyncTable> tables,
    IReadOnlyDictionary<TableName, IReadOnlyList<string>> types,
    IReadOnlyDictionary<TableName, string>? cdc)
{
    public async Task<PolledChanges> ReadAsync(string after, string upTo, CancellationToken ct)
    {
        var rows = new List<(string Order, RowChange Change)>();
        foreach (var table in tables)
            rows.AddRange(cdc is null ? await TrackedAsync(table, after, upTo, ct) : await CapturedAsync(table, cdc, after, upTo, ct));
        // Tables were read one by one: their changes merge into commit order (a stable sort keeps each table's own order).
        var ordered = rows.OrderBy(r => r.Order, StringComparer.Ordinal).ToList();
        var transactions = ordered.Select(r => r.Order).Distinct().Count();
        DateTime? committed = null;
        if (cdc is not null && ordered.Count > 0)
        {
            await using var command = new SqlCommand(SqlServerChangeQueries.LsnTime, connection);
            command.Parameters.AddWithValue("@lsn", ordered[^1].Order);
            if (await command.ExecuteScalarAsync(ct) is DateTime at)
                committed = DateTime.SpecifyKind(at, DateTimeKind.Local).ToUniversalTime();
        }
        return new PolledChanges(ordered.Select(r => r.Change).ToList(), transactions, committed);
    }

    async Task<List<(string, RowChange)>> TrackedAsync(SyncTable table, string after, string upTo, CancellationToken ct)
    {
        await using (var check = new SqlCommand(SqlServerChangeQueries.MinValidVersion, connection))
        {
            check.Parameters.AddWithValue("@table", SqlServerSql.Table(table.Source));
            if (await check.ExecuteScalarAsync(ct) is long min
                && min > long.Parse(after, System.Globalization.CultureInfo.InvariantCulture))
                throw Lost(table, $"change tracking's retention removed its changes after version {after} (the oldest valid is {min})");
        }
        var found = new List<(string, RowChange)>();
        await using var command = new SqlCommand(SqlServerChangeQueries.ChangeTracking(table), connection);
        command.Parameters.AddWithValue("@after", long.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@upTo", long.Parse(upTo, System.Globalization.CultureInfo.InvariantCulture));
        var columnTypes = types[table.Source];
        await using var reader = await command.ExecuteReaderAsync(ct);
        var keyCount = table.Key.Count;
        while (await reader.ReadAsync(ct))
        {
            var version = SqlServerChangeQueries.SortKey(reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var exists = reader.GetInt32(2 + keyCount) == 1;
            var change = exists && reader.GetString(1) != "D"
                ? new RowChange { Table = table.Source, Kind = ChangeKind.Update, Values = Values(reader, 3 + keyCount, columnTypes) }
                : new RowChange { Table = table.Source, Kind = ChangeKind.Delete,
                    OldKey = table.Key.Select((k, n) => Text(reader.GetValue(2 + n), columnTypes[k])).ToArray() };
            found.Add((version, change));
        }
        return found;
    }

    async Task<List<(string, RowChange)>> CapturedAsync(SyncTable table, IReadOnlyDictionary<TableName, string> instances,
        string after, string upTo,
        CancellationToken ct)
    {
        var instance = instances.GetValueOrDefault(table.Source) ?? throw new SyncRefusedException(
            $"sync: {table.Source} has no CDC capture instance any more; enable it again " +
            "(sys.sp_cdc_enable_table) and migrate the table again");
        await using (var check = new SqlCommand(SqlServerChangeQueries.MinLsn, connection))
        {
            check.Parameters.AddWithValue("@instance", instance);
            check.Parameters.AddWithValue("@after", after);
            await using var kept = await check.ExecuteReaderAsync(ct);
            if (await kept.ReadAsync(ct) && kept.GetInt32(1) == 1)
                throw Lost(table, $"CDC's retention removed its changes after {after} (the oldest kept is {kept.GetString(0)})");
        }
        var found = new List<(string, RowChange)>();
        await using var command = new SqlCommand(SqlServerChangeQueries.Cdc(table, instance), connection);
        command.Parameters.AddWithValue("@after", after);
        command.Parameters.AddWithValue("@upTo", upTo);
        var columnTypes = types[table.Source];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var values = Values(reader, 2, columnTypes);
            var change = reader.GetInt32(1) == 1
                ? new RowChange { Table = table.Source, Kind = ChangeKind.Delete, OldKey = table.Key.Select(k => values[k]).ToArray() }
                : new RowChange { Table = table.Source, Kind = ChangeKind.Update, Values = values };
            found.Add((SqlServerChangeQueries.SortKey(reader.GetString(0)), change));
        }
        return found;
    }

    static string?[] Values(SqlDataReader reader, int first, IReadOnlyList<string> columnTypes) =>
        columnTypes.Select((type, i) => Text(reader.GetValue(first + i), type)).ToArray();

    internal static string? Text(object value, string sqlType) => value is DBNull ? null : SqlServerValueText.Of(value, sqlType);

    static SyncRefusedException Lost(SyncTable table, string what) =>
        new($"sync: {table.Source}: {what}. The changes in between cannot be applied: migrate the table again " +
            "(a new migration id), then sync");
}
