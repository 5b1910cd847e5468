using Npgsql;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sync;

/// <summary>
/// _migrator.sync_position: one row per migration and direction (forward into the target, reverse into the legacy
/// database after cutover), in the database the changes go to; _migrator.cutover, the cutover's steps; and
/// _migrator.sync_changed and _migrator.cutover_keys, the keys the forward sync changed (<see cref="ChangedKeys"/>).
/// </summary>
public static class SyncLedger
{
    const string Create = """
        CREATE SCHEMA IF NOT EXISTS _migrator;
        CREATE TABLE IF NOT EXISTS _migrator.sync_position (
            migration_id  text NOT NULL,
            direction     text NOT NULL,
            position_kind text NOT NULL,
            position      text NOT NULL,
            position_key  text NOT NULL,
            applied_changes      bigint NOT NULL DEFAULT 0,
            applied_transactions bigint NOT NULL DEFAULT 0,
            last_commit_at    timestamptz,
            applied_at        timestamptz NOT NULL DEFAULT now(),
            pending_changes   bigint NOT NULL DEFAULT 0,
            oldest_pending_at timestamptz,
            barrier           text,
            PRIMARY KEY (migration_id, direction));
        CREATE TABLE IF NOT EXISTS _migrator.cutover (
            migration_id text PRIMARY KEY,
            state        text NOT NULL,
            barrier      text,
            requested_at      timestamptz NOT NULL DEFAULT now(),
            writes_stopped_at timestamptz,
            caught_up_at      timestamptz,
            compared_at       timestamptz,
            ready_at          timestamptz,
            detail            text);
        CREATE TABLE IF NOT EXISTS _migrator.sync_changed (
            id           bigint GENERATED ALWAYS AS IDENTITY,
            migration_id text NOT NULL,
            table_name   text NOT NULL,
            keys         text[]);
        CREATE TABLE IF NOT EXISTS _migrator.cutover_keys (
            migration_id text NOT NULL,
            table_name   text NOT NULL,
            ordinal      bigint NOT NULL,
            key          text[] NOT NULL,
            PRIMARY KEY (migration_id, table_name, ordinal));
        """;

    const string Read = """
        SELECT position, applied_changes, applied_transactions, last_commit_at, applied_at, pending_changes, oldest_pending_at, barrier
        FROM _migrator.sync_position WHERE migration_id = $1 AND direction = $2
        """;

    public const string Write = """
        INSERT INTO _migrator.sync_position AS s (migration_id, direction, position_kind, position, position_key, applied_changes,
            applied_transactions, last_commit_at, pending_changes, oldest_pending_at, barrier)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (migration_id, direction) DO UPDATE SET
            position = EXCLUDED.position, position_key = EXCLUDED.position_key,
            applied_changes = s.applied_changes + EXCLUDED.applied_changes,
            applied_transactions = s.applied_transactions + EXCLUDED.applied_transactions,
            last_commit_at = coalesce(EXCLUDED.last_commit_at, s.last_commit_at), applied_at = now(),
            pending_changes = EXCLUDED.pending_changes, oldest_pending_at = EXCLUDED.oldest_pending_at,
            barrier = coalesce(EXCLUDED.barrier, s.barrier)
        """;

    /// <summary>A sync that found nothing to apply says it is alive, and that nothing waits.</summary>
    public const string Heartbeat = """
        UPDATE _migrator.sync_position SET applied_at = now(), pending_changes = 0, oldest_pending_at = NULL
        WHERE migration_id = $1 AND direction = $2
        """;

    /// <summary>Creates the tables once per database, under a lock: two processes creating the schema at once would collide.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand(LoadLedger.Lock, connection))
        {
            lockCommand.Parameters.Add(new() { Value = "sync-ledger" });
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        await using (var create = new NpgsqlCommand(Create, connection)) await create.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
    }

    public static async Task<SyncState?> ReadAsync(NpgsqlConnection connection, string migrationId, string direction, CancellationToken ct,
        bool forUpdate = false)
    {
        await using var command = new NpgsqlCommand(Read + (forUpdate ? " FOR UPDATE" : ""), connection);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = direction });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        DateTime? At(int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i).ToUniversalTime();
        return new SyncState(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), At(3), reader.GetDateTime(4).ToUniversalTime(),
            reader.GetInt64(5), At(6), reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    /// <summary>The stored state, or null when the sync has not applied anything or the ledger does not exist yet.</summary>
    public static async Task<SyncState?> ReadAsync(NpgsqlDataSource database, string migrationId, string direction, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        try
        {
            return await ReadAsync(connection, migrationId, direction, ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }

    /// <summary>The cutover's state for a migration (requested, caught-up, differences, ready), or null when none was asked for.</summary>
    public static async Task<string?> CutoverStateAsync(NpgsqlDataSource target, string migrationId, CancellationToken ct)
    {
        await using var command = target.CreateCommand("SELECT state FROM _migrator.cutover WHERE migration_id = $1");
        command.Parameters.Add(new() { Value = migrationId });
        try
        {
            return await command.ExecuteScalarAsync(ct) as string;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }
}
