using Npgsql;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>Finalize: keys, checks, indexes, foreign keys, sequences and statistics once a table is loaded.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>
    /// Keys, checks and indexes of one table, then ANALYZE. Each step is skipped when already there, so a rerun is harmless.
    /// </summary>
    public async Task<IReadOnlyList<string>> FinalizeTableAsync(TableInfo table, CancellationToken ct = default)
    {
        if (IsSmall(table)) return await FinalizeSmallTableAsync(table, ct);
        await using var connection = await target.OpenConnectionAsync(ct);
        var done = new List<string>();
        foreach (var (name, sql) in DdlWriter.Constraints(table))
            if (!await ConstraintExistsAsync(connection, table.Name, name, ct))
            {
                using (ServerProgress.Watch(target, connection, $"adding constraint {name} to {table.Name}"))
                    await ExecuteAsync(connection, sql, ct);
                done.Add($"constraint {name}");
            }
        // Secondary indexes build in parallel, each on its own connection: the table is read once per index anyway,
        // and PostgreSQL builds each index with its own sort.
        await Parallel.ForEachAsync(table.Indexes, new ParallelOptions { MaxDegreeOfParallelism = IndexBuilders, CancellationToken = ct },
            async (index, token) =>
        {
            await using var builder = await target.OpenConnectionAsync(token);
            using (ServerProgress.Watch(target, builder, $"building index {index.Name} on {table.Name}"))
                await ExecuteAsync(builder, DdlWriter.Index(table.Name, index), token);
        });
        done.AddRange(table.Indexes.Select(i => $"index {i.Name}"));
        bool paused;
        using (ServerProgress.Watch(target, connection, $"analyzing {table.Name}"))
            paused = await AnalyzeAsync(connection, table.Name, ct);
        if (paused) await ResumeAutovacuumAsync(connection, table.Name, ct);
        return done;
    }

    static Task ResumeAutovacuumAsync(NpgsqlConnection connection, TableName table, CancellationToken ct) =>
        ExecuteBatchAsync(connection, [
            ($"ALTER TABLE {PgSql.Table(table)} RESET (autovacuum_enabled, toast.autovacuum_enabled)", []),
            (LoadLedger.ClearAutovacuumPause, [table.Schema, table.Name])], ct);

    /// <summary>
    /// ANALYZE a table and read its autovacuum pause mark, in one round trip: true when a pause is marked. Autovacuum
    /// then comes back and the mark goes in one batch (one implicit transaction), so a crash leaves either both or
    /// neither, and a rerun finishes what is left.
    /// </summary>
    /// <param name="before">Statements to run first in the same batch (a small table's keys).</param>
    static async Task<bool> AnalyzeAsync(NpgsqlConnection connection, TableName table, CancellationToken ct,
        IEnumerable<string>? before = null)
    {
        await using var batch = Batch(connection, [(LoadLedger.IsAutovacuumPaused, [table.Schema, table.Name]),
            .. (before ?? []).Select(sql => (sql, Array.Empty<object?>())), ($"ANALYZE {PgSql.Table(table)}", [])]);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var marked = await reader.ReadAsync(ct);
        while (await reader.NextResultAsync(ct)) { } // ANALYZE's outcome: an error surfaces here
        return marked;
    }


    /// <summary>Foreign keys added NOT VALID then validated (no long exclusive lock while checking), where the target allows it.</summary>
    public async Task<bool> AddForeignKeyAsync(TableInfo table, ForeignKeyInfo fk, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        if (await ConstraintExistsAsync(connection, table.Name, fk.Name, ct)) return false;
        // PostgreSQL refuses NOT VALID foreign keys on partitioned tables.
        var notValid = table.PartitionKey is null && table.TimePartitions is null;
        using var watch = ServerProgress.Watch(target, connection, $"adding foreign key {fk.Name} to {table.Name}");
        await ExecuteAsync(connection, DdlWriter.ForeignKey(table.Name, fk, notValid), ct);
        if (notValid) await ExecuteAsync(connection, DdlWriter.ValidateConstraint(table.Name, fk.Name), ct);
        return true;
    }

    /// <summary>Carries a sequence's value; identity sequences are found through their column.</summary>
    public async Task SetSequenceAsync(SequenceInfo sequence, long value, bool isCalled, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        var name = sequence.IsIdentity
            ? $"pg_get_serial_sequence({PgSql.Literal(PgSql.Table(sequence.OwnedByTable!))}, {PgSql.Literal(sequence.OwnedByColumn!)})"
            : PgSql.Literal($"{PgSql.Ident(sequence.Schema)}.{PgSql.Ident(sequence.Name)}");
        await ExecuteAsync(connection, $"SELECT setval({name}, $1, $2)", ct, value, isCalled);
    }

    public async Task AnalyzeAsync(TableName table, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"ANALYZE {PgSql.Table(table)}", ct);
    }
}
