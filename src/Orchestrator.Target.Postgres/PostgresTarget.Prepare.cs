using Npgsql;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>Prepare: schemas, types, sequences and tables before the first chunk, and autovacuum paused on large ones.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>
    /// Creates schemas, types, sequences and tables (no keys, indexes or foreign keys yet) in one transaction, so a
    /// crash leaves either nothing or everything; tables this migration already prepared are left as they are.
    /// <paramref name="findings"/> gets what the target made different from the catalog (a hypertable without TimescaleDB).
    /// </summary>
    public async Task<int> PrepareAsync(string migrationId, SourceCatalog catalog, string ifExists,
        List<ConversionFinding>? findings = null, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        using var watch = ServerProgress.Watch(target, connection, "preparing the target's schemas and tables");
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, LoadLedger.Lock, ct, "prepare:" + migrationId);
        await ExecuteAsync(connection, LoadLedger.Create, ct);

        var prepared = await PreparedTablesAsync(connection, migrationId, ct);
        var pending = catalog.Tables.Where(t => !prepared.Contains(t.Name)).ToList();
        if (pending.Count == 0)
        {
            await tx.CommitAsync(ct);
            findings?.AddRange(await TimescaleDb.FallbacksAsync(connection, catalog, null, ct));
            return 0;
        }

        var available = await AvailableExtensionsAsync(connection, ct);
        if (catalog.Tables.Any(t => t.Columns.Any(c => c.Rule?.Vector is not null)) && !available.Contains("vector"))
            throw new Spec.SpecException("rules: vector columns need the pgvector extension, which this target server does not offer " +
                "(pg_available_extensions has no 'vector'); install pgvector (Azure: allow-list VECTOR in azure.extensions) and run again");
        foreach (var extension in catalog.Extensions.Where(available.Contains))
            await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS {PgSql.Ident(extension)}", ct);
        var refusal = pending.Any(t => t.TimePartitions is { Hypertable: true }) ? await TimescaleDb.EnableAsync(connection, ct) : null;
        if (refusal is not null) pending = pending.Select(TimescaleDb.Native).ToList();
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

        var existing = await ExistingRelationsAsync(connection, pending.Select(t => t.Name), ct);
        // Tables' DDL and records go to the server together, many tables a round trip (a schema of many small tables
        // paid a round trip a table); a table that needs a statement of its own sends what waits first, keeping order.
        var waiting = new List<(string, object?[])>();
        async Task SendAsync()
        {
            if (waiting.Count == 0) return;
            await ExecuteBatchAsync(connection, waiting, ct);
            waiting.Clear();
        }
        foreach (var table in pending)
        {
            if (existing.Contains(table.Name) && table.HoldsRows
                && await HasRowsAsync(connection, table.Name, ct, only: table.TimePartitions is null))
            {
                if (ifExists != "truncate")
                    throw new TargetNotEmptyException(
                        $"target table {table.Name} already exists and holds rows that migration '{migrationId}' did not load; " +
                        "drop or empty it, or set target.ifExists to \"truncate\" in the spec");
                await SendAsync();
                await ExecuteAsync(connection, $"TRUNCATE {(table.TimePartitions is null ? "ONLY " : "")}{PgSql.Table(table.Name)}", ct);
            }
            List<(string, object?[])> statements = [(DdlWriter.Table(table, catalog.Sequences), []),
                .. DdlWriter.TimePartitions(table).Select(p => (p, Array.Empty<object?>())),
                .. DdlWriter.Comments(table).Select(c => (c, Array.Empty<object?>()))];
            var pause = table.EstimatedRows >= PauseAutovacuumFromRows;
            object?[] mark = [migrationId, table.Name.Schema, table.Name.Name, false];
            if (!pause) statements.Add((LoadLedger.RecordPrepared, mark));
            waiting.AddRange(statements);
            if (pause)
            {
                await SendAsync();
                mark[^1] = await PauseAutovacuumAsync(connection, table.Name, ct);
                await ExecuteAsync(connection, LoadLedger.RecordPrepared, ct, mark);
            }
            else if (waiting.Count >= StatementsPerRoundTrip) await SendAsync();
        }
        await SendAsync();
        // Only sequences of the tables made here: a batch of PrepareTarget leaves the other tables to their own batch.
        var made = pending.Select(t => t.Name).ToHashSet();
        foreach (var s in catalog.Sequences.Where(s => !s.IsIdentity && s.OwnedByTable is { } owner && made.Contains(owner)))
            await ExecuteAsync(connection, DdlWriter.SequenceOwner(s), ct);
        await tx.CommitAsync(ct);
        findings?.AddRange(await TimescaleDb.FallbacksAsync(connection, catalog, refusal, ct));
        return pending.Count;
    }


    /// <summary>Statements of table DDL and records sent in one round trip at most.</summary>
    const int StatementsPerRoundTrip = 200;

    /// <summary>
    /// Tables estimated below this many rows keep autovacuum while they load. They load in a chunk or two, in about a
    /// second, which leaves autovacuum (it visits a database once a minute by default) little to take from the load;
    /// and pausing costs four catalog statements a table, which was most of the bookkeeping of a migration of many
    /// small tables (300 tables: 903 ALTER TABLE statements, 304 without the pauses).
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
        await ExecuteAsync(connection,
            $"ALTER TABLE {PgSql.Table(table)} SET (autovacuum_enabled = off, toast.autovacuum_enabled = off)", ct);
        return true;
    }
}
