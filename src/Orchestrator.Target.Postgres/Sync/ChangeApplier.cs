using Npgsql;
using NpgsqlTypes;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sync;

/// <summary>What applying a batch did.</summary>
public sealed record ApplyOutcome(bool AlreadyApplied, long Changes, long Rejects);

/// <summary>
/// Applies change batches to a PostgreSQL database exactly once: a batch's changes and the new sync position commit in
/// one transaction, after checking that the stored position is the one the batch was read after. Changes are reduced
/// to one outcome per key and applied as a few set statements per table; if that trips a constraint that only holds
/// between source transactions, the batch is applied again change by change, in commit order.
/// </summary>
public sealed class ChangeApplier(NpgsqlDataSource database, IReadOnlyList<SyncTable> tables, RowShaping? shaping = null)
{
    readonly Dictionary<TableName, SyncTable> _bySource = tables.ToDictionary(t => t.Source);
    readonly IReadOnlyList<SyncTable> _ordered = ParentsFirst(tables);

    public async Task<ApplyOutcome> ApplyAsync(SyncPositionWrite write, ChangeBatch batch, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, LoadLedger.Lock, ct, $"sync:{write.MigrationId}:{write.Direction}");
        var stored = await SyncLedger.ReadAsync(connection, write.MigrationId, write.Direction, ct, forUpdate: true);
        var current = stored?.Position ?? write.Start;
        if (current != batch.After)
        {
            if (string.CompareOrdinal(write.SortKey(current), write.SortKey(batch.End)) >= 0 && batch.End != batch.After)
                return new ApplyOutcome(AlreadyApplied: true, 0, 0);
            throw new InvalidOperationException($"sync of migration {write.MigrationId}: the target's position is " +
                $"{current}, but the batch was read " +
                $"after {batch.After}; another sync of this migration may be running");
        }
        long rejects = 0;
        if (batch.Changes.Count > 0)
        {
            await tx.SaveAsync("grouped", ct);
            try
            {
                rejects = await ApplyGroupedAsync(connection, batch.Changes, stored?.AppliedChanges ?? 0, write.MigrationId, ct);
            }
            catch (Exception e) when (e is OrderRequiredException || e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation
                                          or PostgresErrorCodes.ForeignKeyViolation or PostgresErrorCodes.ExclusionViolation })
            {
                await tx.RollbackAsync("grouped", ct);
                rejects = await ApplyInOrderAsync(connection, batch.Changes, stored?.AppliedChanges ?? 0, write.MigrationId, ct);
            }
        }
        if (write.Direction == SyncDirections.Forward && batch.Changes.Count > 0)
            await ChangedKeys.RecordAsync(connection, write.MigrationId, batch.Changes, Table, ct);
        await ExecuteAsync(connection, SyncLedger.Write, ct, write.MigrationId, write.Direction, write.PositionKind, batch.End,
            write.SortKey(batch.End),
            (long)batch.Changes.Count, (long)batch.Transactions, batch.LastCommitUtc, batch.Pending, batch.OldestPendingUtc, batch.Barrier);
        await tx.CommitAsync(ct);
        return new ApplyOutcome(false, batch.Changes.Count, rejects);
    }

    async Task<long> ApplyGroupedAsync(NpgsqlConnection connection, IReadOnlyList<RowChange> changes, long sequence,
        string migrationId, CancellationToken ct)
    {
        var nets = new Dictionary<TableName, NetChanges>();
        foreach (var change in changes)
        {
            var table = Table(change.Table);
            if (!nets.TryGetValue(table.Source, out var net)) nets[table.Source] = net = new NetChanges(table);
            net.Add(change);
        }
        if (nets.Values.Any(n => n.NeedsOrder)) throw new OrderRequiredException();
        long rejects = 0;
        // Deletes from the referencing tables first, then rows into the referenced ones first, as foreign keys need.
        foreach (var table in _ordered.Reverse())
            if (nets.TryGetValue(table.Source, out var net)) await DeleteAsync(connection, net, ct);
        foreach (var table in _ordered)
            if (nets.TryGetValue(table.Source, out var net))
                rejects += await WriteAsync(connection, net, $"sync:{sequence}", migrationId, ct);
        return rejects;
    }

    /// <summary>Each change on its own, in commit order: slower, and what the source did step by step.</summary>
    async Task<long> ApplyInOrderAsync(NpgsqlConnection connection, IReadOnlyList<RowChange> changes, long sequence,
        string migrationId, CancellationToken ct)
    {
        long rejects = 0;
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var table = Table(change.Table);
            if (change is { Kind: ChangeKind.Update, OldKey: { } oldKey, IsPartial: true })
            {
                var sent = Enumerable.Range(0, table.Columns.Count).Where(c => !change.Unchanged![c]).ToList();
                await ExecuteAsync(connection, ApplySql.Move(table, sent), ct,
                    [.. sent.Select(c => (object?)change.Values![c]), .. oldKey]);
                continue;
            }
            var net = new NetChanges(table);
            net.Add(change);
            await DeleteAsync(connection, net, ct);
            rejects += await WriteAsync(connection, net, $"sync:{sequence}:{i}", migrationId, ct);
        }
        return rejects;
    }

    async Task DeleteAsync(NpgsqlConnection connection, NetChanges net, CancellationToken ct)
    {
        var table = net.Table;
        if (net.Truncated) await ExecuteAsync(connection, ApplySql.Truncate(table), ct);
        var deletes = net.Outcomes.Where(o => o.Values is null).ToList();
        if (deletes.Count > 0)
            await ExecuteAsync(connection, ApplySql.Delete(table), ct,
                [.. Enumerable.Range(0, table.Key.Count).Select(k => Column(deletes.Select(d => d.Key[k])))]);
    }

    async Task<long> WriteAsync(NpgsqlConnection connection, NetChanges net, string batchId, string migrationId, CancellationToken ct)
    {
        var table = net.Table;
        var rows = net.Outcomes.Where(o => o.Values is not null).ToList();
        if (rows.Count == 0) return 0;
        if (table.Reshapes)
        {
            if (shaping is null)
                throw new InvalidOperationException($"{table.Target}: rules reshape this table's values, and no shaping was set up");
            return await shaping.WriteAsync(connection, table, rows, $"{batchId}:{table.Target}", migrationId, ct);
        }
        var full = rows.Where(o => !o.IsPartial).ToList();
        if (full.Count > 0)
            await ExecuteAsync(connection, ApplySql.Upsert(table), ct,
                [.. Enumerable.Range(0, table.Columns.Count).Select(c => Column(full.Select(o => o.Values![c])))]);
        foreach (var group in rows.Where(o => o.IsPartial).GroupBy(o => Mask(o.Unchanged!)))
        {
            var sent = Enumerable.Range(0, table.Columns.Count).Where(c => !group.First().Unchanged![c]).ToList();
            if (sent.All(table.Key.Contains)) continue;
            await ExecuteAsync(connection, ApplySql.Update(table, sent), ct,
                [.. ApplySql.UpdateParameters(table, sent).Select(c => Column(group.Select(o => o.Values![c])))]);
        }
        return 0;
    }

    internal static string Mask(bool[] unchanged) => string.Concat(unchanged.Select(u => u ? '1' : '0'));

    SyncTable Table(TableName source) => _bySource.TryGetValue(source, out var table) ? table
        : throw new InvalidOperationException($"a change of {source}, which this sync does not apply");

    static NpgsqlParameter Column(IEnumerable<string?> values)
        => new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    /// <summary>Runs one statement; returns the rows it affected.</summary>
    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(p as NpgsqlParameter ?? new NpgsqlParameter { Value = p ?? DBNull.Value });
        var rows = await command.ExecuteNonQueryAsync(ct);
        Core.Activities.ActivityPulse.Beat();
        return rows;
    }

    /// <summary>Referenced tables before the tables that reference them (cycles broken where they close).</summary>
    static IReadOnlyList<SyncTable> ParentsFirst(IReadOnlyList<SyncTable> tables)
    {
        var byTarget = tables.GroupBy(t => t.Target).ToDictionary(g => g.Key, g => g.ToList());
        var ordered = new List<SyncTable>();
        var seen = new HashSet<SyncTable>();
        void Visit(SyncTable table)
        {
            if (!seen.Add(table)) return;
            foreach (var parent in table.References.Where(byTarget.ContainsKey).SelectMany(r => byTarget[r])) Visit(parent);
            ordered.Add(table);
        }
        foreach (var table in tables) Visit(table);
        return ordered;
    }

    sealed class OrderRequiredException : Exception;
}

/// <summary>How a sync writes its position: the migration, the direction, and the source's kind and order of positions.</summary>
public sealed record SyncPositionWrite(string MigrationId, string Direction, string PositionKind, string Start,
    Func<string, string> SortKey);
