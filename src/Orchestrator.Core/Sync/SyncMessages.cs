using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync;

// Messages of the sync and the cutover: descriptors only; changes go from source to target inside one activity.

/// <summary>
/// The sync orchestration's input; it starts afresh with the same input every <see cref="SyncSpec.BatchesPerGeneration"/> batches.
/// </summary>
public sealed record SyncInput(string MigrationId, MigrationSpec Spec, string Direction = SyncDirections.Forward, int Generation = 0)
    : IMigrationMessage
{
    /// <summary>A cutover request that arrived as the generation before ended: the next one starts it.</summary>
    public CutoverRequest? Requested { get; init; }
}

public sealed record SyncTask(string MigrationId, MigrationSpec Spec, string Direction) : IMigrationMessage;

/// <summary>One batch pulled and applied: how much, where the sync is, and whether cutover has ended it.</summary>
public sealed record SyncBatchResult(long Changes, int Transactions, string Position, long Pending, string? Barrier, bool CutOver)
{
    public long Rejects { get; init; }
}

/// <summary>What a running sync shows as its custom status (HTTP status endpoint, terminal).</summary>
public sealed record SyncStatus(string Phase, string Direction, string Position, long AppliedChanges, long Pending, int Generation);

/// <summary>How a sync ended: cutover completed (forward), or stopped.</summary>
public sealed record SyncResult(string MigrationId, string Direction, string Position, bool CutOver, CutoverResult? Report = null);

/// <summary>
/// Cutover's input: wait for the barrier at most <see cref="TimeoutSeconds"/>; stop the source's writes itself when
/// <see cref="ReadOnly"/>; compare every row when <see cref="FullCompare"/>, else the keys the sync changed. With
/// <see cref="Prepare"/>, only the pre-check runs (writes go on) and is kept for the cutover that follows.
/// </summary>
public sealed record CutoverInput(string MigrationId, MigrationSpec Spec, bool ReadOnly = false, int TimeoutSeconds = 300,
    bool FullCompare = false, bool Prepare = false) : IMigrationMessage;

/// <summary>
/// A pre-check kept between runs (cutover --prepare): the tables it vouched for, when, the keys each round compared,
/// and the sync it belongs to (the catalog's source position), so a later migration under the same id cannot use it.
/// </summary>
public sealed record StoredPrecheck(string SourcePosition, DateTime AtUtc, IReadOnlyList<long> RoundKeys,
    IReadOnlyList<Comparison.Precheck> Prechecks);

/// <summary>The stored pre-check, if one applies; else why none does (null: none was made).</summary>
public sealed record PrecheckRecall(StoredPrecheck? Stored, string? Ignored);

public sealed record PrecheckWrite(string MigrationId, MigrationSpec Spec, DateTime AtUtc, IReadOnlyList<long> RoundKeys,
    IReadOnlyList<Comparison.Precheck> Prechecks) : IMigrationMessage;

/// <summary>
/// Cutover has begun: writes stopped at <see cref="WritesStoppedUtc"/>, and the sync reports reaching <see cref="Barrier"/>.
/// </summary>
public sealed record CutoverBegun(string Barrier, DateTime WritesStoppedUtc);

public sealed record CutoverWait(string MigrationId, MigrationSpec Spec, string Barrier, int Seconds) : IMigrationMessage;

/// <summary>Whether the sync applied everything before the barrier, when, and how many changes it had applied then.</summary>
public sealed record CutoverCaughtUp(bool CaughtUp, DateTime? AtUtc, long AppliedChanges, string Lag);

public sealed record CutoverCompletion(string MigrationId, MigrationSpec Spec, long AppliedAtBarrier) : IMigrationMessage;

public sealed record CutoverCompleted(IReadOnlyList<string> Steps, DateTime ReadyUtc);

public sealed record CutoverReportInput(string MigrationId, MigrationSpec Spec, CutoverTimeline Timeline, Comparison.CompareResult? Compare,
    IReadOnlyList<string> Steps, bool Ready, bool FullCompare = false) : IMigrationMessage;

/// <summary>What cutover found: ready (exit 0), differences (exit 1), and its timeline.</summary>
public sealed record CutoverResult(string MigrationId, bool Ready, long Differences, CutoverTimeline Timeline, string ReportLocation,
    IReadOnlyList<string> Steps)
{
    /// <summary>Set by cutover --prepare, which stops after the pre-check: what it kept.</summary>
    public StoredPrecheck? Prepared { get; init; }
}

/// <summary>The downtime window, measured: writes stopped, caught up, compared, ready.</summary>
public sealed record CutoverTimeline(DateTime WritesStoppedUtc, DateTime? CaughtUpUtc, DateTime? ComparedUtc, DateTime? ReadyUtc)
{
    public double? DowntimeSeconds => ReadyUtc is { } ready ? (ready - WritesStoppedUtc).TotalSeconds : null;
    /// <summary>When the pre-check, run while writes still went on, had compared the keys changed until it began.</summary>
    public DateTime? PrecheckedUtc { get; init; }
}
