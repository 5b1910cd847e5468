using System.Diagnostics;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>
/// Cutover's first step: the source's writes stop (made read-only when asked; otherwise the application has stopped
/// them), then a barrier goes into the change stream after them. Recorded in _migrator.cutover.
/// </summary>
public sealed class BeginCutoverActivity(MigrationServices services) : WorkflowActivity<CutoverInput, CutoverBegun>
{
    public override string Name => ActivityNames.BeginCutover;

    protected override async Task<CutoverBegun> RunAsync(CutoverInput input, Activity? span, CancellationToken ct)
    {
        var ends = await SyncEnds.ForAsync(services, input.MigrationId, input.Spec, SyncDirections.Forward, ct);
        await services.Feeds.EnsureLedgerAsync(ends.Apply, ct);
        if (await SyncLedger.CutoverStateAsync(ends.Apply, input.MigrationId, ct) == CutoverStates.Ready)
            throw new CutoverFailedException($"cutover: migration {input.MigrationId} is already cut over; its report is " +
                "cutover.md in the staging area");
        if (input.ReadOnly) await ends.Capture.MakeReadOnlyAsync(ct);
        var stopped = DateTime.UtcNow;
        var barrier = await ends.Capture.BarrierAsync(ends.CaptureId, ct);
        await CutoverLedger.BeginAsync(ends.Apply, input.MigrationId, barrier, stopped, ct);
        return new CutoverBegun(barrier, stopped);
    }
}
