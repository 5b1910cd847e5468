using System.Diagnostics;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>
/// Pulls one batch of changes from the source and applies it to the target with the new position, in one target
/// transaction; then lets the source release what it kept. Idempotent: it always continues from the position the
/// target holds. Rows go source to target inside this activity, never through the orchestration.
/// </summary>
public sealed class ApplyChangesActivity(MigrationServices services) : WorkflowActivity<SyncTask, SyncBatchResult>
{
    public override string Name => ActivityNames.ApplyChanges;

    protected override async Task<SyncBatchResult> RunAsync(SyncTask input, Activity? span, CancellationToken ct)
    {
        var ends = await SyncEnds.ForAsync(services, input.MigrationId, input.Spec, input.Direction, ct);
        var forward = input.Direction == SyncDirections.Forward;
        if (forward && await SyncLedger.CutoverStateAsync(ends.Apply, input.MigrationId, ct) == CutoverStates.Ready)
            return await CutOverAsync(ends);
        await services.Feeds.EnsureLedgerAsync(ends.Apply, ct);
        var stored = await SyncLedger.ReadAsync(ends.Apply, input.MigrationId, input.Direction, ct);
        var catalogPosition = (await services.CatalogAsync(input.MigrationId, input.Spec, ct)).Position!;
        var start = forward ? catalogPosition.Value
            : stored?.Position
                ?? throw new SyncRefusedException($"sync --reverse: migration {input.MigrationId} has not been cut over (no reverse " +
                "position in the legacy database); run migrator cutover first");
        var after = stored?.Position ?? start;
        ChangeBatch batch;
        IChangeFeed feed;
        try
        {
            feed = await services.Feeds.ContinueAsync(ends.CaptureId, after,
                () => ends.Capture.OpenAsync(ends.CaptureId, ends.Tables, after, ct));
            batch = await feed.ReadAsync(input.Spec.Sync.BatchChanges, TimeSpan.FromSeconds(input.Spec.Sync.WaitSeconds), ct);
        }
        catch (Exception e) when (e is not SchemaChangedException and not SyncRefusedException and not OperationCanceledException)
        {
            await services.Feeds.CloseAsync(ends.CaptureId);
            // Cutover ends a sync's stream when it drops the slot: that is the end, not a failure.
            if (forward && await SyncLedger.CutoverStateAsync(ends.Apply, input.MigrationId, ct) == CutoverStates.Ready)
                return await CutOverAsync(ends);
            throw;
        }
        catch
        {
            await services.Feeds.CloseAsync(ends.CaptureId);
            throw;
        }
        if (!batch.Moves)
        {
            await using var heartbeat = ends.Apply.CreateCommand(SyncLedger.Heartbeat);
            heartbeat.Parameters.Add(new() { Value = input.MigrationId });
            heartbeat.Parameters.Add(new() { Value = input.Direction });
            await heartbeat.ExecuteNonQueryAsync(ct);
            return new SyncBatchResult(0, 0, after, batch.Pending, null, false);
        }

        var shaping = new RowShaping(services.Store(input.Spec).Artifacts, services.Connections.PiiSalt());
        var write = new SyncPositionWrite(input.MigrationId, input.Direction,
            forward ? catalogPosition.Kind : ends.Capture.PositionKind, start, ends.Capture.SortKey);
        ApplyOutcome outcome;
        var started = Stopwatch.GetTimestamp();
        try
        {
            outcome = await new ChangeApplier(ends.Apply, ends.Tables, shaping).ApplyAsync(write, batch, ct);
        }
        catch
        {
            await services.Feeds.CloseAsync(ends.CaptureId);
            throw;
        }
        if (outcome.AlreadyApplied)
        {
            await services.Feeds.CloseAsync(ends.CaptureId);
            return new SyncBatchResult(0, 0, after, 0, null, false);
        }
        await feed.AcknowledgeAsync(batch.End, ct);
        Record(input, batch, outcome, Stopwatch.GetElapsedTime(started));
        span?.SetTag("sync.changes", outcome.Changes);
        span?.SetTag("sync.position", batch.End);
        return new SyncBatchResult(outcome.Changes, batch.Transactions, batch.End, batch.Pending, batch.Barrier, false)
            { Rejects = outcome.Rejects };
    }

    static void Record(SyncTask input, ChangeBatch batch, ApplyOutcome outcome, TimeSpan took)
    {
        KeyValuePair<string, object?>[] tags = [new("migration.id", input.MigrationId), new("sync.direction", input.Direction)];
        MigrationTelemetry.ChangesApplied.Add(outcome.Changes, tags);
        if (batch.LastCommitUtc is { } committed)
            MigrationTelemetry.SyncLag.Record(Math.Max(0, (DateTime.UtcNow - committed).TotalSeconds), tags);
        if (outcome.Changes > 0) MigrationTelemetry.ApplyRate.Record(outcome.Changes / Math.Max(took.TotalSeconds, 1e-3), tags);
    }

    async Task<SyncBatchResult> CutOverAsync(SyncEnds ends)
    {
        await services.Feeds.CloseAsync(ends.CaptureId);
        return new SyncBatchResult(0, 0, "", 0, null, CutOver: true);
    }
}
