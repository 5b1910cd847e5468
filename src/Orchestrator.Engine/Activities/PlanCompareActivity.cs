using System.Diagnostics;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>How each table of a migration is compared now: key ranges planned afresh on the source, or whole-table.</summary>
public sealed class PlanCompareActivity(MigrationServices services) : WorkflowActivity<CompareInput, ComparePlan>
{
    public override string Name => ActivityNames.PlanCompare;

    protected override async Task<ComparePlan> RunAsync(CompareInput input, Activity? span, CancellationToken ct)
    {
        var plan = await ComparePlanner.BuildAsync(services, input, ct);
        span?.SetTag("migration.tables", plan.Tables.Count);
        return plan;
    }
}
