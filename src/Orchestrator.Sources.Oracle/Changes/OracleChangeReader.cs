using System.Data.Common;
using System.Globalization;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.Oracle.Changes;

/// <summary>
/// One LogMiner session per batch: the redo logs from the mining start are added, committed changes after the last
/// position up to the new one are read table by table and merged in commit order. An update carries only the
/// columns it changed (COLUMN_PRESENT): the others are marked unchanged, and the target keeps them.
/// </summary>
sealed class OracleChangeReader(DbConnection connection, IReadOnlyList<SyncTable> tables,
    IReadOnlyDictionary<TableName, IReadOnlyList<(string Type, int? Scale)>> types)
{
    const int NewList = 1, AddFile = 3; // DBMS_LOGMNR.NEW, DBMS_LOGMNR.ADDFILE

    public async Task<PolledChanges> ReadAsync(string after, string upTo, CancellationToken ct)
    {
        var start = OracleChangeQueries.MiningStart(after);
        var files = new List<string>();
        await using (var command = OracleCommands.Create(connection,
            new OracleQuery(OracleChangeQueries.LogFiles, [new("fromScn", start), new("fromScn2", start)])))
        await using (var reader = await OracleChangeCapture.Refusing(() => command.ExecuteReaderAsync(ct)))
            while (await reader.ReadAsync(ct)) files.Add(reader.GetString(0));
        for (var i = 0; i < files.Count; i++)
            await OracleChangeCapture.ExecuteAsync(connection,
                new OracleQuery(OracleChangeQueries.AddLogFile, [new("name", files[i]), new("opt", i == 0 ? NewList : AddFile)]), ct);
        await OracleChangeCapture.ExecuteAsync(connection, new OracleQuery(OracleChangeQueries.StartMining,
            [new("startScn", start), new("endScn", OracleChangeQueries.Scn(upTo))]), ct);
        try
        {
            var rows = new List<(long Commit, int Order, RowChange Change, DateTime At)>();
            foreach (var table in tables) rows.AddRange(await TableAsync(table, after, upTo, rows.Count, ct));
            var ordered = rows.OrderBy(r => r.Commit).ThenBy(r => r.Order).ToList();
            return new PolledChanges(ordered.Select(r => r.Change).ToList(), ordered.Select(r => r.Commit).Distinct().Count(),
                ordered.Count > 0 ? ordered[^1].At : null);
        }
        finally
        {
            await OracleChangeCapture.ExecuteAsync(connection, new OracleQuery(OracleChangeQueries.EndMining, []), CancellationToken.None);
        }
    }

    async Task<List<(long, int, RowChange, DateTime)>> TableAsync(SyncTable table, string after, string upTo,
        int order, CancellationToken ct)
    {
        var found = new List<(long, int, RowChange, DateTime)>();
        var columnTypes = types[table.Source];
        await using var command = OracleCommands.Create(connection, OracleChangeQueries.Contents(table, after, upTo));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var commit = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
            var operation = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            var at = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
            var values = new string?[table.Columns.Count];
            var unchanged = new bool[table.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var mined = reader.IsDBNull(3 + 2 * i) ? null : reader.GetString(3 + 2 * i);
                unchanged[i] = Convert.ToInt32(reader.GetValue(4 + 2 * i), CultureInfo.InvariantCulture) == 0;
                values[i] = OracleChangeText.ToPostgres(mined, columnTypes[i].Type, columnTypes[i].Scale);
            }
            var keyAt = 3 + 2 * values.Length;
            var oldKey = table.Key.Select((k, n) => OracleChangeText.ToPostgres(
                reader.IsDBNull(keyAt + n) ? null : reader.GetString(keyAt + n), columnTypes[k].Type, columnTypes[k].Scale)).ToArray();
            found.Add((commit, order + found.Count, Change(table, operation, values, unchanged, oldKey), at));
        }
        return found;
    }

    /// <summary>
    /// Insert (1): the whole row. Delete (2): the key from the undo. Update (3): what the redo carried, the key kept or moved.
    /// </summary>
    internal static RowChange Change(SyncTable table, int operation, string?[] values, bool[] unchanged, string?[] oldKey)
        => operation switch
    {
        1 => new RowChange { Table = table.Source, Kind = ChangeKind.Insert, Values = values },
        2 => new RowChange { Table = table.Source, Kind = ChangeKind.Delete, OldKey = oldKey },
        _ => Update(table, values, unchanged, oldKey),
    };

    static RowChange Update(SyncTable table, string?[] values, bool[] unchanged, string?[] oldKey)
    {
        // The key columns an update did not change are not in its redo: they are the old key's.
        for (var n = 0; n < table.Key.Count; n++)
            if (unchanged[table.Key[n]]) (values[table.Key[n]], unchanged[table.Key[n]]) = (oldKey[n], false);
        var moved = table.Key.Select((k, n) => values[k] != oldKey[n]).Any(d => d);
        return new RowChange { Table = table.Source, Kind = ChangeKind.Update, Values = values,
            Unchanged = unchanged.Any(u => u) ? unchanged : null, OldKey = moved ? oldKey : null };
    }
}
