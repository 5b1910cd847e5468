namespace Orchestrator.Core.Workflow;

/// <summary>The names workflows call activities by; each host registers one function per name.</summary>
public static class ActivityNames
{
    public const string Discover = nameof(Discover);
    public const string Plan = nameof(Plan);
    public const string PrepareTarget = nameof(PrepareTarget);
    public const string ExtractChunk = nameof(ExtractChunk);
    public const string ExtractChunks = nameof(ExtractChunks);
    public const string LoadChunk = nameof(LoadChunk);
    public const string FinalizeTable = nameof(FinalizeTable);
    public const string ValidateChunk = nameof(ValidateChunk);
    public const string ValidateTable = nameof(ValidateTable);
    public const string ValidateAndFinalizeTable = nameof(ValidateAndFinalizeTable);
    public const string MeasureVectorSearch = nameof(MeasureVectorSearch);
    public const string FinalizeMigration = nameof(FinalizeMigration);
    public const string WriteGraph = nameof(WriteGraph);
    public const string WriteReport = nameof(WriteReport);
    public const string ApplyChanges = nameof(ApplyChanges);
    public const string BeginCutover = nameof(BeginCutover);
    public const string AwaitBarrier = nameof(AwaitBarrier);
    public const string CompleteCutover = nameof(CompleteCutover);
    public const string WriteCutoverReport = nameof(WriteCutoverReport);
    public const string ReadPrecheck = nameof(ReadPrecheck);
    public const string WritePrecheck = nameof(WritePrecheck);
    public const string PlanCompare = nameof(PlanCompare);
    public const string CompareRange = nameof(CompareRange);
    public const string CompareTableRanges = nameof(CompareTableRanges);
    public const string RecheckRange = nameof(RecheckRange);
    public const string CompareTableDigest = nameof(CompareTableDigest);
    public const string RepairTable = nameof(RepairTable);
    public const string WriteCompareReport = nameof(WriteCompareReport);

    public static IReadOnlyList<string> All { get; } =
        [Discover, Plan, PrepareTarget, ExtractChunk, ExtractChunks, LoadChunk, FinalizeTable, ValidateChunk, ValidateTable,
            ValidateAndFinalizeTable, MeasureVectorSearch, FinalizeMigration, WriteGraph, WriteReport, PlanCompare, CompareRange,
            CompareTableRanges, RecheckRange, CompareTableDigest, RepairTable, WriteCompareReport, ApplyChanges, BeginCutover,
            AwaitBarrier, CompleteCutover, WriteCutoverReport, ReadPrecheck, WritePrecheck];
}
