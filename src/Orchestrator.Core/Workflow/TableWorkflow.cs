using System.Text;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// One table: extract then load each chunk (chains overlap in a bounded window, so one chunk loads while the next
/// extracts), build its keys and indexes, then validate every chunk and the whole table.
/// </summary>
public static class TableWorkflow
{
    public const string Name = "TableWorkflow";
    const int CopyAttempts = 3;

    /// <summary>Deterministic and within Durable's rules for instance ids (1-100 characters, none of / \ # ?).</summary>
    public static string InstanceIdFor(string migrationInstanceId, TablePlan table)
    {
        var raw = $"{migrationInstanceId}:{table.Source.Schema}.{table.Source.Name}";
        var safe = new StringBuilder(raw.Length);
        foreach (var ch in raw) safe.Append(ch is '/' or '\\' or '#' or '?' || char.IsControl(ch) ? '_' : ch);
        var id = safe.ToString();
        return id.Length <= 100 ? id : $"{id[..80]}~{table.TableId[..4]}-{Fnv(raw):x8}";
    }

    public static async Task<TableResult> RunAsync(IWorkflowContext context, TableInput input)
    {
        var started = context.CurrentUtcDateTime;
        var table = input.Table;
        var retry = ActivityRetry.Default;
        var tasks = ChunkTask.For(input.MigrationId, input.Spec, table);

        var copied = await Windowed.RunAsync(tasks, input.Spec.Chunking.MaxParallel, async task =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var extract = await context.CallActivityAsync<ExtractResult>(ActivityNames.ExtractChunk, task, retry);
                var load = await context.CallActivityAsync<LoadResult>(ActivityNames.LoadChunk, task, retry);
                if (load.Status != nameof(LoadStatus.Corrupt)) return (extract, load);
                // The load deleted the corrupt chunk, so the next extract reads it from the source again.
                if (attempt == CopyAttempts)
                    throw new InvalidOperationException(
                        $"chunk {task.Chunk.ChunkId} of {table.Source} failed its digest check {CopyAttempts} times: {load.Problem}. " +
                        "Check the staging store's storage, then resume the migration with the same id.");
            }
        });

        var tableTask = new TableTask(input.MigrationId, input.Spec, table);
        await context.CallActivityAsync<FinalizeTableResult>(ActivityNames.FinalizeTable, tableTask, retry);

        // The table's aggregates and its chunks' read-backs are independent reads: run them side by side.
        var tableVerdict = context.CallActivityAsync<TableVerdict>(ActivityNames.ValidateTable, tableTask, retry);
        IReadOnlyList<ChunkVerdict> verdicts = [];
        if (input.Spec.Validation.Digests && table.ChunksReadableFromTarget)
            verdicts = await Windowed.RunAsync(tasks, input.Spec.Chunking.MaxParallel,
                task => context.CallActivityAsync<ChunkVerdict>(ActivityNames.ValidateChunk, task, retry));
        var verdict = await tableVerdict;

        return new TableResult
        {
            TableId = table.TableId,
            Source = table.Source,
            Target = table.Target,
            Chunks = table.Chunks.Count,
            RowsExtracted = copied.Sum(c => c.extract.Rows + c.extract.Rejects),
            RowsLoaded = copied.Sum(c => c.load.Rows),
            Rejects = copied.Sum(c => c.extract.Rejects),
            ArtifactsStored = copied.Sum(c => c.extract.ArtifactsStored),
            Bytes = copied.Sum(c => c.extract.Bytes),
            CompressedBytes = copied.Sum(c => c.extract.CompressedBytes),
            StartedUtc = started,
            FinishedUtc = context.CurrentUtcDateTime,
            ChunkVerdicts = verdicts,
            Verdict = verdict,
        };
    }

    static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) hash = unchecked((hash ^ ch) * 16777619u);
        return hash;
    }
}
