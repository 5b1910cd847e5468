using System.Diagnostics;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>Waits (up to its input's seconds) for the sync to apply everything before cutover's barrier: the lag is then zero.</summary>
public sealed class AwaitBarrierActivity(MigrationServices services) : WorkflowActivity<CutoverWait, CutoverCaughtUp>
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public override string Name => ActivityNames.AwaitBarrier;

    protected override async Task<CutoverCaughtUp> RunAsync(CutoverWait input, Activity? span, CancellationToken ct)
    {
        var target = services.TargetDataSource(input.Spec);
        var capture = services.Changes(input.Spec);
        var clock = Stopwatch.StartNew();
        SyncState? state;
        while (true)
        {
            state = await SyncLedger.ReadAsync(target, input.MigrationId, SyncDirections.Forward, ct);
            if (state is not null && capture.Reached(state, input.Barrier))
            {
                var at = DateTime.UtcNow;
                await CutoverLedger.MarkAsync(target, input.MigrationId, CutoverStates.CaughtUp, ct, caughtUp: at);
                return new CutoverCaughtUp(true, at, state.AppliedChanges, "no lag");
            }
            if (clock.Elapsed.TotalSeconds >= input.Seconds) break;
            ActivityPulse.Beat();
            await Task.Delay(Poll, ct);
        }
        var lag = await SyncLag.MeasureAsync(services, input.MigrationId, input.Spec, SyncDirections.Forward, ct);
        return new CutoverCaughtUp(false, null, state?.AppliedChanges ?? 0, lag.ToString().Replace('\n', ' '));
    }
}
