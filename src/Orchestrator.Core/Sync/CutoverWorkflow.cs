using Orchestrator.Core.Comparison;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync;

/// <summary>
/// Cutover, in order: writes stop (the application's, or the source made read-only), the sync catches up to a
/// barrier written after them, compare finds zero differences (in the keys the sync changed, which the load's
/// validation left to prove; every row with FullCompare), sequences and foreign keys are set, the slot is dropped; its report's timeline is the downtime window. A running sync applies changes all along; it ends once
/// the migration is ready. Deterministic.
/// </summary>
public static class CutoverWorkflow
{
    public const string Name = "CutoverWorkflow";
    const int WaitSliceSeconds = 60;

    public static string InstanceIdFor(string migrationId) => $"{migrationId}:cutover";

    public static async Task<CutoverResult> RunAsync(IWorkflowContext context, CutoverInput input)
    {
        var retry = ActivityRetry.Default;
        var begun = await context.CallActivityAsync<CutoverBegun>(ActivityNames.BeginCutover, input, retry);
        var timeline = new CutoverTimeline(begun.WritesStoppedUtc, null, null, null);
        var deadline = begun.WritesStoppedUtc.AddSeconds(input.TimeoutSeconds);
        CutoverCaughtUp caught;
        while (true)
        {
            var left = (int)Math.Ceiling((deadline - context.CurrentUtcDateTime).TotalSeconds);
            caught = await context.CallActivityAsync<CutoverCaughtUp>(ActivityNames.AwaitBarrier,
                new CutoverWait(input.MigrationId, input.Spec, begun.Barrier, Math.Clamp(left, 1, WaitSliceSeconds)), retry);
            if (caught.CaughtUp) break;
            if (left <= WaitSliceSeconds)
                throw new CutoverFailedException($"cutover of {input.MigrationId}: the sync did not catch up within {input.TimeoutSeconds} s of writes " +
                    $"stopping ({caught.Lag}). Is `migrator sync` running? Run cutover again once it is, or with a longer --timeout");
        }
        timeline = timeline with { CaughtUpUtc = caught.AtUtc };

        context.SetCustomStatus(new SyncStatus("cutover-compare", SyncDirections.Forward, "", caught.AppliedChanges, 0, 0));
        var compare = await context.CallSubWorkflowAsync<CompareResult>(CompareWorkflow.Name,
            new CompareInput(input.MigrationId, input.Spec, "cutover-" + CompareWorkflow.NewId(context.CurrentUtcDateTime), ChangedOnly: !input.FullCompare),
            CompareWorkflow.InstanceIdFor(input.MigrationId));
        timeline = timeline with { ComparedUtc = context.CurrentUtcDateTime };
        IReadOnlyList<string> steps = [];
        if (compare.Passed)
        {
            var completed = await context.CallActivityAsync<CutoverCompleted>(ActivityNames.CompleteCutover,
                new CutoverCompletion(input.MigrationId, input.Spec, caught.AppliedChanges), retry);
            (steps, timeline) = (completed.Steps, timeline with { ReadyUtc = completed.ReadyUtc });
        }
        return await context.CallActivityAsync<CutoverResult>(ActivityNames.WriteCutoverReport,
            new CutoverReportInput(input.MigrationId, input.Spec, timeline, compare, steps, compare.Passed, input.FullCompare), retry);
    }
}

/// <summary>Cutover could not complete (the sync did not catch up, writes went on); the legacy database stays authoritative.</summary>
public sealed class CutoverFailedException(string message) : Exception(message);
