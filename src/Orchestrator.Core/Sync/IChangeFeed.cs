namespace Orchestrator.Core.Sync;

/// <summary>An open stream of a source's committed changes for the tables of a migration.</summary>
public interface IChangeFeed : IAsyncDisposable
{
    /// <summary>
    /// Whether the next batch follows on from <paramref name="position"/>: the last batch was acknowledged there. A
    /// feed asked to read after any other position is reopened there.
    /// </summary>
    bool Follows(string position);

    /// <summary>
    /// Whole transactions committed after the last batch, up to <paramref name="maxChanges"/> changes (a larger
    /// transaction comes in pieces), waiting at most <paramref name="wait"/> for the first.
    /// </summary>
    Task<ChangeBatch> ReadAsync(int maxChanges, TimeSpan wait, CancellationToken ct);

    /// <summary>The target committed everything up to <paramref name="position"/>: the source may let go of it.</summary>
    Task AcknowledgeAsync(string position, CancellationToken ct);
}
