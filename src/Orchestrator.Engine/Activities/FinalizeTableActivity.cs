using System.Diagnostics;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Primary and unique keys, checks and indexes of one loaded table, then ANALYZE.</summary>
public sealed class FinalizeTableActivity(MigrationServices services) : WorkflowActivity<TableWork, FinalizeTableResult>
{
    public override string Name => ActivityNames.FinalizeTable;

    protected override Task<FinalizeTableResult> RunAsync(TableWork input, Activity? span, CancellationToken ct)
        => FinalizeAsync(input, ct);

    /// <summary>
    /// The table's keys, indexes and statistics, for this activity and for <see cref="ValidateAndFinalizeTableActivity"/>.
    /// </summary>
    public async Task<FinalizeTableResult> FinalizeAsync(TableWork input, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var table = catalog.Find(input.Table.Source)
            ?? throw new InvalidOperationException($"table {input.Table.Source} is not in the catalog");
        var steps = await services.Target(input.Spec).FinalizeTableAsync(table, ct);
        return new FinalizeTableResult(steps)
        {
            VectorSearchColumns = table.Columns.Where(MeasureVectorSearchActivity.Measured).Select(c => c.Name).ToList(),
        };
    }
}
