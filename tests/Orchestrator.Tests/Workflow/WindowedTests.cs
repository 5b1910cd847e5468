using Orchestrator.Core.Workflow;

namespace Orchestrator.Tests.Workflow;

public class WindowedTests
{
    /// <summary>Items that hold their weight (item % 4 + 1) until the test finishes them, so it sees what runs at once.</summary>
    sealed class Gate
    {
        readonly object _lock = new();
        readonly Dictionary<int, TaskCompletionSource<int>> _running = [];
        readonly List<int> _started = [];

        public static int Weight(int item) => item % 4 + 1;
        public int InFlight { get { lock (_lock) return _running.Keys.Sum(Weight); } }
        public List<int> Started { get { lock (_lock) return [.. _started]; } }

        public Task<int> Start(int item)
        {
            var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock) { _started.Add(item); _running[item] = done; }
            return done.Task;
        }

        /// <summary>Finishes the oldest item running, once the window has started what it can.</summary>
        public void FinishOldest()
        {
            TaskCompletionSource<int> done;
            int item;
            lock (_lock)
            {
                item = _running.Keys.Min();
                _running.Remove(item, out done!);
            }
            done.SetResult(item * 10);
        }

        public async Task UntilStartedAsync(int count)
        {
            for (var waited = 0; Started.Count < count; waited += 5)
            {
                Assert.True(waited < 10_000, $"only {Started.Count} of {count} items started");
                await Task.Delay(5);
            }
        }
    }

    [Fact]
    public async Task Weights_in_flight_stay_within_the_window_and_items_start_in_order()
    {
        var gate = new Gate();
        var items = Enumerable.Range(0, 12).ToList();
        var run = Windowed.RunAsync(items, 5, gate.Start, Gate.Weight);
        // Items 0 and 1 (weights 1 and 2) start together; item 2 (weight 3) waits for room.
        Assert.Equal([0, 1], gate.Started);
        Assert.Equal(3, gate.InFlight);
        while (!run.IsCompleted)
        {
            Assert.InRange(gate.InFlight, 0, 5);
            if (gate.InFlight > 0) gate.FinishOldest();
            await Task.Delay(5);
        }
        Assert.Equal(items.Select(i => i * 10), await run);
        Assert.Equal(items, gate.Started);
    }

    [Fact]
    public async Task An_item_heavier_than_the_window_runs_alone()
    {
        var gate = new Gate();
        var run = Windowed.RunAsync([3, 0, 7], 2, gate.Start, Gate.Weight);
        Assert.Equal([3], gate.Started);
        gate.FinishOldest();
        await gate.UntilStartedAsync(2);
        Assert.Equal([3, 0], gate.Started);
        gate.FinishOldest();
        await gate.UntilStartedAsync(3);
        gate.FinishOldest();
        Assert.Equal([30, 0, 70], await run);
    }
}
