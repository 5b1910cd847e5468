using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Reporting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Writes report.json and report.md beside the migration's chunks and says whether it passed.</summary>
public sealed class WriteReportActivity(MigrationServices services) : WorkflowActivity<ReportInput, MigrationResult>
{
    public override string Name => ActivityNames.WriteReport;

    protected override async Task<MigrationResult> RunAsync(ReportInput input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var sourceNamespace = $"{input.Spec.Source.Dialect}://" +
            $"{ConnectionLocation.Describe(services.Connections.Resolve(input.Spec.Source.Connection, "source.connection"))}";
        var targetNamespace =
            $"postgres://{ConnectionLocation.Describe(services.Connections.Resolve(input.Spec.Target.Connection, "target.connection"))}";
        var lineage = input.Tables.Select(t => catalog.Find(t.Source) is { } info
            ? LineageEvent.For(input.MigrationId, t, info, sourceNamespace, targetNamespace, input.Position)
                : null).OfType<LineageEvent>().ToList();
        var store = services.Store(input.Spec);
        var plan = await store.ReadDocumentAsync(input.MigrationId, Documents.Plan, ct) is { } json
            ? StagedDocuments.Plan(json, StagedDocuments.Where(store, input.MigrationId, Documents.Plan)) : null;
        var report = MigrationReport.From(input) with
        {
            SchemaFindings = [.. catalog.Findings, .. input.TargetFindings], Lineage = lineage,
            UnavailableProbes = Catalog.UnavailableProbe.Merge(catalog.UnavailableProbes, plan?.UnavailableProbes ?? []),
        };
        await store.WriteDocumentAsync(input.MigrationId, Documents.ReportJson,
            JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
        await store.WriteDocumentAsync(input.MigrationId, Documents.ReportMarkdown, ReportMarkdown.Render(report), ct);
        return new MigrationResult(input.MigrationId, report.Passed, report.Tables.Count, report.Rows, report.Rejects,
            store.Describe(input.MigrationId));
    }
}
