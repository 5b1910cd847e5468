using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

public class PolledChangeFeedTests
{
    static string Key(string position) => long.Parse(position).ToString("D20");

    [Fact]
    public async Task Each_batch_reads_after_the_last_one_up_to_the_source_position_and_follows_on_once_acknowledged()
    {
        var source = 10L;
        var reads = new List<(string, string)>();
        var feed = new PolledChangeFeed("10", Key, _ => Task.FromResult(source.ToString()), (after, upTo, _) =>
        {
            reads.Add((after, upTo));
            return Task.FromResult(new PolledChanges([new RowChange { Table = new("s", "t"), Kind = ChangeKind.Delete, OldKey = ["1"] }], 1,
                null));
        });

        var quiet = await feed.ReadAsync(100, TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.False(quiet.Moves);
        Assert.Empty(reads);

        source = 15;
        var batch = await feed.ReadAsync(100, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal(("10", "15"), (batch.After, batch.End));
        Assert.Single(batch.Changes);
        Assert.False(feed.Follows("15")); // not acknowledged: the target may not have committed it
        await feed.AcknowledgeAsync("15", CancellationToken.None);
        Assert.True(feed.Follows("15"));

        source = 20;
        await feed.ReadAsync(100, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Equal([("10", "15"), ("15", "20")], reads);
    }
}
