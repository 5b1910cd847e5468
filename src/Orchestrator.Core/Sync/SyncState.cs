namespace Orchestrator.Core.Sync;

/// <summary>Where a sync is, as the database it applies to records it (written with the changes, in one transaction).</summary>
public sealed record SyncState(string Position, long AppliedChanges, long AppliedTransactions, DateTime? LastCommitUtc, DateTime AppliedUtc,
    long Pending, DateTime? OldestPendingUtc, string? Barrier);

/// <summary>The two directions a sync runs: forward into the target, reverse into the legacy database after cutover.</summary>
public static class SyncDirections
{
    public const string Forward = "forward", Reverse = "reverse";
}
