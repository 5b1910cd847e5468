namespace Orchestrator.Core.Sync;

/// <summary>
/// Whole source transactions read after <see cref="After"/>, in commit order, to apply in one target transaction that
/// also moves the sync position to <see cref="End"/>.
/// </summary>
public sealed class ChangeBatch
{
    /// <summary>The position the batch was read after: the target's stored position when it was asked for.</summary>
    public required string After { get; init; }
    public List<RowChange> Changes { get; } = [];
    public int Transactions { get; set; }
    /// <summary>
    /// The position once this batch is applied: the end of its last transaction, or a point the source says holds no
    /// more changes (the source was quiet). Equal to <see cref="After"/> when nothing moved, and also for a piece of a
    /// transaction too large for one batch: replaying such a piece over itself is harmless (upserts and deletes by key).
    /// </summary>
    public required string End { get; set; }
    /// <summary>When the source committed the last transaction of the batch.</summary>
    public DateTime? LastCommitUtc { get; set; }
    /// <summary>A cutover barrier reached at <see cref="End"/>: every change before it is in this batch or applied before.</summary>
    public string? Barrier { get; set; }
    /// <summary>Changes read from the source but left for later batches, and when the oldest of them committed.</summary>
    public long Pending { get; set; }
    public DateTime? OldestPendingUtc { get; set; }

    public bool Moves => End != After || Changes.Count > 0 || Barrier is not null;
}
