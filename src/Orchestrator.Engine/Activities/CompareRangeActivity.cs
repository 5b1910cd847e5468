using System.Diagnostics;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// Digests one key range on both live sides; where they differ, narrows it to small ranges compared row by row and
/// keeps their differing keys in a document of the staging store for the recheck.
/// </summary>
public sealed class CompareRangeActivity(MigrationServices services) : WorkflowActivity<RangeTask, RangeOutcome>
{
    public override string Name => ActivityNames.CompareRange;

    protected override async Task<RangeOutcome> RunAsync(RangeTask input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.table", input.Table.Source.ToString());
        span?.SetTag("migration.range", input.Range.ToString());
        var sides = await RangeSides.ForAsync(services, input.MigrationId, input.Spec, input.Table, ct);
        var (source, target, rejected) = await sides.DigestAsync(input.Range, ct);
        MigrationTelemetry.RowsCompared.Add(source.Rows, new("side", "source"), new("migration.id", input.MigrationId));
        MigrationTelemetry.RowsCompared.Add(target.Rows, new("side", "target"), new("migration.id", input.MigrationId));
        var outcome = new RangeOutcome(input.Table.TableId, input.Index, source.Rows, target.Rows, source.Hex, target.Hex)
            { Rejected = rejected };
        return outcome.Differs
            ? await RangeNarrowing.FindAsync(sides, input.MigrationId, input.CompareId, outcome, input.Range, source, target, ct) : outcome;
    }
}
