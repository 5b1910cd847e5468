namespace Orchestrator.Core.Workflow;

/// <summary>
/// Fan-out in a bounded window: at most <c>window</c> items in flight, results in input order. Deterministic (only
/// Task.WhenAny over tasks the host created), so it replays. On a failure it starts nothing new, lets what is running
/// finish, then rethrows the first failure.
/// </summary>
public static class Windowed
{
    public static Task<IReadOnlyList<TResult>> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int window,
        Func<TItem, Task<TResult>> start) =>
        RunAsync(items, window, start, _ => 1);

    /// <summary>
    /// The window counted in <paramref name="weight"/> instead of items: the next item starts while the weights in
    /// flight and its own stay within <c>window</c> (an item heavier than the window runs alone). Items start in order.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int window,
        Func<TItem, Task<TResult>> start, Func<TItem, int> weight)
    {
        var results = new TResult[items.Count];
        var running = new List<(Task<TResult> Task, int Index, int Weight)>();
        Exception? failure = null;
        var next = 0;
        var inFlight = 0;
        while (running.Count > 0 || (failure is null && next < items.Count))
        {
            while (failure is null && next < items.Count && (running.Count == 0 || inFlight + Math.Max(1, weight(items[next])) <= window))
            {
                var w = Math.Max(1, weight(items[next]));
                running.Add((start(items[next]), next, w));
                inFlight += w;
                next++;
            }
            var done = await Task.WhenAny(running.Select(r => r.Task));
            var entry = running.First(r => r.Task == done);
            running.Remove(entry);
            inFlight -= entry.Weight;
            try { results[entry.Index] = await done; }
            catch (Exception e) { failure ??= e; }
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return results;
    }
}
