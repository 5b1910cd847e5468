using System.Text;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// One table: extract then load each chunk (<see cref="Pipelined"/>: chunks load while others extract), then build its
/// keys and indexes while the table is validated (<see cref="TableValidation"/>).
/// </summary>
public static class TableWorkflow
{
    public const string Name = "TableWorkflow";
    const int CopyAttempts = 3;

    /// <summary>
    /// The most chunks one sequential read stages at once (<see cref="TablePlan.ReadInOnePass"/>): each holds a staged
    /// object and its compression sample (1 MiB) open until the read ends, and a blob also its block buffer (8 MiB), so
    /// blob staging reads fewer at a time. Part of the workflow: a change would replay in-flight migrations differently.
    /// </summary>
    public static int OnePassChunks(MigrationSpec spec) => spec.Staging.Kind == "local" ? 32 : 8;

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
        var tasks = ChunkWork.For(input.MigrationId, input.Spec, table);

        var copied = await Pipelined.RunAsync(tasks, input.Spec.Chunking.MaxParallel,
            Extraction(context, input, retry),
            task => context.CallActivityAsync<LoadResult>(ActivityNames.LoadChunk, task, retry),
            (task, load, attempt) =>
            {
                if (load.Status != LoadStatus.Corrupt) return false;
                // The load deleted the corrupt chunk, so the next extract reads it from the source again.
                if (attempt == CopyAttempts)
                    throw new InvalidOperationException(
                        $"chunk {task.Chunk.ChunkId} of {table.Source} failed its digest check {CopyAttempts} times: {load.Problem}. " +
                        "Check the staging store's storage, then resume the migration with the same id.");
                return true;
            });

        var extracts = copied.Select(c => c.First).ToList();
        var (verdict, verdicts, finalized) = await TailAsync(context, input, copied.Sum(c => c.Second.Rows), retry);
        // Vector indexes are measured once built and validated, so that their latency is not the validation's reads.
        var search = finalized.VectorSearchColumns.Count == 0 ? new VectorSearchResult([])
            : await context.CallActivityAsync<VectorSearchResult>(ActivityNames.MeasureVectorSearch,
                new TableWork(input.MigrationId, input.Spec, table), retry);

        return new TableResult
        {
            TableId = table.TableId,
            Source = table.Source,
            Target = table.Target,
            Chunks = table.Chunks.Count,
            RowsExtracted = extracts.Sum(e => e.Rows + e.Rejects),
            RowsLoaded = copied.Sum(c => c.Second.Rows),
            Rejects = extracts.Sum(e => e.Rejects),
            ArtifactsStored = extracts.Sum(e => e.ArtifactsStored),
            Bytes = extracts.Sum(e => e.Bytes),
            CompressedBytes = extracts.Sum(e => e.CompressedBytes),
            StartedUtc = started,
            FinishedUtc = context.CurrentUtcDateTime,
            ChunkVerdicts = verdicts,
            Verdict = verdict,
            VectorSearch = search.Columns,
        };
    }

    /// <summary>
    /// How each chunk is extracted: alone, by its range; or, in a table read in one pass, by the read of its run of up
    /// to <see cref="OnePassChunks"/> chunks. Runs are read one after another, so the source serves one sequential read
    /// of the table at a time while the loads of one run overlap the read of the next. A chunk sent back to extraction
    /// (a corrupt load) is read alone.
    /// </summary>
    static Func<ChunkWork, Task<ExtractResult>> Extraction(IWorkflowContext context, TableInput input, ActivityRetry retry)
    {
        var table = input.Table;
        Task<ExtractResult> Alone(ChunkWork task) => context.CallActivityAsync<ExtractResult>(ActivityNames.ExtractChunk, task, retry);
        if (!table.ReadInOnePass) return Alone;

        var position = table.Chunks.Select((chunk, i) => (chunk.ChunkId, i)).ToDictionary(p => p.ChunkId, p => p.i);
        var size = OnePassChunks(input.Spec);
        var runs = new Dictionary<int, Task<IReadOnlyList<ExtractResult>>>();
        var read = new HashSet<string>();
        Task<IReadOnlyList<ExtractResult>> Run(int k) => runs.TryGetValue(k, out var run) ? run : runs[k] = ReadRun(k);
        async Task<IReadOnlyList<ExtractResult>> ReadRun(int k)
        {
            if (k > 0) await Run(k - 1);
            var chunks = table.Chunks.Skip(k * size).Take(size).ToList();
            return await context.CallActivityAsync<IReadOnlyList<ExtractResult>>(ActivityNames.ExtractChunks,
                new ChunksWork(input.MigrationId, input.Spec, table.TableId, table.Source, table.Target, table.Columns, table.Format,
                    chunks, table.Read), retry);
        }
        return async task =>
        {
            if (!read.Add(task.Chunk.ChunkId)) return await Alone(task);
            var i = position[task.Chunk.ChunkId];
            return (await Run(i / size))[i % size];
        };
    }

    /// <summary>
    /// Keys and indexes are built while the table is validated: the source's aggregates need nothing from the target,
    /// and the target's reads wait only for the primary key's exclusive lock, then run beside the secondary indexes and
    /// ANALYZE (both let readers in). A small one-chunk table does both in one activity: there the activities' own
    /// cost is most of the tail's, and a schema of thousands of tables pays it per table.
    /// </summary>
    static async Task<(TableVerdict, IReadOnlyList<ChunkVerdict>, FinalizeTableResult)> TailAsync(IWorkflowContext context,
        TableInput input, long loadedRows, ActivityRetry retry)
    {
        var (table, work) = (input.Table, new TableWork(input.MigrationId, input.Spec, input.Table));
        if (input.SmallTailInOne && IsSmallOneChunk(input, loadedRows))
        {
            var both = await context.CallActivityAsync<ValidatedAndFinalized>(ActivityNames.ValidateAndFinalizeTable, work, retry);
            return (both.Verdict,
                await TableValidation.ChunksAsync(context, input.MigrationId, input.Spec, table, both.Verdict, retry), both.Finalized);
        }
        var finalize = context.CallActivityAsync<FinalizeTableResult>(ActivityNames.FinalizeTable, work, retry);
        var validation = TableValidation.RunAsync(context, input.MigrationId, input.Spec, table, retry);
        await Task.WhenAll(finalize, validation);
        var (verdict, verdicts) = await validation;
        return (verdict, verdicts, await finalize);
    }

    /// <summary>
    /// One chunk, and fewer rows than the target calls small (its autovacuum pause starts at 100,000 estimated). A large
    /// table keeps two activities, which Durable can run on two workers. The rows loaded are known by now, so a table
    /// estimated at none (empty, or never measured) is judged by them; inputs recorded before that rule judged by the
    /// estimate alone and kept two activities for an estimate of none, and replay as they ran.
    /// </summary>
    static bool IsSmallOneChunk(TableInput input, long loadedRows) => input.Table.Chunks.Count == 1 &&
        (input.SmallTailByLoadedRows
            ? input.Table.EstimatedRows < 100_000 && loadedRows < 100_000
            : input.Table.EstimatedRows is > 0 and < 100_000);

    static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) hash = unchecked((hash ^ ch) * 16777619u);
        return hash;
    }
}
