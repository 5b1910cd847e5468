using System.Diagnostics;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// Digests every key range of a table from one sequential read of each live side (<see cref="RangeBuckets"/>); the
/// ranges that differ are then narrowed as <see cref="CompareRangeActivity"/> narrows one, up to maxParallel at once.
/// </summary>
public sealed class CompareTableRangesActivity(MigrationServices services) : WorkflowActivity<TablePassTask, IReadOnlyList<RangeOutcome>>
{
    public override string Name => ActivityNames.CompareTableRanges;

    protected override async Task<IReadOnlyList<RangeOutcome>> RunAsync(TablePassTask input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.table", input.Table.Source.ToString());
        var sides = await RangeSides.ForAsync(services, input.MigrationId, input.Spec, input.Table, ct);
        var (source, target, rejected) = await sides.RangeDigestsAsync(ct);
        MigrationTelemetry.RowsCompared.Add(source.Sum(d => d.Rows), new("side", "source"), new("migration.id", input.MigrationId));
        MigrationTelemetry.RowsCompared.Add(target.Sum(d => d.Rows), new("side", "target"), new("migration.id", input.MigrationId));

        // One read of each side served every range: counted once, with the rows the rules refused.
        var outcomes = source.Select((s, i) => new RangeOutcome(input.Table.TableId, i, s.Rows, target[i].Rows, s.Hex, target[i].Hex)
            { Rejected = i == 0 ? rejected : 0, RangesRead = i == 0 ? 1 : 0 }).ToArray();
        var differing = outcomes.Where(o => o.Differs).Select(o => o.Index).ToList();
        span?.SetTag("migration.ranges.differing", differing.Count);
        await Parallel.ForEachAsync(differing,
            new ParallelOptions { MaxDegreeOfParallelism = input.Spec.Chunking.MaxParallel, CancellationToken = ct },
            async (i, token) => outcomes[i] = await RangeNarrowing.FindAsync(sides, input.MigrationId, input.CompareId, outcomes[i],
                input.Table.Ranges[i], source[i], target[i], token));
        return outcomes;
    }
}
