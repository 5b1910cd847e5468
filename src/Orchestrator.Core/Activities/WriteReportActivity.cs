using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Reporting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Writes report.json and report.md beside the migration's chunks and says whether it passed.</summary>
public sealed class WriteReportActivity(MigrationServices services) : WorkflowActivity<ReportInput, MigrationResult>
{
    public override string Name => ActivityNames.WriteReport;

    protected override async Task<MigrationResult> RunAsync(ReportInput input, Activity? span, CancellationToken ct)
    {
        var report = MigrationReport.From(input) with { SchemaFindings = (await services.CatalogAsync(input.MigrationId, input.Spec, ct)).Findings };
        var store = services.Store(input.Spec);
        await store.WriteDocumentAsync(input.MigrationId, Documents.ReportJson, JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
        await store.WriteDocumentAsync(input.MigrationId, Documents.ReportMarkdown, ReportMarkdown.Render(report), ct);
        return new MigrationResult(input.MigrationId, report.Passed, report.Tables.Count, report.Rows, report.Rejects, store.Describe(input.MigrationId));
    }
}
