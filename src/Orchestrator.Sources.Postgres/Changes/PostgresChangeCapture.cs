using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Postgres.Changes;

/// <summary>
/// Change capture on a PostgreSQL source: a publication of the synced tables and a logical replication slot with the
/// built-in pgoutput plugin, both created before the first chunk is read; the slot's start is the source position.
/// </summary>
public sealed class PostgresChangeCapture(NpgsqlDataSource source, string connectionString) : IChangeCapture
{
    /// <summary>The logical decoding message prefix of cutover barriers.</summary>
    internal const string BarrierPrefix = "migrator";

    public string PositionKind => "lsn";

    public string SortKey(string position) => Lsn.SortKey(position);

    public long? Distance(string from, string to) => Lsn.Distance(from, to);

    public async Task<SourcePosition> StartAsync(string captureId, IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        var name = CaptureNames.For(captureId);
        await using var connection = await source.OpenConnectionAsync(ct);
        if (await ScalarAsync<string>(connection, "SELECT current_setting('wal_level')", ct) is not "logical" and var level)
            throw new SyncRefusedException($"sync: the source server runs with wal_level = {level}; change capture needs logical. " +
                "Set it and restart the server: ALTER SYSTEM SET wal_level = logical; (Azure Database for PostgreSQL: server " +
                "parameter wal_level = LOGICAL)");
        await CheckReplicaIdentityAsync(connection, tables, ct);
        await EnsurePublicationAsync(connection, name, tables, ct);
        var lsn = await EnsureSlotAsync(connection, name, ct);
        return new SourcePosition(PositionKind, lsn, DateTime.UtcNow);
    }

    /// <summary>
    /// A table whose updates and deletes carry no key would make the source refuse them once published: never publish one.
    /// </summary>
    static async Task CheckReplicaIdentityAsync(NpgsqlConnection connection, IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN unnest($1::text[], $2::text[]) AS t(s, r) ON n.nspname = t.s AND c.relname = t.r
            WHERE c.relreplident = 'n'
               OR (c.relreplident = 'd' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary))
            """, connection);
        command.Parameters.Add(new() { Value = tables.Select(t => t.Source.Schema).ToArray() });
        command.Parameters.Add(new() { Value = tables.Select(t => t.Source.Name).ToArray() });
        var refused = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) refused.Add(reader.GetString(0));
        if (refused.Count > 0)
            throw new SyncRefusedException($"sync: {string.Join(", ", refused)}: no replica identity (REPLICA IDENTITY " +
                "NOTHING, or no primary key), " +
                "so PostgreSQL would refuse their updates and deletes once published. Give them a primary key or REPLICA " +
                "IDENTITY USING INDEX, or exclude them");
    }

    async Task EnsurePublicationAsync(NpgsqlConnection connection, string name, IReadOnlyList<SyncTable> tables, CancellationToken ct)
    {
        var published = new HashSet<TableName>();
        var exists = false;
        await using (var command = new NpgsqlCommand(
            "SELECT p.pubname IS NOT NULL, t.schemaname, t.tablename FROM pg_publication p LEFT JOIN pg_publication_tables t ON " +
            "t.pubname = p.pubname WHERE p.pubname = $1", connection))
        {
            command.Parameters.Add(new() { Value = name });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                exists = true;
                if (!reader.IsDBNull(1)) published.Add(new TableName(reader.GetString(1), reader.GetString(2)));
            }
        }
        var missing = tables.Select(t => t.Source).Where(t => !published.Contains(t)).ToList();
        if (missing.Count == 0) return;
        var list = string.Join(", ", missing.Select(PgSql.Table));
        var sql = exists ? $"ALTER PUBLICATION {PgSql.Ident(name)} ADD TABLE {list}"
            : $"CREATE PUBLICATION {PgSql.Ident(name)} FOR TABLE {list} WITH (publish = 'insert, update, delete, truncate')";
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new SyncRefusedException($"sync: the source refused to publish the synced tables ({e.MessageText}). " +
                $"Have the tables' owner or a superuser run: {sql};");
        }
    }

    async Task<string> EnsureSlotAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        if (await SlotPositionAsync(connection, name, ct) is { } existing) return existing;
        try
        {
            await using var command = new NpgsqlCommand("SELECT lsn::text FROM pg_create_logical_replication_slot($1, 'pgoutput')",
                connection);
            command.Parameters.Add(new() { Value = name });
            return (string)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
        {
            return await SlotPositionAsync(connection, name, ct)
                ?? throw new SyncRefusedException($"sync: replication slot {name} exists in another database of the source server");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege
                                              or PostgresErrorCodes.ObjectNotInPrerequisiteState
                                              or PostgresErrorCodes.ConfigurationLimitExceeded)
        {
            throw new SyncRefusedException($"sync: the source could not create replication slot {name}: " +
                $"{e.MessageText}. The source role needs the " +
                "REPLICATION attribute (ALTER ROLE ... REPLICATION; Azure: the admin role has it), and max_replication_slots a free slot");
        }
    }

    static async Task<string?> SlotPositionAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(confirmed_flush_lsn, restart_lsn)::text FROM pg_replication_slots WHERE slot_name = $1 AND " +
            "database = current_database()", connection);
        command.Parameters.Add(new() { Value = name });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task<IChangeFeed> OpenAsync(string captureId, IReadOnlyList<SyncTable> tables, string after, CancellationToken ct)
    {
        var name = CaptureNames.For(captureId);
        var layouts = await SourceLayout.ReadAsync(source, tables, ct);
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "migrator-sync",
            Options = PostgresConnector.PinnedTextSettings,
            CommandTimeout = 0,
        };
        return await PgOutputFeed.StartAsync(builder.ConnectionString, name, tables, layouts, after, ct);
    }

    public async Task<string> CurrentPositionAsync(CancellationToken ct) =>
        (await ScalarAsync<string>(null, "SELECT pg_current_wal_lsn()::text", ct))!;

    public async Task<string> BarrierAsync(string captureId, CancellationToken ct)
    {
        var token = $"barrier:{captureId}:{Guid.NewGuid():N}";
        await using var command = source.CreateCommand("SELECT pg_logical_emit_message(false, $1, $2)");
        command.Parameters.Add(new() { Value = BarrierPrefix });
        command.Parameters.Add(new() { Value = token });
        await command.ExecuteNonQueryAsync(ct);
        return token;
    }

    public async Task StopAsync(string captureId, CancellationToken ct)
    {
        var name = CaptureNames.For(captureId);
        await using var connection = await source.OpenConnectionAsync(ct);
        // Cutover --read-only made the database read-only for new sessions: the capture's own cleanup still writes.
        await ExecuteAsync(connection, "SET SESSION default_transaction_read_only = off", ct);
        // The sync lets go of the slot when it sees the cutover; one that does not (gone, or slow) is ended.
        for (var attempt = 0; ; attempt++)
        {
#pragma warning disable CA2000 // disposed by its await using on every path; the analyzer loses it across the loop's continue
            await using var command = new NpgsqlCommand(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1 AND database = current_database()", connection);
#pragma warning restore CA2000
            command.Parameters.Add(new() { Value = name });
            var found = await command.ExecuteScalarAsync(ct);
            if (found is null) break;
            if (found is int pid)
            {
                if (attempt < 10) { await Task.Delay(100, ct); continue; }
                await ExecuteAsync(connection, "SELECT pg_terminate_backend($1)", ct, pid);
                await Task.Delay(200, ct);
                continue;
            }
            try
            {
                await ExecuteAsync(connection, "SELECT pg_drop_replication_slot($1)", ct, name);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 100) { await Task.Delay(100, ct); }
        }
        await ExecuteAsync(connection, $"DROP PUBLICATION IF EXISTS {PgSql.Ident(name)}", ct);
    }

    public async Task MakeReadOnlyAsync(CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        var database = await ScalarAsync<string>(connection, "SELECT current_database()", ct);
        await ExecuteAsync(connection, $"ALTER DATABASE {PgSql.Ident(database!)} SET default_transaction_read_only = on", ct);
        // Sessions already open keep their setting: end them, so every write from now on is refused.
        await ExecuteAsync(connection, """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            """, ct);
        source.Clear();
    }

    async Task<T?> ScalarAsync<T>(NpgsqlConnection? connection, string sql, CancellationToken ct)
    {
        await using var command = connection is null ? source.CreateCommand(sql) : new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync(ct);
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new() { Value = p });
        await command.ExecuteNonQueryAsync(ct);
    }
}
