using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Writes compare.json and compare.md into the migration's staging area: under the comparison's id, and as the latest.</summary>
public sealed class WriteCompareReportActivity(MigrationServices services) : WorkflowActivity<CompareReportInput, CompareResult>
{
    public override string Name => ActivityNames.WriteCompareReport;

    protected override async Task<CompareResult> RunAsync(CompareReportInput input, Activity? span, CancellationToken ct)
    {
        var report = CompareReport.From(input);
        var store = services.Store(input.Compare.Spec);
        var json = JsonSerializer.Serialize(report, SpecLoader.JsonOptions);
        var markdown = CompareMarkdown.Render(report);
        await store.WriteDocumentAsync(input.MigrationId, LeafDocuments.Report(report.CompareId), json, ct);
        await store.WriteDocumentAsync(input.MigrationId, LeafDocuments.ReportMarkdown(report.CompareId), markdown, ct);
        await store.WriteDocumentAsync(input.MigrationId, LeafDocuments.Latest, json, ct);
        await store.WriteDocumentAsync(input.MigrationId, LeafDocuments.LatestMarkdown, markdown, ct);
        span?.SetTag("migration.compare.confirmed", report.Confirmed);
        return new CompareResult(input.MigrationId, report.CompareId, report.Passed, report.Tables.Count, report.Confirmed, report.Settled,
            $"{store.Describe(input.MigrationId)}/{LeafDocuments.Report(report.CompareId)}");
    }
}
