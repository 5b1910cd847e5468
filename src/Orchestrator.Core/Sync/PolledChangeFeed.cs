namespace Orchestrator.Core.Sync;

/// <summary>What a polled source hands over for a range of positions: the changes in commit order, and how many transactions.</summary>
public sealed record PolledChanges(IReadOnlyList<RowChange> Changes, int Transactions, DateTime? LastCommitUtc);

/// <summary>
/// A change feed over a source that is asked rather than streamed (SQL Server change tracking and CDC, Oracle
/// LogMiner): each batch takes the source's position now as its upper bound and reads what was committed after the
/// last batch up to it. Positions are the dialect's, ordered by <paramref name="sortKey"/>.
/// </summary>
public sealed class PolledChangeFeed(string after, Func<string, string> sortKey, Func<CancellationToken, Task<string>> current,
    Func<string, string, CancellationToken, Task<PolledChanges>> readBetween, IAsyncDisposable? resources = null) : IChangeFeed
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    string _next = after;
    bool _unacknowledged;

    public bool Follows(string position) => !_unacknowledged && position == _next;

    public async Task<ChangeBatch> ReadAsync(int maxChanges, TimeSpan wait, CancellationToken ct)
    {
        var batch = new ChangeBatch { After = _next, End = _next };
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var upTo = await current(ct);
            if (string.CompareOrdinal(sortKey(upTo), sortKey(_next)) > 0)
            {
                var read = await readBetween(_next, upTo, ct);
                batch.Changes.AddRange(read.Changes);
                (batch.Transactions, batch.LastCommitUtc, batch.End) = (read.Transactions, read.LastCommitUtc, upTo);
                if (read.Changes.Count > 0 || DateTime.UtcNow >= deadline) break;
            }
            if (DateTime.UtcNow >= deadline) break;
            await Task.Delay(Poll < wait ? Poll : wait, ct);
        }
        _next = batch.End;
        _unacknowledged = batch.Moves;
        return batch;
    }

    public Task AcknowledgeAsync(string position, CancellationToken ct)
    {
        if (position == _next) _unacknowledged = false;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => resources?.DisposeAsync() ?? ValueTask.CompletedTask;
}
