using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// What the watchdog hears from a real server: database commands that complete are progress (a Discover of a large
/// catalog moves no bytes through the pipeline, only queries), and a command queued behind a lock is not.
/// </summary>
public class StallWatchdogTests
{
    static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Short_queries_one_after_another_keep_an_activity_alive_for_many_windows()
    {
        await using var db = await TestDatabase.CreateAsync("watch_queries");
        await using var source = NpgsqlDataSource.Create(db.ConnectionString);
        var queries = await new StallWatchdog(Window).RunAsync("Discover", null, async token =>
        {
            var count = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < 3 * Window)
            {
                await using var command = source.CreateCommand("SELECT pg_sleep(0.2)"); // quiet for a tenth of the window, then done
                await command.ExecuteNonQueryAsync(token);
                count++;
            }
            return count;
        }, CancellationToken.None);
        Assert.True(queries > 10, $"{queries} queries");
    }

    [Fact]
    public async Task A_query_queued_behind_a_lock_is_stopped_naming_the_session_that_holds_it()
    {
        await using var db = await TestDatabase.CreateAsync("watch_lock");
        await db.ExecuteAsync("CREATE TABLE held (id int)");
        await using var source = NpgsqlDataSource.Create(db.ConnectionString);
        await using var holder = await source.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockIt = new NpgsqlCommand("LOCK TABLE held IN ACCESS EXCLUSIVE MODE", holder, tx))
            await lockIt.ExecuteNonQueryAsync();

        var error = await Assert.ThrowsAsync<ActivityStalledException>(() => new StallWatchdog(Window).RunAsync(
            "FinalizeTable", "table public.held", async token =>
            {
                await using var connection = await source.OpenConnectionAsync(token);
                using (Orchestrator.Core.Target.ServerProgress.Watch(source, connection, "adding constraint held_pkey to public.held"))
                await using (var command = new NpgsqlCommand("ALTER TABLE held ADD PRIMARY KEY (id)", connection))
                    await command.ExecuteNonQueryAsync(token);
                return 0;
            }, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains(
            "FinalizeTable for table public.held made no progress for 2 s while adding constraint held_pkey to public.held", error.Message);
        Assert.Contains(
            $"is waiting for a lock (relation) held by process {holder.ProcessID}, idle in transaction: LOCK TABLE held", error.Message);
    }
}
