using System.Collections.Concurrent;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The change feeds a process holds open, by capture id. A batch that follows on from the last one continues its
/// feed; otherwise (a failed apply, another process, a restart) the feed is reopened where the target stands.
/// </summary>
public sealed class SyncFeeds : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, IChangeFeed> _open = new();
    readonly ConcurrentDictionary<Npgsql.NpgsqlDataSource, bool> _ledgers = new();

    /// <summary>Creates the sync ledger in a database once per process.</summary>
    public async Task EnsureLedgerAsync(Npgsql.NpgsqlDataSource database, CancellationToken ct)
    {
        if (_ledgers.ContainsKey(database)) return;
        await SyncLedger.EnsureAsync(database, ct);
        _ledgers[database] = true;
    }

    public async Task<IChangeFeed> ContinueAsync(string captureId, string after, Func<Task<IChangeFeed>> open)
    {
        if (_open.TryGetValue(captureId, out var feed))
        {
            if (feed.Follows(after)) return feed;
            await CloseAsync(captureId);
        }
        feed = await open();
        _open[captureId] = feed;
        return feed;
    }

    public async Task CloseAsync(string captureId)
    {
        if (_open.TryRemove(captureId, out var feed)) await feed.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _open.Keys.ToList()) await CloseAsync(id);
    }
}
