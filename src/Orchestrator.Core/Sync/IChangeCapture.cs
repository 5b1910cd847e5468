using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sync;

/// <summary>
/// A source dialect's change capture. A capture is named by its id (the migration's, or the reverse sync's): it is
/// started before the first chunk is read, read from in batches, and stopped at cutover. Every call is idempotent.
/// </summary>
public interface IChangeCapture
{
    /// <summary>The kind of position (lsn, ct-version, cdc-lsn, scn), as <see cref="SourcePosition.Kind"/> spells it.</summary>
    string PositionKind { get; }

    /// <summary>The position in a form that sorts as text in the source's order (for comparisons in SQL and code).</summary>
    string SortKey(string position);

    /// <summary>Sets capture up for these tables (checking what it needs first) and returns the position it starts from.</summary>
    Task<SourcePosition> StartAsync(string captureId, IReadOnlyList<SyncTable> tables, CancellationToken ct);

    /// <summary>A feed of the changes committed after <paramref name="after"/>.</summary>
    Task<IChangeFeed> OpenAsync(string captureId, IReadOnlyList<SyncTable> tables, string after, CancellationToken ct);

    /// <summary>The source's position now.</summary>
    Task<string> CurrentPositionAsync(CancellationToken ct);

    /// <summary>Bytes of change log between two positions, where the source can tell (PostgreSQL's WAL); else null.</summary>
    long? Distance(string from, string to);

    /// <summary>
    /// Marks the change stream: a feed that reaches the mark has delivered every change committed before it. Returns
    /// the mark's token, which the feed reports as <see cref="ChangeBatch.Barrier"/>.
    /// </summary>
    Task<string> BarrierAsync(string captureId, CancellationToken ct);

    /// <summary>
    /// Whether a sync whose ledger reads <paramref name="state"/> has applied everything before barrier <paramref name="token"/>.
    /// </summary>
    bool Reached(SyncState state, string token) => state.Barrier == token;

    /// <summary>Stops capture and releases what the source kept for it (PostgreSQL: the slot and publication).</summary>
    Task StopAsync(string captureId, CancellationToken ct);

    /// <summary>Stops writes to the source for cutover, where asked to (the --read-only flag).</summary>
    Task MakeReadOnlyAsync(CancellationToken ct);
}
