namespace Orchestrator.Core.Activities;

/// <summary>
/// Fails an activity whose progress (<see cref="ActivityPulse"/>) has not moved for longer than the spec's
/// watchdog.stallSeconds: the activity is cancelled and the failure, naming the activity, its table and chunk and what
/// it was doing, is thrown at once, without waiting for the stuck call to give up (a socket with no answer may never).
/// Every activity runs inside one (<see cref="WorkflowActivity{TInput,TOutput}"/>), so both hosts have it.
/// </summary>
public sealed class StallWatchdog(TimeSpan window, TimeProvider? clock = null)
{
    /// <summary>How long a target server may take to say whether a statement is still working.</summary>
    static readonly TimeSpan ProbeBudget = TimeSpan.FromSeconds(30);
    readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<T> RunAsync<T>(string activity, string? where, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        CommandBeats.Listen();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pulse = ActivityPulse.Enter();
        var watch = new Watch(pulse, window, _clock);
        using var timer = _clock.CreateTimer(static state => ((Watch)state!).Check(), watch, watch.Period, watch.Period);
        // On the pool: a step that blocks its thread (a file that never opens) cannot hold up the watch.
        var running = Task.Run(() => work(stop.Token), CancellationToken.None);
        if (await Task.WhenAny(running, watch.Stalled) == running) return await running;
        await stop.CancelAsync();
        // Left to end in the background; observed, so its failure (most often the cancellation) is not reported as lost.
        _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        throw new ActivityStalledException(activity, where, window, pulse.What, await watch.Stalled);
    }

    sealed class Watch(ActivityPulse pulse, TimeSpan window, TimeProvider clock)
    {
        readonly TaskCompletionSource<string?> _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        long _seen, _quietSince = clock.GetTimestamp();
        int _asking;

        /// <summary>Completes with what the servers said (or null) when the activity has stalled.</summary>
        public Task<string?> Stalled => _stalled.Task;

        public TimeSpan Period { get; } =
            TimeSpan.FromTicks(Math.Clamp(window.Ticks / 10, TimeSpan.TicksPerSecond / 10, 5 * TimeSpan.TicksPerSecond));

        public void Check()
        {
            var now = clock.GetTimestamp();
            var beats = pulse.Beats;
            if (beats != Interlocked.Read(ref _seen))
            {
                Interlocked.Exchange(ref _seen, beats);
                Interlocked.Exchange(ref _quietSince, now);
                return;
            }
            if (clock.GetElapsedTime(Interlocked.Read(ref _quietSince), now) < window) return;
            var waits = pulse.Waits;
            if (waits.Count == 0) _stalled.TrySetResult(null);
            else if (Interlocked.Exchange(ref _asking, 1) == 0) _ = AskAsync(waits);
        }

        /// <summary>A step waiting on a server: stalled only if no server says it is working.</summary>
        async Task AskAsync(IReadOnlyList<ActivityPulse.ServerWork> waits)
        {
            try
            {
                using var budget = new CancellationTokenSource(ProbeBudget, clock);
                var states = await Task.WhenAll(waits.Select(w => w.AskAsync(budget.Token)));
                if (states.Any(s => s.Working)) Interlocked.Exchange(ref _quietSince, clock.GetTimestamp());
                else _stalled.TrySetResult(string.Join("; ", states.Select(s => s.Detail)));
            }
            catch (Exception e)
            {
                _stalled.TrySetResult($"the server did not say whether it is still working ({e.Message})");
            }
            finally
            {
                Interlocked.Exchange(ref _asking, 0);
            }
        }
    }
}

/// <summary>An activity made no progress for the spec's watchdog.stallSeconds and was stopped. Not retried.</summary>
public sealed class ActivityStalledException(string activity, string? where, TimeSpan window, string doing, string? detail)
    : Exception($"{activity}{(where is null ? "" : $" for {where}")} made no progress for {window.TotalSeconds:N0} s while {doing}" +
        (detail is null ? "" : $" ({detail})") +
        ", so it was stopped (watchdog.stallSeconds). Find what holds it up (a lock, a server or a " +
        "store that stopped answering), or raise watchdog.stallSeconds if that step is only slow; then run " +
        "again with the same migration id: finished chunks are kept")
{
    public string Activity { get; } = activity;
}
