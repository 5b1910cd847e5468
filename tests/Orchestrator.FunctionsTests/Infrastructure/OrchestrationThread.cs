using System.Collections.Concurrent;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>
/// One orchestration's thread, as Durable runs it: every continuation of the orchestrator code on one thread, in the
/// order completions arrive. While idle in replay, <c>deliverNext</c> hands it the next recorded completion.
/// </summary>
sealed class OrchestrationThread : SynchronizationContext
{
    readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException();

    public static Task<string> RunAsync(Func<OrchestrationThread, Task<string>> start, Func<bool>? deliverNext)
    {
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new OrchestrationThread();
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                var task = start(context);
                while (!task.IsCompleted)
                {
                    if (context._queue.TryTake(out var item, deliverNext is null ? TimeSpan.FromMinutes(5) : TimeSpan.Zero))
                        item.Callback(item.State);
                    else if (deliverNext is null)
                        throw new TimeoutException("the orchestration made no progress for 5 minutes");
                    else if (!deliverNext())
                        throw new InvalidOperationException("replay is stuck: the orchestrator waits for something its history never completed (non-deterministic code?)");
                }
                done.SetResult(task.GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }) { IsBackground = true, Name = "orchestration" };
        thread.Start();
        return done.Task;
    }
}
