namespace Orchestrator.Core.Workflow;

/// <summary>
/// Two stages over a list, overlapped: an item enters the second stage (load) as soon as its first (extract) is done,
/// while other items are still in the first. At most <c>window</c> run at once, at most half of them (rounded up) in
/// the first stage, so at steady state half extract and half load. Chains of extract-then-load started together stay
/// in step instead: all extracting while the target idles, then all loading while the source idles
/// (as eng/bench traces showed). The second stage may send its item back to the first (<c>again</c>; a corrupt chunk is
/// extracted again). Deterministic like <see cref="Windowed"/>: only Task.WhenAny over tasks the host created, and on
/// a failure it starts nothing new, lets what runs finish, then rethrows the first failure.
/// </summary>
public static class Pipelined
{
    public static async Task<IReadOnlyList<(TFirst First, TSecond Second)>> RunAsync<TItem, TFirst, TSecond>(
        IReadOnlyList<TItem> items, int window, Func<TItem, Task<TFirst>> first, Func<TItem, Task<TSecond>> second,
        Func<TItem, TSecond, int, bool> again)
    {
        window = Math.Max(1, window);
        var firstWindow = (window + 1) / 2;
        var results = new (TFirst First, TSecond Second)[items.Count];
        var attempts = new int[items.Count];
        var pending = new List<int>(Enumerable.Range(0, items.Count));
        var waiting = new Queue<(int Index, TFirst First)>();
        var firsts = new List<(Task<TFirst> Task, int Index)>();
        var seconds = new List<(Task<TSecond> Task, int Index, TFirst First)>();
        Exception? failure = null;
        while (true)
        {
            if (failure is null)
            {
                // Loads first, so staged chunks do not pile up; an extract only while fewer than `window` wait.
                while (waiting.Count > 0 && firsts.Count + seconds.Count < window)
                {
                    var (index, done) = waiting.Dequeue();
                    seconds.Add((second(items[index]), index, done));
                }
                while (pending.Count > 0 && firsts.Count + seconds.Count < window && firsts.Count < firstWindow && waiting.Count < window)
                {
                    var index = pending[0];
                    pending.RemoveAt(0);
                    attempts[index]++;
                    firsts.Add((first(items[index]), index));
                }
            }
            if (firsts.Count + seconds.Count == 0) break;

            var finished = await Task.WhenAny(firsts.Select(f => (Task)f.Task).Concat(seconds.Select(s => (Task)s.Task)));
            var f = firsts.FindIndex(x => x.Task == finished);
            try
            {
                if (f >= 0)
                {
                    var (task, index) = firsts[f];
                    firsts.RemoveAt(f);
                    waiting.Enqueue((index, await task));
                }
                else
                {
                    var s = seconds.FindIndex(x => x.Task == finished);
                    var (task, index, done) = seconds[s];
                    seconds.RemoveAt(s);
                    var outcome = await task;
                    if (again(items[index], outcome, attempts[index])) pending.Insert(0, index);
                    else results[index] = (done, outcome);
                }
            }
            catch (Exception e) { failure ??= e; }
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return results;
    }
}
