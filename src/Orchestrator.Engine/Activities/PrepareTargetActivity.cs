using System.Diagnostics;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

public sealed class PrepareTargetActivity(MigrationServices services) : WorkflowActivity<PrepareWork, PrepareResult>
{
    public override string Name => ActivityNames.PrepareTarget;

    protected override async Task<PrepareResult> RunAsync(PrepareWork input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.tables", input.Tables.Count);
        var catalog = Batch(await services.CatalogAsync(input.MigrationId, input.Spec, ct), input);
        var findings = new List<ConversionFinding>();
        var prepared = await services.Target(input.Spec).PrepareAsync(input.MigrationId, catalog, input.Spec.Target.IfExists, findings, ct);
        return new PrepareResult(prepared) { Findings = findings };
    }

    /// <summary>
    /// The catalog as one batch sees it: its tables and every table that holds no rows (a partitioned parent, which
    /// no batch lists and its partitions need first); the first batch also gets the types and sequences, the others
    /// only the sequences their tables own or use as identities.
    /// </summary>
    public static SourceCatalog Batch(SourceCatalog catalog, PrepareWork batch)
    {
        var names = batch.Tables.ToHashSet();
        var tables = catalog.Tables.Where(t => names.Contains(t.Name) || !t.HoldsRows).ToList();
        if (batch.First) return catalog with { Tables = tables };
        return catalog with
        {
            Tables = tables, Enums = [], Domains = [], Composites = [],
            Sequences = catalog.Sequences.Where(s => s.OwnedByTable is { } owner && names.Contains(owner)).ToList(),
        };
    }
}
