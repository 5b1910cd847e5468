using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Activities;

namespace Orchestrator.Tests.Activities;

/// <summary>The watchdog on a fake clock: what counts as progress, and what it says when there is none.</summary>
public class StallWatchdogTests
{
    static readonly TimeSpan Window = TimeSpan.FromSeconds(60);
    static readonly TimeSpan Step = TimeSpan.FromSeconds(6); // the watch's period for a 60 s window
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // only so a broken watchdog fails instead of hanging

    /// <summary>Moves the clock a step at a time until the run ends, at most <paramref name="limit"/>; returns the time moved.</summary>
    static async Task<TimeSpan> AdvanceUntilDoneAsync(FakeTimeProvider clock, Task run, TimeSpan limit)
    {
        var moved = TimeSpan.Zero;
        while (!run.IsCompleted && moved < limit)
        {
            clock.Advance(Step);
            moved += Step;
            await Task.Delay(5); // lets the pool thread that runs the work take its next step
        }
        return moved;
    }

    [Fact]
    public async Task A_quiet_activity_is_stopped_after_the_window_naming_it_and_what_it_was_doing()
    {
        var clock = new FakeTimeProvider();
        var cancelled = new TaskCompletionSource();
        var run = new StallWatchdog(Window, clock).RunAsync<int>("LoadChunk", "chunk c00003 of shop.orders (id in [1, 10))", async token =>
        {
            ActivityPulse.Doing("loading chunk c00003 into shop.orders");
            token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, CancellationToken.None); // a call that ignores cancellation, like a socket with no answer
            return 1;
        }, CancellationToken.None);

        var moved = await AdvanceUntilDoneAsync(clock, run, 3 * Window);
        var error = await Assert.ThrowsAsync<ActivityStalledException>(() => run.WaitAsync(Guard));
        Assert.InRange(moved, Window, Window + 3 * Step);
        Assert.Equal("LoadChunk for chunk c00003 of shop.orders (id in [1, 10)) made no progress for 60 s " +
            "while loading chunk c00003 into shop.orders, so it was stopped (watchdog.stallSeconds). " +
            "Find what holds it up (a lock, a server or a store that stopped answering), or raise watchdog.stallSeconds " +
            "if that step is only slow; then run again with the same migration id: finished chunks are kept", error.Message);
        await cancelled.Task.WaitAsync(Guard); // the stuck work was told to stop
        Assert.False(Orchestrator.Core.Workflow.TransientFailures.IsTransient(error));
    }

    [Fact]
    public async Task An_activity_that_keeps_moving_bytes_is_never_stopped_however_long_it_runs()
    {
        var clock = new FakeTimeProvider();
        var tick = new SemaphoreSlim(0);
        var ticked = new SemaphoreSlim(0);
        var finish = new TaskCompletionSource();
        var run = new StallWatchdog(Window, clock).RunAsync("ExtractChunk", null, async token =>
        {
            while (!finish.Task.IsCompleted)
            {
                await Task.WhenAny(tick.WaitAsync(token), finish.Task);
                ActivityPulse.Beat();
                ticked.Release();
            }
            return 42;
        }, CancellationToken.None);

        for (var i = 0; i < 50; i++) // 50 steps of 6 s: five windows
        {
            tick.Release();
            await ticked.WaitAsync(Guard);
            clock.Advance(Step);
        }
        Assert.False(run.IsCompleted);
        finish.SetResult();
        Assert.Equal(42, await run.WaitAsync(Guard));
    }

    [Fact]
    public async Task A_server_that_says_it_works_keeps_a_long_statement_alive_until_it_waits_on_a_lock()
    {
        var clock = new FakeTimeProvider();
        var asks = 0;
        var run = new StallWatchdog(Window, clock).RunAsync<int>("FinalizeTable", "table shop.orders", async token =>
        {
            using (ActivityPulse.WaitOnServer("building index orders_placed", _ => Task.FromResult(++asks < 3
                ? new ServerState(true, "server process 7 is working")
                : new ServerState(false,
                    "server process 7 is waiting for a relation lock held by process 42, idle in transaction: LOCK shop.orders"))))
                await Task.Delay(Timeout.Infinite, token);
            return 0;
        }, CancellationToken.None);

        await AdvanceUntilDoneAsync(clock, run, 10 * Window);
        var error = await Assert.ThrowsAsync<ActivityStalledException>(() => run.WaitAsync(Guard));
        Assert.Equal(3, asks); // asked once per quiet window; the first two answers were progress
        Assert.Contains("while building index orders_placed (server process 7 is waiting for a relation lock held by process 42, " +
            "idle in transaction: LOCK shop.orders)", error.Message);
    }

    [Fact]
    public async Task What_the_work_returns_or_throws_comes_through_unchanged()
    {
        var watchdog = new StallWatchdog(Window, new FakeTimeProvider());
        Assert.Equal("done", await watchdog.RunAsync("Plan", null, _ => Task.FromResult("done"), CancellationToken.None));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            watchdog.RunAsync<int>("Plan", null, _ => throw new InvalidOperationException("bad plan"), CancellationToken.None));
        Assert.Equal("bad plan", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_the_work_and_is_not_called_a_stall()
    {
        using var cancel = new CancellationTokenSource();
        var run = new StallWatchdog(Window, new FakeTimeProvider()).RunAsync<int>("Plan", null, async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 0;
        }, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Guard));
    }
}
