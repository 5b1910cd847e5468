using System.Diagnostics;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// After a table's vector indexes are built: recall@10 of each against exact search on the migrated vectors, the
/// latency both ways, and the ef_search or probes that reach the rule's recall target. Reads only, so a rerun is harmless.
/// </summary>
public sealed class MeasureVectorSearchActivity(MigrationServices services) : WorkflowActivity<TableWork, VectorSearchResult>
{
    public override string Name => ActivityNames.MeasureVectorSearch;

    protected override async Task<VectorSearchResult> RunAsync(TableWork input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var table = catalog.Find(input.Table.Source)
            ?? throw new InvalidOperationException($"table {input.Table.Source} is not in the catalog");
        var measured = new List<VectorSearchQuality>();
        foreach (var column in table.Columns.Where(Measured))
            measured.Add(await VectorSearchProbe.MeasureAsync(services.TargetDataSource(input.Spec), table,
                column, column.Rule!.Vector!, ct));
        return new VectorSearchResult(measured);
    }

    /// <summary>A vector column with an index, whose rule asks for a measurement.</summary>
    public static bool Measured(Catalog.ColumnInfo column) => column.Rule?.Vector is { Index: not "none", RecallQueries: > 0 };
}
