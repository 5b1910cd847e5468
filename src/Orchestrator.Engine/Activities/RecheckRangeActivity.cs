using System.Diagnostics;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Reporting;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// After the settle delay, compares the small ranges a range's first look found different again: a key that still
/// differs is confirmed (as it differs now), one that no longer does has settled (it was in flight).
/// </summary>
public sealed class RecheckRangeActivity(MigrationServices services) : WorkflowActivity<RangeTask, RecheckOutcome>
{
    public override string Name => ActivityNames.RecheckRange;

    protected override async Task<RecheckOutcome> RunAsync(RangeTask input, Activity? span, CancellationToken ct)
    {
        var store = services.Store(input.Spec);
        var found = await LeafDocuments.ReadAsync(store, input.MigrationId,
            LeafDocuments.Found(input.CompareId, input.Table.TableId, input.Index), ct);
        // The range differed at the first look, but the difference was gone before it could be named by key (a write
        // landed between the range's read and its narrowing): it settled, counted as one row.
        if (found.Count == 0) return new RecheckOutcome(input.Table.TableId, input.Index, new DifferenceCounts(), 1, []);
        var sides = await RangeSides.ForAsync(services, input.MigrationId, input.Spec, input.Table, ct);
        var confirmed = new List<Leaf>();
        long settled = 0;
        foreach (var leaf in found)
        {
            var range = leaf.Range with { AsOf = null }; // now, not the first look's snapshot
            var (source, target, _) = await sides.DigestAsync(range, ct);
            if (source == target)
            {
                settled += Math.Max(1, LeafDocuments.Count([leaf]).Total);
                continue;
            }
            if (!leaf.Listed)
            {
                confirmed.Add(leaf with { SourceRows = source.Rows, TargetRows = target.Rows });
                continue;
            }
            var now = (await RowComparison.CompareAsync(sides, range, source.Rows, target.Rows, ct)).ToDictionary(d => d.KeyBytes);
            var still = leaf.Differences.Where(d => now.ContainsKey(d.KeyBytes)).Select(d => now[d.KeyBytes]).ToList();
            settled += leaf.Differences.Count - still.Count;
            if (still.Count > 0) confirmed.Add(leaf with { SourceRows = source.Rows, TargetRows = target.Rows, Differences = still });
        }

        var counts = LeafDocuments.Count(confirmed);
        foreach (var (kind, rows) in new[] { (JsonNames.Of(DifferenceKind.Missing), counts.Missing),
                     (JsonNames.Of(DifferenceKind.Extra), counts.Extra), (JsonNames.Of(DifferenceKind.Different), counts.Different),
                     ("unlisted", counts.Unlisted) })
            if (rows > 0) MigrationTelemetry.Differences.Add(rows, new("kind", kind), new("migration.id", input.MigrationId));
        string? document = null;
        if (confirmed.Count > 0)
        {
            document = LeafDocuments.Confirmed(input.CompareId, input.Table.TableId, input.Index);
            await LeafDocuments.WriteAsync(store, input.MigrationId, document, confirmed, ct);
        }
        var listed = confirmed.SelectMany(l => l.Differences).Take(input.Spec.Compare.MaxKeys).Select(d => d.Public).ToList();
        return new RecheckOutcome(input.Table.TableId, input.Index, counts, settled, listed) { Document = document };
    }
}
