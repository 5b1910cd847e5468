using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The spec's rules applied to changed rows exactly as to loaded ones: the rows are staged in the target as the
/// source's values, read back as binary COPY (what a chunk read gives), reshaped by the same shapers, and staged
/// again in the target's types, from where they are upserted. A row a rule refuses goes to _migrator.rejects with its
/// reason, and its old version leaves the target, so every source row is in the target or the rejects.
/// </summary>
public sealed class RowShaping(IArtifactStore artifacts, byte[]? piiSalt)
{
    public async Task<long> WriteAsync(NpgsqlConnection connection, SyncTable table, IReadOnlyList<NetChanges.Outcome> rows, string batchId,
        string migrationId, CancellationToken ct)
    {
        var info = table.Rules!;
        var names = table.Columns.Select(c => c.TargetName).ToList();
        await ChangeApplier.ExecuteAsync(connection, ApplySql.DropShapeTables, ct);
        await ChangeApplier.ExecuteAsync(connection, ApplySql.CreateShapeInput(table), ct);
        await ChangeApplier.ExecuteAsync(connection, ApplySql.FillShapeInput(table), ct,
            [.. Enumerable.Range(0, table.Columns.Count)
                .Select(c => Column(rows.Select(r => r.Unchanged?[c] == true ? null : r.Values![c])))]);
        await ChangeApplier.ExecuteAsync(connection, ApplySql.CreateShapeOutput(table), ct);

        var rejects = new RejectLog(info, names);
        var shapers = ChunkShapers.For(info, names, artifacts, piiSalt);
        var shaped = new MemoryStream();
        await using (var read = await CopyStreams.OpenCopyOutAsync(connection, ApplySql.ReadShapeInput(table), CopyFormat.Binary, ct))
        {
            await new ChunkReshaper(shapers.Fields, names, rejects).RunAsync(read, shaped, ct);
            await read.CopyToAsync(Stream.Null, ct);
        }
        shaped.Position = 0;
        var write = await CopyStreams.OpenCopyInAsync(connection, ApplySql.WriteShapeOutput(table), CopyFormat.Binary, ct);
        await using (write.Stream) await shaped.CopyToAsync(write.Stream, ct);

        // Shaped rows are numbered 1.. in the order they were written: the input's order, less the refused rows.
        var refused = RejectLog.Parse(rejects.Text).ToList();
        var refusedRows = refused.Select(r => (int)r.Row - 1).ToHashSet();
        var kept = Enumerable.Range(0, rows.Count).Where(i => !refusedRows.Contains(i)).ToList();
        var full = kept.Select((row, ord) => (row, ord: ord + 1L)).Where(x => !rows[x.row].IsPartial).Select(x => x.ord).ToArray();
        if (full.Length > 0) await ChangeApplier.ExecuteAsync(connection, ApplySql.UpsertShaped(table), ct, full);
        foreach (var group in kept.Select((row, ord) => (row, ord: ord + 1L)).Where(x => rows[x.row].IsPartial)
                     .GroupBy(x => ChangeApplier.Mask(rows[x.row].Unchanged!)))
        {
            var sent = Enumerable.Range(0, table.Columns.Count)
                .Where(c => !rows[group.First().row].Unchanged![c] && !table.Key.Contains(c)).ToList();
            if (sent.Count > 0)
                await ChangeApplier.ExecuteAsync(connection, ApplySql.UpdateShaped(table, sent), ct, group.Select(x => x.ord).ToArray());
        }
        if (refused.Count > 0)
        {
            await ChangeApplier.ExecuteAsync(connection, ApplySql.Delete(table), ct,
                [.. Enumerable.Range(0, table.Key.Count).Select(k => Column(refused.Select(r => rows[(int)r.Row - 1].Key[k])))]);
            foreach (var row in refused)
                await ChangeApplier.ExecuteAsync(connection, LoadLedger.RecordReject, ct, migrationId, batchId, row.Row,
                    table.Target.Schema, table.Target.Name,
                    row.Reason, RejectLog.SourceJson(row));
            Telemetry.MigrationTelemetry.Rejects.Add(refused.Count);
        }
        await ChangeApplier.ExecuteAsync(connection, ApplySql.DropShapeTables, ct);
        return refused.Count;
    }

    static NpgsqlParameter Column(IEnumerable<string?> values)
        => new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
