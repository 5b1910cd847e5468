using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The sync: an eternal workflow that pulls and applies batches of changes, starting afresh (ContinueAsNew) every
/// few batches so its history stays short; the position lives in the target, never in the history. A cutover asked
/// of it (the external event <see cref="CutoverEvent"/>) runs as a sub-workflow while batches keep applying; the sync
/// ends once the migration is cut over, whoever cut it over (`migrator cutover` runs from another process).
/// Deterministic.
/// </summary>
public static class SyncWorkflow
{
    public const string Name = "SyncWorkflow";
    public const string CutoverEvent = "cutover";

    public static string InstanceIdFor(string migrationInstanceId, string direction = SyncDirections.Forward) =>
        direction == SyncDirections.Forward ? $"{migrationInstanceId}:sync" : $"{migrationInstanceId}:sync-reverse";

    public static async Task<SyncResult?> RunAsync(IWorkflowContext context, SyncInput input)
    {
        var task = new SyncTask(input.MigrationId, input.Spec, input.Direction);
        var requested = input.Direction != SyncDirections.Forward ? null
            : input.Requested is { } carried ? Task.FromResult(carried) : context.WaitForExternalEvent<CutoverRequest>(CutoverEvent);
        Task<CutoverResult>? cutover = null;
        CutoverResult? outcome = null;
        long applied = 0;
        var position = "";
        var phase = "sync";
        // A cutover under way keeps this generation going: its sub-workflow must not be left behind by ContinueAsNew.
        for (var batch = 0; batch < input.Spec.Sync.BatchesPerGeneration || cutover is not null; batch++)
        {
            var result = await context.CallActivityAsync<SyncBatchResult>(ActivityNames.ApplyChanges, task, ActivityRetry.Default);
            if (result.CutOver)
            {
                context.SetCustomStatus(new SyncStatus("cut-over", input.Direction, position, applied, 0, input.Generation));
                return new SyncResult(input.MigrationId, input.Direction, position, CutOver: true, outcome);
            }
            (applied, position) = (applied + result.Changes, result.Position);
            if (cutover is null && requested is { IsCompleted: true })
            {
                var request = await requested;
                requested = null; // taken: a new wait is set once this cutover ends without the migration ready
                phase = "cutover";
                cutover = context.CallSubWorkflowAsync<CutoverResult>(CutoverWorkflow.Name,
                    new CutoverInput(input.MigrationId, input.Spec, request.ReadOnly, request.TimeoutSeconds, request.FullCompare,
                        request.Prepare),
                    request.Prepare ? CutoverWorkflow.PrepareInstanceIdFor(input.MigrationId, context.CurrentUtcDateTime)
                        : CutoverWorkflow.InstanceIdFor(input.MigrationId));
            }
            if (cutover is { IsCompleted: true })
            {
                try
                {
                    outcome = await cutover;
                    phase = outcome.Ready ? "cut-over" : outcome.Prepared is not null ? "sync (cutover prepared)"
                        : "sync (cutover found differences)";
                }
                catch (Exception e)
                {
                    phase = $"sync (cutover failed: {e.Message})";
                }
                cutover = null;
                // Not ready: the sync goes on, and a new request may come.
                if (outcome?.Ready != true) requested = context.WaitForExternalEvent<CutoverRequest>(CutoverEvent);
            }
            context.SetCustomStatus(new SyncStatus(phase, input.Direction, position, applied, result.Pending, input.Generation));
        }
        // An event taken by this generation's wait is gone from the queue: a request not started yet goes on in the input.
        var pending = requested is { IsCompleted: true } ? await requested : null;
        context.ContinueAsNew(input with { Generation = input.Generation + 1, Requested = pending });
        return null;
    }
}
