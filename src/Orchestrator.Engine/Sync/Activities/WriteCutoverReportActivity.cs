using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>Writes cutover.json and cutover.md to the migration's staging area; a cutover compare stopped is recorded as such.</summary>
public sealed class WriteCutoverReportActivity(MigrationServices services) : WorkflowActivity<CutoverReportInput, CutoverResult>
{
    public const string Json = "cutover.json", Markdown = "cutover.md";

    public override string Name => ActivityNames.WriteCutoverReport;

    protected override async Task<CutoverResult> RunAsync(CutoverReportInput input, Activity? span, CancellationToken ct)
    {
        var target = services.TargetDataSource(input.Spec);
        if (!input.Ready)
            await CutoverLedger.MarkAsync(target, input.MigrationId, CutoverStates.Differences, ct, compared: input.Timeline.ComparedUtc,
                detail: $"compare {input.Compare?.CompareId} found {input.Compare?.Confirmed} differing row(s)");
        else await CutoverLedger.MarkAsync(target, input.MigrationId, CutoverStates.Ready, ct, compared: input.Timeline.ComparedUtc);
        var report = new CutoverReport
        {
            MigrationId = input.MigrationId, SourceDialect = input.Spec.Source.Dialect, Ready = input.Ready, Timeline = input.Timeline,
            Differences = input.Compare?.Confirmed ?? 0, CompareId = input.Compare?.CompareId,
            Compared = input.FullCompare ? CutoverReport.EveryRowCompared : CutoverReport.ChangedKeysCompared,
            CompareReport = input.Compare?.ReportLocation,
            Steps = input.Steps, Rollback = CutoverReport.RollbackFor(SourceDialects.TraitsOf(input.Spec.Source), input.MigrationId),
        };
        var store = services.Store(input.Spec);
        await store.WriteDocumentAsync(input.MigrationId, Json, JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
        await store.WriteDocumentAsync(input.MigrationId, Markdown, report.ToMarkdown(), ct);
        return new CutoverResult(input.MigrationId, input.Ready, report.Differences, input.Timeline,
            $"{store.Describe(input.MigrationId)}/{Markdown}", input.Steps);
    }
}
