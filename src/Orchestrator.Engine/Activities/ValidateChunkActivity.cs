using System.Diagnostics;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Reads a chunk's key range back from the target and compares its digest with what was extracted (from the ledger).</summary>
public sealed class ValidateChunkActivity(MigrationServices services) : WorkflowActivity<ChunkWork, ChunkVerdict>
{
    public override string Name => ActivityNames.ValidateChunk;

    protected override async Task<ChunkVerdict> RunAsync(ChunkWork input, Activity? span, CancellationToken ct)
    {
        var target = services.Target(input.Spec);
        var expected = await target.LedgerEntryAsync(input.MigrationId, input.Chunk.ChunkId, ct)
            ?? throw new InvalidOperationException($"chunk {input.Chunk.ChunkId} of {input.Source} is not in the load ledger; " +
                "resume the migration to load it");
        var actual = await target.ReadBackDigestAsync(input.Target, input.Columns, input.Chunk.Range, input.Format, ct);
        return new ChunkVerdict(input.Chunk.ChunkId, expected.Rows, expected.Hex, actual.Rows, actual.Hex);
    }
}
