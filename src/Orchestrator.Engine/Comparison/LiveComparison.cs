using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// The live comparison as an engine call: runs <see cref="CompareWorkflow"/> in this process and returns its report.
/// `migrator compare` is this; a cutover that needs zero differences calls it too (or, under Durable, starts the
/// workflow as a sub-orchestration).
/// </summary>
public static class LiveComparison
{
    public static async Task<CompareReport> RunAsync(MigrationServices services, CompareInput input, CancellationToken ct = default)
    {
        var host = new EmbeddedWorkflowHost(ActivityCatalog.Create(services), input.Spec.Chunking.MaxParallel);
        var result = await host.RunAsync<CompareResult>(CompareWorkflow.Name, CompareWorkflow.InstanceIdFor(input.MigrationId), input, ct);
        return await ReadReportAsync(services.Store(input.Spec), input.MigrationId, result.CompareId, ct)
            ?? throw new InvalidOperationException($"comparison {result.CompareId} wrote no report to {result.ReportLocation}");
    }

    /// <summary>A comparison's report from the staging store (the latest when no id is given), or null.</summary>
    public static async Task<CompareReport?> ReadReportAsync(IChunkStore store, string migrationId, string? compareId = null,
        CancellationToken ct = default)
    {
        var json = await store.ReadDocumentAsync(migrationId,
            compareId is null ? LeafDocuments.Latest : LeafDocuments.Report(compareId), ct);
        return json is null ? null : JsonSerializer.Deserialize<CompareReport>(json, SpecLoader.JsonOptions);
    }
}
