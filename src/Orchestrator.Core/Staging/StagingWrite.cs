namespace Orchestrator.Core.Staging;

/// <summary>
/// A staged data object being written. <see cref="CommitAsync"/> makes it whole (a file is closed under its name, a
/// blob commits its blocks); disposing it without a commit abandons it: nothing more is written, flushed, committed or
/// retried, and what was written is removed where the store can. So a failed extract never waits on its store again,
/// and a store that failed never masks the first failure with a second one from its close.
/// </summary>
public abstract class StagingWrite : WriteOnlyStream
{
    bool _committed;

    public async ValueTask CommitAsync(CancellationToken ct)
    {
        await CommitCoreAsync(ct);
        _committed = true;
    }

    protected abstract ValueTask CommitCoreAsync(CancellationToken ct);

    /// <summary>Drops what was written; never throws (the failure that led here is the one to report).</summary>
    protected abstract ValueTask AbandonAsync();

    protected sealed override ValueTask CloseAsync() => _committed ? ValueTask.CompletedTask : AbandonAsync();
}
