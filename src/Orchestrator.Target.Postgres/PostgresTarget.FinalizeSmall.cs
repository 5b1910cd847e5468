using Npgsql;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>Finalize of a small table: its keys and ANALYZE in one batch.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>
    /// Below the autovacuum pause's size and without secondary indexes, ANALYZE takes milliseconds, so it can run in
    /// the keys' transaction (under their lock) instead of after it: two round trips and one commit instead of a round
    /// trip per key check, a commit per key and one for ANALYZE. A schema of many small tables paid those per table.
    /// </summary>
    static bool IsSmall(TableInfo table) => table.Indexes.Count == 0 && table.EstimatedRows is >= 0 and < PauseAutovacuumFromRows;

    async Task<IReadOnlyList<string>> FinalizeSmallTableAsync(TableInfo table, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = PgSql.Table(table.Name) });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) existing.Add(reader.GetString(0));
        }
        var missing = DdlWriter.Constraints(table).Where(c => !existing.Contains(c.Name)).ToList();
        bool paused;
        using (ServerProgress.Watch(target, connection, $"adding the keys of {table.Name} and analyzing it"))
            paused = await AnalyzeAsync(connection, table.Name, ct, missing.Select(c => c.Sql));
        if (paused) await ResumeAutovacuumAsync(connection, table.Name, ct);
        return missing.Select(c => $"constraint {c.Name}").ToList();
    }
}
