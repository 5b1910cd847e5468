using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sync;

/// <summary>
/// How far a sync is behind its source: in changes read but not yet applied, in bytes of change log (where the
/// source can tell), and in seconds since the oldest unapplied change committed. Running says whether a sync has
/// been heard from lately; a sync that is not running leaves the source's lag growing unseen in changes.
/// </summary>
public sealed record SyncLag(string MigrationId, string Direction, string? Applied, string Source, long Changes,
    long? Bytes, double Seconds,
    bool Running, DateTime? AppliedUtc, long AppliedChanges, long AppliedTransactions, string? Cutover)
{
    public static async Task<SyncLag> MeasureAsync(MigrationServices services, string migrationId, MigrationSpec spec,
        string direction, CancellationToken ct)
    {
        var ends = await SyncEnds.ForAsync(services, migrationId, spec, direction, ct);
        var state = await SyncLedger.ReadAsync(ends.Apply, migrationId, direction, ct);
        var source = await ends.Capture.CurrentPositionAsync(ct);
        var applied = state?.Position
            ?? (direction == SyncDirections.Forward ? (await services.CatalogAsync(migrationId, spec, ct)).Position?.Value : null);
        var now = DateTime.UtcNow;
        var running = state is not null && now - state.AppliedUtc < TimeSpan.FromSeconds(Math.Max(10, 5 * spec.Sync.WaitSeconds));
        var bytes = applied is null ? null : ends.Capture.Distance(applied, source);
        var seconds = state is { Pending: > 0, OldestPendingUtc: { } oldest } ? Math.Max(0, (now - oldest).TotalSeconds)
            : !running && state is not null && bytes > 0 ? (now - state.AppliedUtc).TotalSeconds : 0;
        var cutover = direction == SyncDirections.Forward ? await SyncLedger.CutoverStateAsync(ends.Apply, migrationId, ct) : null;
        return new SyncLag(migrationId, direction, applied, source, state?.Pending ?? 0, bytes, seconds, running, state?.AppliedUtc,
            state?.AppliedChanges ?? 0, state?.AppliedTransactions ?? 0, cutover);
    }

    public override string ToString() =>
        $"sync {Direction} of {MigrationId}: applied {AppliedChanges:N0} changes in {AppliedTransactions:N0} transactions, " +
        $"at {Applied ?? "(not started)"}" +
        $"{(AppliedUtc is { } at ? $" ({at:yyyy-MM-dd HH:mm:ss}Z)" : "")}; source at {Source}\n" +
        $"lag: {Changes:N0} changes, {(Bytes is { } b ? $"{b:N0} bytes" : "bytes not known")}, {Seconds:F1} s" +
        $"{(Running ? "" : " (no sync running: the lag grows until migrator sync runs)")}" +
        (Cutover is null ? "" : $"\ncutover: {Cutover}");
}
