using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// Validation of one loaded table: its aggregates and its whole-table digest, one sequential read of the target that
/// needs no index. Chunk digests add up to the table's, so only when the table's differs are its chunks read back one
/// by one, to name the ones that differ (eight range reads of a 2M-row table cost more than the one scan).
/// </summary>
public static class TableValidation
{
    public static async Task<(TableVerdict Verdict, IReadOnlyList<ChunkVerdict> Chunks)> RunAsync(
        IWorkflowContext context, string migrationId, MigrationSpec spec, TablePlan table, ActivityRetry retry)
    {
        var verdict = await context.CallActivityAsync<TableVerdict>(ActivityNames.ValidateTable,
            new TableWork(migrationId, spec, table), retry);
        return (verdict, await ChunksAsync(context, migrationId, spec, table, verdict, retry));
    }

    /// <summary>The chunks' own verdicts when the table's digest differs and its chunks can be read back by range; else none.</summary>
    public static async Task<IReadOnlyList<ChunkVerdict>> ChunksAsync(IWorkflowContext context, string migrationId, MigrationSpec spec,
        TablePlan table, TableVerdict verdict, ActivityRetry retry) =>
        verdict.WholeTableDigest is { Matches: false } && table.ChunksReadableFromTarget
            ? await Windowed.RunAsync(ChunkWork.For(migrationId, spec, table), spec.Chunking.MaxParallel,
                task => context.CallActivityAsync<ChunkVerdict>(ActivityNames.ValidateChunk, task, retry))
            : [];
}
