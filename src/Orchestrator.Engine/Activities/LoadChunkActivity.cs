using System.Diagnostics;
using Orchestrator.Core.Target;
using Orchestrator.Core.Telemetry;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// COPYs a sealed chunk into the target with its ledger row (exactly once). A chunk that fails its digest is
/// deleted from the store and reported Corrupt, so the workflow extracts it again.
/// </summary>
public sealed class LoadChunkActivity(MigrationServices services) : WorkflowActivity<ChunkWork, LoadResult>
{
    public override string Name => ActivityNames.LoadChunk;

    protected override async Task<LoadResult> RunAsync(ChunkWork input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.id", input.MigrationId);
        span?.SetTag("migration.table", input.Target.ToString());
        span?.SetTag("migration.chunk", input.Chunk.ChunkId);
        var started = Stopwatch.GetTimestamp();
        var store = services.Store(input.Spec);
        var target = services.Target(input.Spec);
        var table = input.Source.ToString();
        var manifest = await store.TryGetManifestAsync(input.MigrationId, input.Chunk.ChunkId, ct);
        if (manifest is null)
        {
            // Loaded earlier and the staging area was cleaned since: the ledger still knows.
            if (await target.LedgerEntryAsync(input.MigrationId, input.Chunk.ChunkId, ct) is { } loaded)
                return new LoadResult(input.Chunk.ChunkId, LoadStatus.AlreadyLoaded, loaded.Rows, null);
            return new LoadResult(input.Chunk.ChunkId, LoadStatus.Corrupt, 0, "the chunk is not in the staging store");
        }

        var outcome = await target.LoadChunkAsync(manifest, input.Target, c => store.OpenDataAsync(manifest, c),
            bytes => services.Progress.LoadedBytes(table, bytes),
            c => manifest.RejectsDocument is { } rejects ? store.ReadDocumentAsync(input.MigrationId, rejects, c)
                : Task.FromResult<string?>(null), ct);
        if (outcome.Status == LoadStatus.Corrupt)
            await store.DeleteChunkAsync(input.MigrationId, input.Chunk.ChunkId, ct);
        else
            services.Progress.ChunkLoaded(table, outcome.Rows);
        if (outcome.Status == LoadStatus.Loaded)
        {
            MigrationTelemetry.RowsCopied.Add(outcome.Rows);
            MigrationTelemetry.ChunkDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds + manifest.ExtractSeconds);
        }
        span?.SetTag("migration.rows", outcome.Rows);
        return new LoadResult(input.Chunk.ChunkId, outcome.Status, outcome.Rows, outcome.Problem);
    }
}
