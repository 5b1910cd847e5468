namespace Orchestrator.Core.Spec;

/// <summary>
/// Change capture and apply: with <see cref="Enabled"/>, capture starts before the first chunk is read and, after the
/// full load, the source's changes keep being applied to the target until cutover (docs/sync.md).
/// </summary>
public sealed record SyncSpec
{
    public bool Enabled { get; init; }
    /// <summary>At most this many changes in one target transaction (whole source transactions; a larger one goes alone).</summary>
    public int BatchChanges { get; init; } = 10_000;
    /// <summary>How long a batch waits for more changes when the source is quiet, in seconds.</summary>
    public double WaitSeconds { get; init; } = 1;
    /// <summary>Batches the sync orchestration applies before it starts afresh (ContinueAsNew), so its history stays short.</summary>
    public int BatchesPerGeneration { get; init; } = 100;

    public static void Validate(SyncSpec sync, List<string> problems)
    {
        if (sync.BatchChanges is < 1 or > 1_000_000)
            problems.Add($"sync.batchChanges: must be between 1 and 1000000 (got {sync.BatchChanges})");
        if (sync.WaitSeconds is < 0.05 or > 60)
            problems.Add($"sync.waitSeconds: must be between 0.05 and 60 (got {sync.WaitSeconds})");
        if (sync.BatchesPerGeneration is < 1 or > 10_000)
            problems.Add($"sync.batchesPerGeneration: must be between 1 and 10000 (got {sync.BatchesPerGeneration})");
    }
}
