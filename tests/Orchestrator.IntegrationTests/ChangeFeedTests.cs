using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Postgres.Changes;
using Orchestrator.Core.Sync;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>The PostgreSQL change feed on a real server's logical replication stream.</summary>
public class ChangeFeedTests
{
    static readonly SyncTable Ticks = new()
    {
        Source = new TableName("public", "ticks"), Target = new TableName("public", "ticks"), Key = [0],
        Columns = [new("id", "id", "bigint", "bigint"), new("note", "note", "text", "text")],
    };

    [Fact]
    public async Task The_read_ahead_holds_thousands_of_small_transactions_so_a_batch_can_take_them_all()
    {
        await using var source = await TestDatabase.CreateAsync("feed");
        await source.ExecuteAsync("CREATE TABLE ticks (id bigint PRIMARY KEY, note text)");
        await using var data = NpgsqlDataSource.Create(source.ConnectionString);
        var capture = new PostgresChangeCapture(data, source.ConnectionString);
        var start = await capture.StartAsync("feed-test", [Ticks], CancellationToken.None);
        try
        {
            // One change per transaction, as an OLTP application writes.
            const int transactions = 3_000;
            await source.ExecuteAsync($$"""
                DO $$ BEGIN FOR i IN 1..{{transactions}} LOOP
                  INSERT INTO ticks VALUES (i, 'tick ' || i); COMMIT;
                END LOOP; END $$
                """);
            await using var feed = await capture.OpenAsync("feed-test", [Ticks], start.Value, CancellationToken.None);
            // Take one transaction at a time until the read-ahead has decoded the rest: a bound counted in pieces
            // (one per transaction) stopped it at 64, and every batch was as small.
            var taken = 0L;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            ChangeBatch batch;
            do
            {
                batch = await feed.ReadAsync(1, TimeSpan.FromSeconds(1), CancellationToken.None);
                await feed.AcknowledgeAsync(batch.End, CancellationToken.None);
                taken += batch.Changes.Count;
                if (batch.Pending < transactions - taken) await Task.Delay(100);
            } while (batch.Pending < transactions - taken && DateTime.UtcNow < deadline);
            Assert.Equal(transactions - taken, batch.Pending);

            var whole = await feed.ReadAsync(10_000, TimeSpan.FromSeconds(1), CancellationToken.None);
            Assert.Equal(transactions - taken, whole.Changes.Count);
            Assert.Equal(Enumerable.Range((int)taken + 1, transactions - (int)taken).Select(i => $"tick {i}"),
                whole.Changes.Select(c => c.Values![1]));
        }
        finally
        {
            await capture.StopAsync("feed-test", CancellationToken.None);
        }
    }
}
