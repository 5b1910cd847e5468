using System.Diagnostics;
using Orchestrator.Core.Planning;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// The engine-independent check: counts and aggregates computed in SQL on each side. Tables chunked by page ranges
/// (no key) cannot be read back per chunk, so their whole-table digest is compared with the sum of their chunks'.
/// </summary>
public sealed class ValidateTableActivity(MigrationServices services) : WorkflowActivity<TableTask, TableVerdict>
{
    public override string Name => ActivityNames.ValidateTable;

    protected override async Task<TableVerdict> RunAsync(TableTask input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var table = catalog.Find(input.Table.Source)!;
        var target = services.Target(input.Spec);
        var columns = SourceTerms.Comparable(table);

        ChunkVerdict? whole = null;
        if (input.Spec.Validation.Digests && !input.Table.ChunksReadableFromTarget)
        {
            var expected = await target.LedgerTotalAsync(input.MigrationId, input.Table.Target, ct);
            var actual = await target.ReadBackDigestAsync(input.Table.Target, input.Table.Columns, ChunkRange.All, input.Table.Format, ct);
            whole = new ChunkVerdict("(whole table)", expected.Rows, expected.Hex, actual.Rows, actual.Hex);
        }
        if (!input.Spec.Validation.Aggregates)
        {
            var rows = (await target.LedgerTotalAsync(input.MigrationId, input.Table.Target, ct)).Rows;
            return new TableVerdict(rows, rows, [], whole);
        }
        var sourceAggregates = services.Source(input.Spec).ComputeAggregatesAsync(input.Table.Source, SourceTerms.ForSource(columns), ct);
        var targetAggregates = target.AggregatesAsync(input.Table.Target, columns, ct);
        var (s, t) = (await sourceAggregates, await targetAggregates);
        return new TableVerdict(s.Rows, t.Rows, SourceTerms.ToTarget(table, s).Differences(t), whole);
    }
}
