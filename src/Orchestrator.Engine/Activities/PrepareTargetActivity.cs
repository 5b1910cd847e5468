using System.Diagnostics;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

public sealed class PrepareTargetActivity(MigrationServices services) : WorkflowActivity<MigrationWork, PrepareResult>
{
    public override string Name => ActivityNames.PrepareTarget;

    protected override async Task<PrepareResult> RunAsync(MigrationWork input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var findings = new List<Catalog.ConversionFinding>();
        var prepared = await services.Target(input.Spec).PrepareAsync(input.MigrationId, catalog, input.Spec.Target.IfExists, ct, findings);
        return new PrepareResult(prepared) { Findings = findings };
    }
}
