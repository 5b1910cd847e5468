using System.Collections.Concurrent;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Tests.Workflow;

public class PipelinedTests
{
    /// <summary>Stages that yield, record "E3" / "L3" as they start, and track how many of each run at once.</summary>
    sealed class Stages
    {
        readonly object _gate = new();
        int _firsts, _seconds;
        public ConcurrentQueue<string> Started { get; } = new();
        public int MaxFirsts, MaxTotal;

        public async Task<int> First(int item)
        {
            Enter(ref _firsts, "E", item);
            await Task.Delay(item % 3);
            Leave(ref _firsts);
            return item * 10;
        }

        public async Task<string> Second(int item)
        {
            Enter(ref _seconds, "L", item);
            await Task.Delay(2);
            Leave(ref _seconds);
            return $"loaded {item}";
        }

        void Enter(ref int counter, string stage, int item)
        {
            lock (_gate)
            {
                counter++;
                Started.Enqueue(stage + item);
                MaxFirsts = Math.Max(MaxFirsts, _firsts);
                MaxTotal = Math.Max(MaxTotal, _firsts + _seconds);
            }
        }

        void Leave(ref int counter) { lock (_gate) counter--; }
    }

    static readonly int[] Items = Enumerable.Range(0, 9).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task Every_item_passes_both_stages_in_order_within_the_window(int window)
    {
        var stages = new Stages();
        var results = await Pipelined.RunAsync(Items, window, stages.First, stages.Second, (_, _, _) => false);

        Assert.Equal(Items.Select(i => (i * 10, $"loaded {i}")), results);
        var started = stages.Started.ToList();
        foreach (var i in Items) Assert.True(started.IndexOf("E" + i) < started.IndexOf("L" + i), string.Join(" ", started));
        Assert.True(stages.MaxTotal <= window, $"{stages.MaxTotal} running with a window of {window}");
        Assert.True(stages.MaxFirsts <= (window + 1) / 2, $"{stages.MaxFirsts} extracts at once with a window of {window}");
    }

    [Fact]
    public async Task A_window_of_one_runs_item_after_item()
    {
        var stages = new Stages();
        await Pipelined.RunAsync(Items.Take(3).ToList(), 1, stages.First, stages.Second, (_, _, _) => false);
        Assert.Equal(["E0", "L0", "E1", "L1", "E2", "L2"], stages.Started);
    }

    [Fact]
    public async Task Loads_start_while_later_items_are_still_extracting()
    {
        // Extracts finish only when the test says so: the first load must start before the third extract has finished.
        var gates = Items.ToDictionary(i => i, _ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        var started = new ConcurrentQueue<string>();
        var run = Pipelined.RunAsync(Items, 4,
            i => { started.Enqueue("E" + i); return gates[i].Task; },
            i => { started.Enqueue("L" + i); return Task.FromResult(i); },
            (_, _, _) => false);

        await WaitFor(() => started.Count == 2);
        Assert.Equal(["E0", "E1"], started); // half the window extracts; the other half is kept for loads
        gates[0].SetResult(0);
        await WaitFor(() => started.Contains("L0") && started.Contains("E2"));
        Assert.False(gates[2].Task.IsCompleted);
        foreach (var gate in gates.Values) gate.TrySetResult(0);
        Assert.Equal(Items.Length, (await run).Count);
    }

    [Fact]
    public async Task An_item_sent_back_is_extracted_again_and_its_attempts_counted()
    {
        var stages = new Stages();
        var attemptsSeen = new List<int>();
        var results = await Pipelined.RunAsync(Items, 4, stages.First, stages.Second, (item, _, attempt) =>
        {
            if (item != 5) return false;
            attemptsSeen.Add(attempt);
            return attempt < 3;
        });
        Assert.Equal([1, 2, 3], attemptsSeen);
        Assert.Equal(3, stages.Started.Count(s => s == "E5"));
        Assert.Equal((50, "loaded 5"), results[5]);
    }

    [Fact]
    public async Task A_failure_starts_nothing_new_and_is_rethrown()
    {
        var started = new ConcurrentQueue<string>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Pipelined.RunAsync(Items, 2,
            async i =>
            {
                started.Enqueue("E" + i);
                await Task.Yield();
                return i == 1 ? throw new InvalidOperationException("extract 1 failed") : i;
            },
            async i => { started.Enqueue("L" + i); await Task.Yield(); return i; },
            (_, _, _) => false));
        Assert.Equal("extract 1 failed", error.Message);
        Assert.DoesNotContain("E8", started);
        Assert.DoesNotContain("L1", started);
    }

    static async Task WaitFor(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
