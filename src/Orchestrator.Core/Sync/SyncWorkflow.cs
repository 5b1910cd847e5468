using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The sync: an eternal workflow that pulls and applies batches of changes, starting afresh (ContinueAsNew) every
/// few batches so its history stays short; the position lives in the target, never in the history. It ends when the
/// migration is cut over. Deterministic.
/// </summary>
public static class SyncWorkflow
{
    public const string Name = "SyncWorkflow";

    public static string InstanceIdFor(string migrationInstanceId, string direction = SyncLedger.Forward) =>
        direction == SyncLedger.Forward ? $"{migrationInstanceId}:sync" : $"{migrationInstanceId}:sync-reverse";

    public static async Task<SyncResult?> RunAsync(IWorkflowContext context, SyncInput input)
    {
        var task = new SyncTask(input.MigrationId, input.Spec, input.Direction);
        long applied = 0;
        var position = "";
        for (var batch = 0; batch < input.Spec.Sync.BatchesPerGeneration; batch++)
        {
            var result = await context.CallActivityAsync<SyncBatchResult>(ActivityNames.ApplyChanges, task, ActivityRetry.Default);
            if (result.CutOver)
            {
                context.SetCustomStatus(new SyncStatus("cut-over", input.Direction, position, applied, 0, input.Generation));
                return new SyncResult(input.MigrationId, input.Direction, position, CutOver: true);
            }
            applied += result.Changes;
            position = result.Position;
            context.SetCustomStatus(new SyncStatus("sync", input.Direction, position, applied, result.Pending, input.Generation));
        }
        context.ContinueAsNew(input with { Generation = input.Generation + 1 });
        return null;
    }
}
