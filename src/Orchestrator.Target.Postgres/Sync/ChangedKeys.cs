using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The keys the forward sync changed. Each applied batch appends one row per table to _migrator.sync_changed, in its
/// transaction and with no index to keep (a truncate as a row without keys: the whole table changed). Cutover gathers
/// a table's distinct keys into _migrator.cutover_keys, numbered, and compares only those: the load's validation
/// proved every other row equal to the source's snapshot.
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
            if (truncated) await ChangeApplier.ExecuteAsync(connection, TruncatedRecordSql, ct, migrationId, Name(sync.Target));
            if (keys.Count == 0) continue;
            var columns = Enumerable.Range(0, sync.Key.Count).Select(k => (object)new NpgsqlParameter
            {
                Value = keys.Values.Select(v => v[k]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
            });
            await ChangeApplier.ExecuteAsync(connection, ApplySql.RecordChangedKeys(sync), ct,
                [migrationId, Name(sync.Target), .. columns]);
        }
    }

    const string TruncatedRecordSql = "INSERT INTO _migrator.sync_changed (migration_id, table_name, keys) VALUES ($1, $2, NULL)";

    /// <summary>
    /// Gathers the distinct keys of a table the sync changed after <paramref name="after"/> (a change's number in
    /// _migrator.sync_changed), with the keys numbered in the <paramref name="unsettled"/> spans of the last gathering,
    /// into _migrator.cutover_keys, numbered from 1; unless it truncated the table since (then all of it changed). Holds
    /// the sync's lock, so no batch is in flight: Through is the last change it accounts for. Again from scratch on
    /// every call, so a retried plan is the same.
    /// </summary>
    public static async Task<(long Keys, bool Truncated, long Through)> GatherAsync(NpgsqlDataSource target, string migrationId,
        TableName table, long after, IReadOnlyList<KeySpan> unsettled, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        try
        {
            await ChangeApplier.ExecuteAsync(connection, LoadLedger.Lock, ct, $"sync:{migrationId}:{SyncDirections.Forward}");
            var through = await ScalarAsync<long>(connection, ThroughSql, ct, migrationId);
            if (await ScalarAsync<bool>(connection, TruncatedSql, ct, migrationId, Name(table), after))
                return (0, true, through);
            await ChangeApplier.ExecuteAsync(connection, UnsettledSql, ct, migrationId, Name(table),
                unsettled.Select(s => s.From).ToArray(), unsettled.Select(s => s.To).ToArray());
            await ChangeApplier.ExecuteAsync(connection,
                "DELETE FROM _migrator.cutover_keys WHERE migration_id = $1 AND table_name = $2", ct,
                migrationId, Name(table));
            var keys = await ChangeApplier.ExecuteAsync(connection, GatherSql, ct, migrationId, Name(table), after, through);
            await tx.CommitAsync(ct);
            return (keys, false, through);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return (0, false, 0); // no sync ever applied here
        }
    }

    static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new() { Value = value });
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    const string ThroughSql = "SELECT coalesce(max(id), 0) FROM _migrator.sync_changed WHERE migration_id = $1";

    const string TruncatedSql = """
        SELECT EXISTS (SELECT FROM _migrator.sync_changed WHERE migration_id = $1 AND table_name = $2 AND keys IS NULL AND id > $3)
        """;

    const string UnsettledSql = """
        CREATE TEMP TABLE unsettled_keys ON COMMIT DROP AS
        SELECT key FROM _migrator.cutover_keys k, unnest($3::bigint[], $4::bigint[]) s(after, through)
        WHERE k.migration_id = $1 AND k.table_name = $2 AND k.ordinal > s.after AND k.ordinal <= s.through
        """;

    const string GatherSql = """
        INSERT INTO _migrator.cutover_keys (migration_id, table_name, ordinal, key)
        SELECT $1, $2, row_number() OVER (ORDER BY key), key
        FROM (SELECT k::text[] AS key FROM _migrator.sync_changed c, unnest(c.keys) k
              WHERE c.migration_id = $1 AND c.table_name = $2 AND c.id > $3 AND c.id <= $4
              UNION SELECT key FROM unsettled_keys) d
        """;

    /// <summary>The gathered keys of a <see cref="RangeKind.Changed"/> range (by number, [FromPage, ToPage)) as a Keys range.</summary>
    public static async Task<ChunkRange> ListAsync(NpgsqlDataSource target, string migrationId, TableName table,
        ChunkRange range, CancellationToken ct)
    {
        if (range.Kind != RangeKind.Changed) return range;
        await using var command = target.CreateCommand("""
            SELECT key FROM _migrator.cutover_keys WHERE migration_id = $1 AND table_name = $2 AND ordinal > $3 AND ordinal <= $4
            ORDER BY ordinal
            """);
        foreach (var value in new object[] { migrationId, Name(table), range.FromPage ?? 0, range.ToPage ?? long.MaxValue })
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
        await ChangeApplier.ExecuteAsync(connection, "DELETE FROM _migrator.sync_changed WHERE migration_id = $1", ct, migrationId);
        await ChangeApplier.ExecuteAsync(connection, "DELETE FROM _migrator.cutover_keys WHERE migration_id = $1", ct, migrationId);
    }

    static string Name(TableName table) => table.Schema + "." + table.Name;
}
