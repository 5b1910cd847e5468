using System.Diagnostics;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// A table without a usable key, compared by count and whole-table digest: the source read in its own ranges (pages,
/// partitions) and the target in page ranges, at once; digests add, so the sums compare.
/// </summary>
public sealed class CompareTableDigestActivity(MigrationServices services) : WorkflowActivity<TableDigestTask, RangeOutcome>
{
    public override string Name => ActivityNames.CompareTableDigest;

    protected override async Task<RangeOutcome> RunAsync(TableDigestTask input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.table", input.Table.Source.ToString());
        var sides = await RangeSides.ForAsync(services, input.MigrationId, input.Spec, input.Table, ct);
        var streams = Math.Max(1, (input.Spec.Chunking.MaxParallel + 1) / 2);
        var ranges = input.Table.Ranges.Select(r => input.Recheck ? r with { AsOf = null } : r).ToList();
        var target = services.Target(input.Spec);
        var facts = await target.TableFactsAsync(input.Table.Target, ct);
        var readBack = target.ReadBackTableAsync(input.Table.Target, input.Table.Columns, input.Table.Format, streams, facts, ct: ct);

        var (source, rejected, gate) = (RowSetDigest.Empty, 0L, new object());
        await Parallel.ForEachAsync(ranges, new ParallelOptions { MaxDegreeOfParallelism = streams, CancellationToken = ct },
            async (range, token) =>
        {
            var digester = CopyFormats.Digester(input.Table.Format);
            var refused = await sides.ReadSourceAsync(range, digester.Append, token);
            var digest = digester.Finish();
            lock (gate) (source, rejected) = (source + digest, rejected + refused);
        });
        var back = (await readBack).Digest;
        if (!input.Recheck) // rows compared are the first look's, as for ranges; the recheck reads them again
        {
            MigrationTelemetry.RowsCompared.Add(source.Rows, new("side", "source"), new("migration.id", input.MigrationId));
            MigrationTelemetry.RowsCompared.Add(back.Rows, new("side", "target"), new("migration.id", input.MigrationId));
        }
        return new RangeOutcome(input.Table.TableId, -1, source.Rows, back.Rows, source.Hex, back.Hex)
            { Rejected = rejected, RangesRead = ranges.Count };
    }
}
