using Orchestrator.Core.Catalog;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Target;

/// <summary>Ledger: what a migration's chunks loaded, as the target recorded it with each load.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>The norms of the vectors a migration's chunks wrote into a table, per column, as their extracts measured them.</summary>
    public async Task<Dictionary<string, Shapes.NormSummary>> LedgerNormsAsync(string migrationId, TableName table,
        CancellationToken ct = default)
    {
        await using var command = target.CreateCommand(LoadLedger.TableNorms);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = table.Schema });
        command.Parameters.Add(new() { Value = table.Name });
        var parts = new List<KeyValuePair<string, Shapes.NormSummary>>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                parts.AddRange(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, Shapes.NormSummary>>(reader.GetString(0))!);
        return parts.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => Shapes.NormSummary.Combine(g.Select(p => p.Value))!);
    }

    /// <summary>What the ledger says a migration loaded for a chunk (rows and digest at extract), or null.</summary>
    public async Task<RowSetDigest?> LedgerEntryAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        await using var command = target.CreateCommand(LoadLedger.FindChunk);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = chunkId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? RowSetDigest.Parse(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>
    /// What validation needs to know before it reads a table, in one round trip: what the ledger says a migration
    /// loaded into it (the sum of its chunks' digests, and the rows rules refused) and the target table's facts.
    /// </summary>
    public async Task<(LedgerTotal Ledger, TargetTableFacts Facts)> ValidationFactsAsync(string migrationId, TableName table,
        CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var batch = Batch(connection,
            [(LoadLedger.TableChunks, [migrationId, table.Schema, table.Name]), .. FactQueries(table)]);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var (total, rejects) = (RowSetDigest.Empty, 0L);
        while (await reader.ReadAsync(ct))
        {
            total += RowSetDigest.Parse(reader.GetInt64(0), reader.GetString(1));
            rejects += reader.GetInt64(2);
        }
        await reader.NextResultAsync(ct);
        return (new LedgerTotal(total, rejects), await ReadFactsAsync(connection, reader, ct));
    }
}
