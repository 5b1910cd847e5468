using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.SchemaConversion;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Chunks every table that holds rows; the plan is written once and reused, so chunk ids never change on resume.</summary>
public sealed class PlanActivity(MigrationServices services) : WorkflowActivity<MigrationWork, PlanResult>
{
    public override string Name => ActivityNames.Plan;

    protected override async Task<PlanResult> RunAsync(MigrationWork input, Activity? span, CancellationToken ct)
    {
        var store = services.Store(input.Spec);
        var existing = await store.ReadDocumentAsync(input.MigrationId, Documents.Plan, ct);
        var plan = existing is not null
            ? StagedDocuments.Plan(existing, StagedDocuments.Where(store, input.MigrationId, Documents.Plan))
            : await CreateAsync(input, ct);
        if (existing is null)
            await store.WriteDocumentAsync(input.MigrationId, Documents.Plan, JsonSerializer.Serialize(plan, SpecLoader.JsonOptions), ct);
        foreach (var table in plan.Tables)
            services.Progress.Planned(table.Source.ToString(), table.EstimatedRows, table.Chunks.Count);
        span?.SetTag("migration.tables", plan.Tables.Count);
        return new PlanResult(plan.Tables, plan.SourcePosition);
    }

    async Task<MigrationPlan> CreateAsync(MigrationWork input, CancellationToken ct) =>
        await MigrationPlanner.BuildAsync(input.MigrationId, input.Spec, services.Source(input.Spec),
            await services.CatalogAsync(input.MigrationId, input.Spec, ct), ct);
}
