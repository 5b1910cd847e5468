using Microsoft.Azure.Functions.Worker;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Graph;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Functions.Durable;

/// <summary>One activity function per Core activity, each a delegation: the behaviour is Core's.</summary>
public sealed class ActivityFunctions(CoreActivities activities)
{
    [Function(ActivityNames.Discover)]
    public Task<DiscoverResult> Discover([ActivityTrigger] MigrationWork input, FunctionContext context) =>
        activities.RunAsync<DiscoverResult>(ActivityNames.Discover, input, context.CancellationToken);

    [Function(ActivityNames.Plan)]
    public Task<PlanResult> Plan([ActivityTrigger] MigrationWork input, FunctionContext context) =>
        activities.RunAsync<PlanResult>(ActivityNames.Plan, input, context.CancellationToken);

    [Function(ActivityNames.PrepareTarget)]
    public Task<PrepareResult> PrepareTarget([ActivityTrigger] PrepareWork input, FunctionContext context) =>
        activities.RunAsync<PrepareResult>(ActivityNames.PrepareTarget, input, context.CancellationToken);

    [Function(ActivityNames.ExtractChunk)]
    public Task<ExtractResult> ExtractChunk([ActivityTrigger] ChunkWork input, FunctionContext context) =>
        activities.RunAsync<ExtractResult>(ActivityNames.ExtractChunk, input, context.CancellationToken);

    [Function(ActivityNames.ExtractChunks)]
    public Task<IReadOnlyList<ExtractResult>> ExtractChunks([ActivityTrigger] ChunksWork input, FunctionContext context) =>
        activities.RunAsync<IReadOnlyList<ExtractResult>>(ActivityNames.ExtractChunks, input, context.CancellationToken);

    [Function(ActivityNames.LoadChunk)]
    public Task<LoadResult> LoadChunk([ActivityTrigger] ChunkWork input, FunctionContext context) =>
        activities.RunAsync<LoadResult>(ActivityNames.LoadChunk, input, context.CancellationToken);

    [Function(ActivityNames.FinalizeTable)]
    public Task<FinalizeTableResult> FinalizeTable([ActivityTrigger] TableWork input, FunctionContext context) =>
        activities.RunAsync<FinalizeTableResult>(ActivityNames.FinalizeTable, input, context.CancellationToken);

    [Function(ActivityNames.ValidateChunk)]
    public Task<ChunkVerdict> ValidateChunk([ActivityTrigger] ChunkWork input, FunctionContext context) =>
        activities.RunAsync<ChunkVerdict>(ActivityNames.ValidateChunk, input, context.CancellationToken);

    [Function(ActivityNames.ValidateTable)]
    public Task<TableVerdict> ValidateTable([ActivityTrigger] TableWork input, FunctionContext context) =>
        activities.RunAsync<TableVerdict>(ActivityNames.ValidateTable, input, context.CancellationToken);

    [Function(ActivityNames.ValidateAndFinalizeTable)]
    public Task<ValidatedAndFinalized> ValidateAndFinalizeTable([ActivityTrigger] TableWork input, FunctionContext context) =>
        activities.RunAsync<ValidatedAndFinalized>(ActivityNames.ValidateAndFinalizeTable, input, context.CancellationToken);

    [Function(ActivityNames.MeasureVectorSearch)]
    public Task<VectorSearchResult> MeasureVectorSearch([ActivityTrigger] TableWork input, FunctionContext context) =>
        activities.RunAsync<VectorSearchResult>(ActivityNames.MeasureVectorSearch, input, context.CancellationToken);

    [Function(ActivityNames.FinalizeMigration)]
    public Task<FinalizeMigrationResult> FinalizeMigration([ActivityTrigger] MigrationWork input, FunctionContext context) =>
        activities.RunAsync<FinalizeMigrationResult>(ActivityNames.FinalizeMigration, input, context.CancellationToken);

    [Function(ActivityNames.WriteGraph)]
    public Task<GraphReport> WriteGraph([ActivityTrigger] MigrationWork input, FunctionContext context) =>
        activities.RunAsync<GraphReport>(ActivityNames.WriteGraph, input, context.CancellationToken);

    [Function(ActivityNames.WriteReport)]
    public Task<MigrationResult> WriteReport([ActivityTrigger] ReportInput input, FunctionContext context) =>
        activities.RunAsync<MigrationResult>(ActivityNames.WriteReport, input, context.CancellationToken);

    [Function(ActivityNames.ApplyChanges)]
    public Task<SyncBatchResult> ApplyChanges([ActivityTrigger] SyncTask input, FunctionContext context) =>
        activities.RunAsync<SyncBatchResult>(ActivityNames.ApplyChanges, input, context.CancellationToken);

    [Function(ActivityNames.BeginCutover)]
    public Task<CutoverBegun> BeginCutover([ActivityTrigger] CutoverInput input, FunctionContext context) =>
        activities.RunAsync<CutoverBegun>(ActivityNames.BeginCutover, input, context.CancellationToken);

    [Function(ActivityNames.AwaitBarrier)]
    public Task<CutoverCaughtUp> AwaitBarrier([ActivityTrigger] CutoverWait input, FunctionContext context) =>
        activities.RunAsync<CutoverCaughtUp>(ActivityNames.AwaitBarrier, input, context.CancellationToken);

    [Function(ActivityNames.CompleteCutover)]
    public Task<CutoverCompleted> CompleteCutover([ActivityTrigger] CutoverCompletion input, FunctionContext context) =>
        activities.RunAsync<CutoverCompleted>(ActivityNames.CompleteCutover, input, context.CancellationToken);

    [Function(ActivityNames.WriteCutoverReport)]
    public Task<CutoverResult> WriteCutoverReport([ActivityTrigger] CutoverReportInput input, FunctionContext context) =>
        activities.RunAsync<CutoverResult>(ActivityNames.WriteCutoverReport, input, context.CancellationToken);

    [Function(ActivityNames.ReadPrecheck)]
    public Task<PrecheckRecall> ReadPrecheck([ActivityTrigger] CutoverInput input, FunctionContext context) =>
        activities.RunAsync<PrecheckRecall>(ActivityNames.ReadPrecheck, input, context.CancellationToken);

    [Function(ActivityNames.WritePrecheck)]
    public Task<StoredPrecheck> WritePrecheck([ActivityTrigger] PrecheckWrite input, FunctionContext context) =>
        activities.RunAsync<StoredPrecheck>(ActivityNames.WritePrecheck, input, context.CancellationToken);

    [Function(ActivityNames.PlanCompare)]
    public Task<ComparePlan> PlanCompare([ActivityTrigger] CompareInput input, FunctionContext context) =>
        activities.RunAsync<ComparePlan>(ActivityNames.PlanCompare, input, context.CancellationToken);

    [Function(ActivityNames.CompareRange)]
    public Task<RangeOutcome> CompareRange([ActivityTrigger] RangeTask input, FunctionContext context) =>
        activities.RunAsync<RangeOutcome>(ActivityNames.CompareRange, input, context.CancellationToken);

    [Function(ActivityNames.CompareTableRanges)]
    public Task<IReadOnlyList<RangeOutcome>> CompareTableRanges([ActivityTrigger] TablePassTask input, FunctionContext context) =>
        activities.RunAsync<IReadOnlyList<RangeOutcome>>(ActivityNames.CompareTableRanges, input, context.CancellationToken);

    [Function(ActivityNames.RecheckRange)]
    public Task<RecheckOutcome> RecheckRange([ActivityTrigger] RangeTask input, FunctionContext context) =>
        activities.RunAsync<RecheckOutcome>(ActivityNames.RecheckRange, input, context.CancellationToken);

    [Function(ActivityNames.CompareTableDigest)]
    public Task<RangeOutcome> CompareTableDigest([ActivityTrigger] TableDigestTask input, FunctionContext context) =>
        activities.RunAsync<RangeOutcome>(ActivityNames.CompareTableDigest, input, context.CancellationToken);

    [Function(ActivityNames.RepairTable)]
    public Task<RepairOutcome> RepairTable([ActivityTrigger] RepairTask input, FunctionContext context) =>
        activities.RunAsync<RepairOutcome>(ActivityNames.RepairTable, input, context.CancellationToken);

    [Function(ActivityNames.WriteCompareReport)]
    public Task<CompareResult> WriteCompareReport([ActivityTrigger] CompareReportInput input, FunctionContext context) =>
        activities.RunAsync<CompareResult>(ActivityNames.WriteCompareReport, input, context.CancellationToken);
}
