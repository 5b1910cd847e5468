using System.Diagnostics;
using Orchestrator.Core.Graph;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// The spec's graph, from the migrated tables: Neo4j bulk-import files and the import command in the staging store,
/// views nodes and edges in the target, and the counts that validate them. Rewrites everything, so a rerun is harmless.
/// </summary>
public sealed class WriteGraphActivity(MigrationServices services) : WorkflowActivity<MigrationWork, GraphReport>
{
    public override string Name => ActivityNames.WriteGraph;

    protected override async Task<GraphReport> RunAsync(MigrationWork input, Activity? span, CancellationToken ct)
    {
        var spec = input.Spec.Graph
            ?? throw new InvalidOperationException($"migration '{input.MigrationId}' has no graph section in its spec");
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var model = GraphModelBuilder.Build(catalog, spec);
        var report = await new GraphExport(services.TargetDataSource(input.Spec), services.Store(input.Spec))
            .WriteAsync(input.MigrationId, model, ct);
        span?.SetTag("migration.graph.nodes", report.Labels.Sum(l => l.Nodes));
        span?.SetTag("migration.graph.edges", report.Types.Sum(t => t.Edges));
        return report;
    }
}
