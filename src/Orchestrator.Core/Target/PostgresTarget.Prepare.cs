using Npgsql;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>Preparing the target: the schema a migration loads into, before its first chunk.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>Tables are created on up to this many connections at once (each a transaction of whole partition trees).</summary>
    const int PrepareConnections = 4;
    /// <summary>Fewer tables than this per connection are not worth another one.</summary>
    const int TablesPerPrepareConnection = 32;

    /// <summary>
    /// Creates schemas, types and sequences (one transaction), then the tables (no keys, indexes or foreign keys yet)
    /// on up to <see cref="PrepareConnections"/> connections, each table committed with its record in
    /// _migrator.prepared_tables: a crash leaves whole tables, each recorded, and a rerun prepares the rest. Tables this
    /// migration already prepared are left as they are. One prepare of a migration runs at a time (a session lock).
    /// </summary>
    public async Task<int> PrepareAsync(string migrationId, SourceCatalog catalog, string ifExists, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        var key = "prepare:" + migrationId;
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtextextended($1, 0))", ct, key);
        try
        {
            List<TableInfo> pending;
            await using (var tx = await connection.BeginTransactionAsync(ct))
            {
                await ExecuteAsync(connection, LoadLedger.Create, ct);
                var prepared = await PreparedTablesAsync(connection, migrationId, ct);
                pending = catalog.Tables.Where(t => !prepared.Contains(t.Name)).ToList();
                if (pending.Count == 0) { await tx.CommitAsync(ct); return 0; }
                await ClearOrRefuseExistingAsync(connection, migrationId, pending, ifExists, ct);
                await PrepareTypesAsync(connection, catalog, ct);
                await tx.CommitAsync(ct);
            }
            // Creating a table costs the server a few ms of CPU and the disk a few files: a schema of thousands of
            // tables took seconds on one connection, with the other cores idle (docs/performance.md).
            var groups = PrepareGroups(pending, Math.Clamp(pending.Count / TablesPerPrepareConnection, 1, PrepareConnections));
            await Task.WhenAll(groups.Select(group => PrepareTablesAsync(migrationId, group, catalog.Sequences, ct)));
            foreach (var s in catalog.Sequences.Where(s => !s.IsIdentity && s.OwnedByTable is not null))
                await ExecuteAsync(connection, DdlWriter.SequenceOwner(s), ct);
            return pending.Count;
        }
        finally
        {
            // Also released when the connection closes (a crash) or is reset by the pool; unlocking here frees it at once.
            try { await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtextextended($1, 0))", CancellationToken.None, key); }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException) { }
        }
    }

    /// <summary>
    /// Tables that already exist and hold rows this migration did not load: refused before anything is created, or
    /// emptied when the spec says truncate.
    /// </summary>
    static async Task ClearOrRefuseExistingAsync(NpgsqlConnection connection, string migrationId, IReadOnlyList<TableInfo> pending, string ifExists, CancellationToken ct)
    {
        var existing = await ExistingRelationsAsync(connection, pending.Select(t => t.Name), ct);
        foreach (var table in pending.Where(t => existing.Contains(t.Name) && t.HoldsRows))
        {
            if (!await HasRowsAsync(connection, table.Name, ct, only: table.TimePartitions is null)) continue;
            if (ifExists != "truncate")
                throw new TargetNotEmptyException(
                    $"target table {table.Name} already exists and holds rows that migration '{migrationId}' did not load; " +
                    "drop or empty it, or set target.ifExists to \"truncate\" in the spec");
            await ExecuteAsync(connection, $"TRUNCATE {(table.TimePartitions is null ? "ONLY " : "")}{PgSql.Table(table.Name)}", ct);
        }
    }

    static async Task PrepareTypesAsync(NpgsqlConnection connection, SourceCatalog catalog, CancellationToken ct)
    {
        var available = await AvailableExtensionsAsync(connection, ct);
        if (catalog.Tables.Any(t => t.Columns.Any(c => c.Rule?.Vector is not null)) && !available.Contains("vector"))
            throw new Spec.SpecException("rules: vector columns need the pgvector extension, which this target server does not offer " +
                "(pg_available_extensions has no 'vector'); install pgvector (Azure: allow-list VECTOR in azure.extensions) and run again");
        foreach (var extension in catalog.Extensions.Where(available.Contains))
            await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS {PgSql.Ident(extension)}", ct);
        foreach (var schema in catalog.Tables.Select(t => t.Name.Schema).Concat(catalog.Sequences.Select(s => s.Schema)).Distinct())
            await ExecuteAsync(connection, DdlWriter.Schema(schema), ct);
        foreach (var e in catalog.Enums.Where(e => e.Schema != LoadLedger.Schema))
            if (!await TypeExistsAsync(connection, e.Schema, e.Name, ct)) await ExecuteAsync(connection, DdlWriter.Enum(e), ct);
        foreach (var d in catalog.Domains)
            if (!await TypeExistsAsync(connection, d.Schema, d.Name, ct)) await ExecuteAsync(connection, DdlWriter.Domain(d), ct);
        foreach (var c in catalog.Composites)
            if (!await TypeExistsAsync(connection, c.Schema, c.Name, ct)) await ExecuteAsync(connection, DdlWriter.Composite(c), ct);
        foreach (var s in catalog.Sequences.Where(s => !s.IsIdentity))
            await ExecuteAsync(connection, DdlWriter.Sequence(s), ct);
    }

    /// <summary>
    /// Splits tables into <paramref name="count"/> groups, each holding whole partition trees in catalog order (a
    /// partition is created after its parent, on the same connection), dealt out in turn so the groups are even.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<TableInfo>> PrepareGroups(IReadOnlyList<TableInfo> tables, int count)
    {
        var parents = tables.Where(t => t.PartitionOf is not null).ToDictionary(t => t.Name, t => t.PartitionOf!.Parent);
        TableName Root(TableName name)
        {
            for (var depth = 0; parents.TryGetValue(name, out var parent) && depth < tables.Count; depth++) name = parent;
            return name;
        }
        var groupOfRoot = new Dictionary<TableName, int>();
        var groups = Enumerable.Range(0, count).Select(_ => new List<TableInfo>()).ToList();
        foreach (var table in tables)
        {
            var root = Root(table.Name);
            if (!groupOfRoot.TryGetValue(root, out var group)) groupOfRoot[root] = group = groupOfRoot.Count % count;
            groups[group].Add(table);
        }
        return groups.Where(g => g.Count > 0).ToList();
    }

    /// <summary>One group's tables, in one transaction on its own connection.</summary>
    async Task PrepareTablesAsync(string migrationId, IReadOnlyList<TableInfo> tables, IReadOnlyList<SequenceInfo> sequences, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var table in tables)
        {
            // A table's DDL goes in one round trip (with its record, when autovacuum stays on). Each round trip costs
            // the network's latency to a remote server, and a schema of many small tables made three per table.
            List<(string, object?[])> statements = [(DdlWriter.Table(table, sequences), []),
                .. DdlWriter.TimePartitions(table).Select(p => (p, Array.Empty<object?>())),
                .. DdlWriter.Comments(table).Select(c => (c, Array.Empty<object?>()))];
            var pause = table.EstimatedRows >= PauseAutovacuumFromRows;
            object?[] mark = [migrationId, table.Name.Schema, table.Name.Name, false];
            if (!pause) statements.Add((LoadLedger.RecordPrepared, mark));
            await ExecuteBatchAsync(connection, statements, ct);
            if (pause)
            {
                mark[^1] = await PauseAutovacuumAsync(connection, table.Name, ct);
                await ExecuteAsync(connection, LoadLedger.RecordPrepared, ct, mark);
            }
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Tables estimated below this many rows keep autovacuum while they load. They load in a chunk or two, in about a
    /// second, which leaves autovacuum (it visits a database once a minute by default) little to take from the load;
    /// and pausing costs four catalog statements a table, which was most of the bookkeeping of a migration of many
    /// small tables (docs/performance.md).
    /// </summary>
    public const long PauseAutovacuumFromRows = 100_000;

    /// <summary>
    /// Turns autovacuum off on a table this migration created, until finalize. Left on, it starts vacuuming the table
    /// while chunks still load (CPU and I/O taken from the load), and then holds the lock that the primary key needs,
    /// so the key waits a deadlock_timeout (1 s by default) before PostgreSQL cancels it. Finalize runs ANALYZE itself.
    /// </summary>
    static async Task<bool> PauseAutovacuumAsync(NpgsqlConnection connection, TableName table, CancellationToken ct)
    {
        if (!await ExistsAsync(connection, LoadLedger.CanPauseAutovacuum, ct, PgSql.Table(table))) return false;
        await ExecuteAsync(connection, $"ALTER TABLE {PgSql.Table(table)} SET (autovacuum_enabled = off, toast.autovacuum_enabled = off)", ct);
        return true;
    }

    static async Task<HashSet<TableName>> PreparedTablesAsync(NpgsqlConnection connection, string migrationId, CancellationToken ct)
    {
        var set = new HashSet<TableName>();
        await using var command = new NpgsqlCommand(LoadLedger.PreparedTables, connection);
        command.Parameters.Add(new() { Value = migrationId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return set;
    }

    static Task<bool> TypeExistsAsync(NpgsqlConnection c, string schema, string name, CancellationToken ct) =>
        ExistsAsync(c, "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2", ct, schema, name);

    /// <summary>Which of <paramref name="tables"/> already exist as relations, in one query.</summary>
    static async Task<HashSet<TableName>> ExistingRelationsAsync(NpgsqlConnection connection, IEnumerable<TableName> tables, CancellationToken ct)
    {
        var list = tables.ToList();
        var found = new HashSet<TableName>();
        if (list.Count == 0) return found;
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
            JOIN unnest($1::text[], $2::text[]) AS t(schema_name, table_name) ON n.nspname = t.schema_name AND r.relname = t.table_name
            """, connection);
        command.Parameters.Add(new() { Value = list.Select(t => t.Schema).ToArray() });
        command.Parameters.Add(new() { Value = list.Select(t => t.Name).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return found;
    }

    static Task<bool> HasRowsAsync(NpgsqlConnection c, TableName table, CancellationToken ct, bool only = true) =>
        ExistsAsync(c, $"SELECT 1 FROM {(only ? "ONLY " : "")}{PgSql.Table(table)} LIMIT 1", ct);

    static async Task<HashSet<string>> AvailableExtensionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name FROM pg_available_extensions", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
        return set;
    }
}
