using System.Collections.Concurrent;

namespace Orchestrator.Core.Activities;

/// <summary>
/// The progress of the activity running on this flow, which the <see cref="StallWatchdog"/> watches: pipeline stages
/// beat it as bytes move, steps say what they are doing, and a step that only waits on a server says how to ask the
/// server whether it is still working. Ambient, like System.Diagnostics.Activity.Current: the streams that beat it
/// sit deep in the pipeline (and on its producer tasks, where the value flows), and outside an activity nothing beats.
/// </summary>
public sealed class ActivityPulse
{
    static readonly AsyncLocal<ActivityPulse?> s_current = new();
    readonly ConcurrentDictionary<ServerWork, byte> _serverWork = new();
    long _beats;
    volatile string _doing = "running";

    ActivityPulse() { }

    /// <summary>A fresh pulse for the calling flow and what it starts from here on (never flows back to the caller).</summary>
    internal static ActivityPulse Enter() => s_current.Value = new ActivityPulse();

    /// <summary>Bytes or rows moved: progress.</summary>
    public static void Beat()
    {
        if (s_current.Value is { } pulse) Interlocked.Increment(ref pulse._beats);
    }

    /// <summary>A step began (progress too): what the stall message says the activity was doing.</summary>
    public static void Doing(string what)
    {
        if (s_current.Value is not { } pulse) return;
        pulse._doing = what;
        Interlocked.Increment(ref pulse._beats);
    }

    /// <summary>
    /// A step that waits on one server statement with nothing to show until it ends (an index build): while it runs,
    /// the watchdog asks <paramref name="probe"/> before it calls the activity stalled. Dispose when the step ends.
    /// </summary>
    public static IDisposable WaitOnServer(string what, Func<CancellationToken, Task<ServerState>> probe)
    {
        Doing(what);
        if (s_current.Value is not { } pulse) return NoWork.Instance;
        var work = new ServerWork(pulse, probe);
        pulse._serverWork[work] = 0;
        return work;
    }

    internal long Beats => Interlocked.Read(ref _beats);
    internal string What => _doing;
    internal IReadOnlyList<ServerWork> Waits => _serverWork.Keys.ToList();

    internal sealed class ServerWork(ActivityPulse pulse, Func<CancellationToken, Task<ServerState>> probe) : IDisposable
    {
        public Task<ServerState> AskAsync(CancellationToken ct) => probe(ct);
        public void Dispose()
        {
            pulse._serverWork.TryRemove(this, out _);
            Interlocked.Increment(ref pulse._beats); // the step ended: progress
        }
    }

    sealed class NoWork : IDisposable
    {
        public static readonly NoWork Instance = new();
        public void Dispose() { }
    }
}

/// <summary>What a server says of a statement it runs for us: working, or waiting (with what it waits for).</summary>
public sealed record ServerState(bool Working, string Detail);
