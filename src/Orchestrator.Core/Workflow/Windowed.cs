namespace Orchestrator.Core.Workflow;

/// <summary>
/// Fan-out in a bounded window: at most <c>window</c> items in flight, results in input order. Deterministic (only
/// Task.WhenAny over tasks the host created), so it replays. On a failure it starts nothing new, lets what is running
/// finish, then rethrows the first failure.
/// </summary>
public static class Windowed
{
    public static async Task<IReadOnlyList<TResult>> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int window, Func<TItem, Task<TResult>> start)
    {
        var results = new TResult[items.Count];
        var running = new List<(Task<TResult> Task, int Index)>();
        Exception? failure = null;
        var next = 0;
        while (running.Count > 0 || (failure is null && next < items.Count))
        {
            while (failure is null && running.Count < Math.Max(1, window) && next < items.Count)
            {
                running.Add((start(items[next]), next));
                next++;
            }
            var done = await Task.WhenAny(running.Select(r => r.Task));
            var entry = running.First(r => r.Task == done);
            running.Remove(entry);
            try { results[entry.Index] = await done; }
            catch (Exception e) { failure ??= e; }
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return results;
    }
}
