using System.Diagnostics;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>
/// Cutover once compare found nothing: no change came after the barrier, sequences and identities move to the
/// source's values, foreign keys are added and validated, a PostgreSQL legacy gets its reverse capture (so writes to
/// the new database can flow back), the migration is marked ready, and the forward slot is dropped. Each step is
/// skipped when already done, so a rerun is harmless.
/// </summary>
public sealed class CompleteCutoverActivity(MigrationServices services) : WorkflowActivity<CutoverCompletion, CutoverCompleted>
{
    public override string Name => ActivityNames.CompleteCutover;

    protected override async Task<CutoverCompleted> RunAsync(CutoverCompletion input, Activity? span, CancellationToken ct)
    {
        var ends = await SyncEnds.ForAsync(services, input.MigrationId, input.Spec, SyncDirections.Forward, ct);
        var state = await SyncLedger.ReadAsync(ends.Apply, input.MigrationId, SyncDirections.Forward, ct);
        if (state is not null && state.AppliedChanges > input.AppliedAtBarrier)
            throw new CutoverFailedException($"cutover of {input.MigrationId}: the source was written after writes were to stop " +
                $"({state.AppliedChanges - input.AppliedAtBarrier:N0} change(s) since). Stop the application's writes, or run cutover " +
                "with --read-only, then run it again");
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var target = services.Target(input.Spec);
        var source = services.Source(input.Spec);
        var steps = new List<string>();
        foreach (var sequence in catalog.Sequences)
        {
            var (value, isCalled) = await source.SequenceValueAsync(sequence.SourceSequenceName.Schema,
                sequence.SourceSequenceName.Name, ct);
            await target.SetSequenceAsync(sequence, value, isCalled, ct);
            steps.Add($"sequence {sequence.Schema}.{sequence.Name} = {value}{(isCalled ? "" : " (not yet used)")}");
        }
        foreach (var table in catalog.Tables)
            foreach (var fk in table.ForeignKeys)
                steps.Add($"{table.Name}: foreign key {fk.Name} " +
                    $"{(await target.AddForeignKeyAsync(table, fk, ct) ? "added and validated" : "already there")}");
        steps.Add(await StartReverseAsync(input, ct));

        await CutoverLedger.MarkAsync(ends.Apply, input.MigrationId, CutoverStates.Ready, ct);
        await ChangedKeys.ForgetAsync(ends.Apply, input.MigrationId, ct);
        await ends.Capture.StopAsync(ends.CaptureId, ct);
        steps.Add("replication slot and publication of the forward sync dropped");
        var ready = DateTime.UtcNow;
        await CutoverLedger.MarkAsync(ends.Apply, input.MigrationId, CutoverStates.Ready, ct, ready: ready);
        return new CutoverCompleted(steps, ready);
    }

    /// <summary>A PostgreSQL legacy database: capture on the new one starts now, before the application writes there.</summary>
    async Task<string> StartReverseAsync(CutoverCompletion input, CancellationToken ct)
    {
        if (!SourceDialects.TraitsOf(input.Spec.Source).ReverseSync)
            return $"reverse sync: not available for a {input.Spec.Source.Dialect} legacy database (see the rollback procedure)";
        SyncEnds reverse;
        try
        {
            reverse = await SyncEnds.ForAsync(services, input.MigrationId, input.Spec, SyncDirections.Reverse, ct);
        }
        catch (SyncRefusedException e)
        {
            return $"reverse sync: not available: {e.Message}";
        }
        var start = await reverse.Capture.StartAsync(reverse.CaptureId, reverse.Tables, ct);
        await services.Feeds.EnsureLedgerAsync(reverse.Apply, ct);
        await using var command = reverse.Apply.CreateCommand("""
            INSERT INTO _migrator.sync_position (migration_id, direction, position_kind, position, position_key)
            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
            """);
        foreach (var value in new object[] { input.MigrationId, SyncDirections.Reverse, start.Kind, start.Value,
            reverse.Capture.SortKey(start.Value) })
            command.Parameters.Add(new() { Value = value });
        await command.ExecuteNonQueryAsync(ct);
        return $"reverse sync: capture on the new database started at {start}; `migrator sync --reverse` keeps the legacy database current";
    }
}
