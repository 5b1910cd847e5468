using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sync;

/// <summary>
/// _migrator.sync_changed_keys: every key the forward sync changed, written in the transaction that applies it. The
/// load's validation proved every other row equal to the source's snapshot, so cutover compares only these keys.
/// A truncate is recorded as the empty key: the whole table changed.
/// </summary>
public static class ChangedKeys
{
    /// <summary>Keys per range a cutover compares: one indexed read of each side.</summary>
    public const int PerRange = 20_000;

    /// <summary>Records the keys the changes of a batch touch (old keys too), per table; in the caller's transaction.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, string migrationId, IReadOnlyList<RowChange> changes,
        Func<TableName, SyncTable> table, CancellationToken ct)
    {
        foreach (var group in changes.GroupBy(c => c.Table))
        {
            var sync = table(group.Key);
            var keys = new Dictionary<string, string?[]>();
            var truncated = false;
            foreach (var change in group)
            {
                truncated |= change.Kind == ChangeKind.Truncate;
                if (change.OldKey is { } old) keys[string.Join('\0', old)] = old;
                if (change.Values is { } values)
                {
                    var key = sync.Key.Select(k => values[k]).ToArray();
                    keys[string.Join('\0', key)] = key;
                }
            }
            if (truncated) await ChangeApplier.ExecuteAsync(connection, TruncatedSql, ct, migrationId, Name(sync.Target));
            if (keys.Count == 0) continue;
            var columns = Enumerable.Range(0, sync.Key.Count).Select(k => (object)new NpgsqlParameter
            {
                Value = keys.Values.Select(v => v[k]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            });
            await ChangeApplier.ExecuteAsync(connection, ApplySql.RecordChangedKeys(sync), ct, [migrationId, Name(sync.Target), .. columns]);
        }
    }

    const string TruncatedSql = """
        INSERT INTO _migrator.sync_changed_keys (migration_id, table_name, key) VALUES ($1, $2, '{}') ON CONFLICT DO NOTHING
        """;

    /// <summary>How many keys of a table the sync changed, and whether it truncated the table (then all of it changed).</summary>
    public static async Task<(long Keys, bool Truncated)> CountAsync(NpgsqlDataSource target, string migrationId, TableName table, CancellationToken ct)
    {
        await using var command = target.CreateCommand("""
            SELECT count(*) FILTER (WHERE key <> '{}'), coalesce(bool_or(key = '{}'), false)
            FROM _migrator.sync_changed_keys WHERE migration_id = $1 AND table_name = $2
            """);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = Name(table) });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.GetInt64(0), reader.GetBoolean(1));
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return (0, false); // no sync ever applied here
        }
    }

    /// <summary>The changed keys of a <see cref="RangeKind.Changed"/> range (by their order, [FromPage, ToPage)) as a Keys range.</summary>
    public static async Task<ChunkRange> ListAsync(NpgsqlDataSource target, string migrationId, TableName table, ChunkRange range, CancellationToken ct)
    {
        if (range.Kind != RangeKind.Changed) return range;
        await using var command = target.CreateCommand("""
            SELECT key FROM _migrator.sync_changed_keys WHERE migration_id = $1 AND table_name = $2 AND key <> '{}'
            ORDER BY key OFFSET $3 LIMIT $4
            """);
        var from = range.FromPage ?? 0;
        foreach (var value in new object[] { migrationId, Name(table), from, (range.ToPage ?? long.MaxValue) - from })
            command.Parameters.Add(new() { Value = value });
        var keys = new List<IReadOnlyList<string>>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetFieldValue<string[]>(0));
        return range with { Kind = RangeKind.Keys, Keys = keys, FromPage = null, ToPage = null };
    }

    /// <summary>After cutover nothing reads them.</summary>
    public static async Task ForgetAsync(NpgsqlDataSource target, string migrationId, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await ChangeApplier.ExecuteAsync(connection, "DELETE FROM _migrator.sync_changed_keys WHERE migration_id = $1", ct, migrationId);
    }

    static string Name(TableName table) => table.Schema + "." + table.Name;
}
