using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Every activity of the workflows, by name: what a host registers.</summary>
public static class ActivityCatalog
{
    public static IReadOnlyDictionary<string, IWorkflowActivity> Create(MigrationServices services)
    {
        IWorkflowActivity[] all =
        [
            new DiscoverActivity(services), new PlanActivity(services), new PrepareTargetActivity(services),
            new ExtractChunkActivity(services), new ExtractChunksActivity(services), new LoadChunkActivity(services),
            new FinalizeTableActivity(services),
            new ValidateChunkActivity(services), new ValidateTableActivity(services), new ValidateAndFinalizeTableActivity(services),
            new MeasureVectorSearchActivity(services),
            new FinalizeMigrationActivity(services), new WriteGraphActivity(services), new WriteReportActivity(services),
            new Sync.Activities.ApplyChangesActivity(services), new Sync.Activities.BeginCutoverActivity(services),
            new Sync.Activities.AwaitBarrierActivity(services), new Sync.Activities.CompleteCutoverActivity(services),
            new Sync.Activities.WriteCutoverReportActivity(services),
            new Sync.Activities.ReadPrecheckActivity(services), new Sync.Activities.WritePrecheckActivity(services),
            new PlanCompareActivity(services), new CompareRangeActivity(services), new CompareTableRangesActivity(services),
            new RecheckRangeActivity(services),
            new CompareTableDigestActivity(services), new RepairTableActivity(services), new WriteCompareReportActivity(services),
        ];
        return all.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
    }
}
